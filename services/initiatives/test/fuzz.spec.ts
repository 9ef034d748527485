import { fuzzRegisteredTargets, registerFuzzTarget } from '@vaikuta/testing';
import { startInitiativesTestApp } from './initiatives-test-app';

// The initiatives service offers itself to the shared fuzzer (libs/testing/src/fuzz): every
// route of its OpenAPI document gets generated bad input, anonymously and with a token of each
// role that works on it. The stand-ins answer as in `npm start`, so an import or an Ahjo
// callback that gets through validation reaches a server rather than a refused connection.
registerFuzzTarget({
  name: 'initiatives',
  defaultRuns: 4,
  async start() {
    const { startKuntalaisaloiteStub } = await import('../../../scripts/kuntalaisaloite-stub.mjs');
    const { startAhjoStub } = await import('../../../scripts/ahjo-stub.mjs');
    const kuntalaisaloite = await startKuntalaisaloiteStub({ port: 0 });
    const ahjo = await startAhjoStub({ port: 0 });
    const t = await startInitiativesTestApp('fuzz', {
      kuntalaisaloite: { apiUrl: kuntalaisaloite.url, intervalMinutes: 0 },
      ahjo: { apiUrl: ahjo.url, callbackSecret: 'fuzz-ahjo-callback-secret' },
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.getHttpServer().address() as { port: number };
    const bearer = async (role: string, departments: string[] = []) => ({ authorization: `Bearer ${await t.token(role, departments)}` });
    return {
      baseUrl: `http://127.0.0.1:${address.port}`,
      identities: {
        anonymous: {},
        resident: await bearer('resident'),
        preparer: await bearer('preparer', ['KYMP']),
        admin: await bearer('admin'),
        ahjo: { 'x-ahjo-secret': 'fuzz-ahjo-callback-secret' },
      },
      errorFormat: () => 'problem',
      close: async () => {
        await t.close();
        await kuntalaisaloite.close();
        await ahjo.close();
      },
    };
  },
});

fuzzRegisteredTargets();
