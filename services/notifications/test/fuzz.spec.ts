import { fuzzRegisteredTargets, registerFuzzTarget } from '@vaikuta/testing';
import { startNotificationsTestApp } from './notifications-test-app';

// The notification service offers itself to the shared fuzzer (libs/testing/src/fuzz).
registerFuzzTarget({
  name: 'notifications',
  defaultRuns: 4,
  async start() {
    const n = await startNotificationsTestApp('fuzz');
    await n.app.listen({ port: 0, host: '127.0.0.1' });
    const address = n.app.getHttpServer().address() as { port: number };
    const bearer = async (role: string) => ({ authorization: `Bearer ${await n.token(role)}` });
    return {
      baseUrl: `http://127.0.0.1:${address.port}`,
      identities: { anonymous: {}, resident: await bearer('resident'), admin: await bearer('admin') },
      // The unsubscribe link opens a page for a person, not an API answer.
      errorFormat: (path) => (path.startsWith('/notifications/unsubscribe') ? 'any' : 'problem'),
      close: () => n.close(),
    };
  },
});

fuzzRegisteredTargets();
