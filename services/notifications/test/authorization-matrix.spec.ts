import { ROLES } from '@vaikuta/auth';
import { describeAuthorizationMatrix } from '@vaikuta/testing';
import { startNotificationsTestApp } from './notifications-test-app';

// Every route of the notification service × every kind of caller, from the routes' own
// @Public/@Roles/@Authenticated metadata (libs/testing/src/authorization).
describeAuthorizationMatrix({
  name: 'notifications',
  roles: ROLES,
  department: 'KYMP',
  otherDepartment: 'KUVA',
  // The signed-link routes answer 403 to a link they cannot verify, whoever follows it.
  ownCredential: (route) => route.path.startsWith('/notifications/preferences/link') || route.path.startsWith('/notifications/unsubscribe'),
  async start() {
    const n = await startNotificationsTestApp('authz');
    await n.app.listen({ port: 0, host: '127.0.0.1' });
    const address = n.app.getHttpServer().address() as { port: number };
    return {
      app: n.app,
      baseUrl: `http://127.0.0.1:${address.port}`,
      keysDir: n.keysDir,
      token: (role) => n.token(role),
      params: { itemType: 'feedback', eventType: 'feedback.request.replied' },
      close: () => n.close(),
    };
  },
});
