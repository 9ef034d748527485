import { ROLES } from '@vaikuta/auth';
import { describeAuthorizationMatrix } from '@vaikuta/testing';
import { roundRequest, startBudgetingTestApp } from './budgeting-test-app';

// Every route of the budgeting service × every kind of caller, from the routes' own
// @Public/@Roles metadata (libs/testing/src/authorization). The round named in the paths is
// in its voting phase.
describeAuthorizationMatrix({
  name: 'budgeting',
  roles: ROLES,
  department: 'KYMP',
  otherDepartment: 'KUVA',
  async start() {
    const t = await startBudgetingTestApp('authz');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.getHttpServer().address() as { port: number };
    const created = await t
      .http()
      .post('/budgeting/rounds')
      .set('Authorization', `Bearer ${await t.token('coordinator')}`)
      .send(roundRequest())
      .expect(201);
    return {
      app: t.app,
      baseUrl: `http://127.0.0.1:${address.port}`,
      keysDir: t.keysDir,
      token: (role) => t.token(role),
      params: { roundId: created.body.id },
      close: () => t.close(),
    };
  },
});
