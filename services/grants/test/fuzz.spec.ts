import { fuzzRegisteredTargets, registerFuzzTarget } from '@vaikuta/testing';
import { startGrantsTestApp } from './grants-test-app';

// The grants service offers itself to the shared fuzzer (libs/testing/src/fuzz): every route
// of its OpenAPI document gets generated bad input, anonymously and with a token of each role
// that works on it.
registerFuzzTarget({
  name: 'grants',
  defaultRuns: 4,
  async start() {
    const t = await startGrantsTestApp('fuzz');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.getHttpServer().address() as { port: number };
    const bearer = async (role: string, claims = {}) => ({ authorization: `Bearer ${await t.token(role, claims)}` });
    return {
      baseUrl: `http://127.0.0.1:${address.port}`,
      identities: {
        anonymous: {},
        resident: await bearer('resident'),
        representative: await bearer('resident', { actingFor: ['1234567-1'] }),
        grantsOfficer: await bearer('grants_officer'),
        premisesManager: await bearer('premises_manager'),
        admin: await bearer('admin'),
      },
      errorFormat: () => 'problem',
      close: () => t.close(),
    };
  },
});

fuzzRegisteredTargets();
