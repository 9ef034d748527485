import { fuzzRegisteredTargets, registerFuzzTarget } from '@vaikuta/testing';
import { roundRequest, startBudgetingTestApp } from './budgeting-test-app';

// The budgeting service offers itself to the shared fuzzer (libs/testing/src/fuzz): every route
// of its OpenAPI document gets generated bad input, anonymously and with a token of each role
// that works on it. One round exists, so a well-formed id reaches a real row.
registerFuzzTarget({
  name: 'budgeting',
  defaultRuns: 4,
  async start() {
    const t = await startBudgetingTestApp('fuzz');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.getHttpServer().address() as { port: number };
    const coordinator = await t.token('coordinator');
    await t.http().post('/budgeting/rounds').set('Authorization', `Bearer ${coordinator}`).send(roundRequest()).expect(201);
    const bearer = async (role: string) => ({ authorization: `Bearer ${await t.token(role)}` });
    return {
      baseUrl: `http://127.0.0.1:${address.port}`,
      identities: {
        anonymous: {},
        resident: await bearer('resident'),
        coordinator: await bearer('coordinator'),
        admin: await bearer('admin'),
      },
      errorFormat: () => 'problem',
      close: () => t.close(),
    };
  },
});

fuzzRegisteredTargets();
