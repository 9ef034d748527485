import { ROLES } from '@vaikuta/auth';
import { describeAuthorizationMatrix } from '@vaikuta/testing';
import { startGrantsTestApp } from './grants-test-app';

// Every route of the grants service × every kind of caller, from the routes' own
// @Public/@Roles metadata (libs/testing/src/authorization). As features land they add the
// rows their paths need to `params` (an association, a round, a space …).
describeAuthorizationMatrix({
  name: 'grants',
  roles: ROLES,
  department: 'KUVA',
  otherDepartment: 'KYMP',
  async start() {
    const t = await startGrantsTestApp('authz');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.getHttpServer().address() as { port: number };
    return {
      app: t.app,
      baseUrl: `http://127.0.0.1:${address.port}`,
      keysDir: t.keysDir,
      token: (role) => t.token(role),
      params: {},
      close: () => t.close(),
    };
  },
});
