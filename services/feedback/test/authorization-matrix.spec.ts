import { ROLES } from '@vaikuta/auth';
import { describeAuthorizationMatrix } from '@vaikuta/testing';
import { startFeedbackTestApp } from './feedback-test-app';

// Every route of the feedback service × every kind of caller, from the routes' own
// @Public/@Roles/@Authenticated metadata (libs/testing/src/authorization). Case routes get a
// real case of KYMP, so a KUVA case worker's refusal is a refusal, not a 404 by chance.
describeAuthorizationMatrix({
  name: 'feedback',
  roles: ROLES,
  department: 'KYMP',
  otherDepartment: 'KUVA',
  // Open311 knows no 401: a bad token on its routes is its 403 (open311-error.filter.ts).
  unauthenticatedStatus: (route) => (route.path.startsWith('/open311/') ? 403 : 401),
  departmentScoped: (route) => route.path.startsWith('/feedback/cases/') || route.path.includes('{department}'),
  async start() {
    const t = await startFeedbackTestApp('authz');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.getHttpServer().address() as { port: number };
    const submitted = await t
      .http()
      .post('/feedback/requests')
      .send({ kind: 'fault', categoryCode: '171', description: 'Katulamppu ei pala Mannerheimintiellä', address: 'Mannerheimintie 1' })
      .expect(201);
    const admin = await t.token('admin');
    const key = await t.http().post('/feedback/admin/open311-keys').set('Authorization', `Bearer ${admin}`).send({ label: 'matrix' }).expect(201);
    return {
      app: t.app,
      // Open311 POST authenticates its client by api_key; the bearer token is checked as on any route.
      bodyFor: (route) =>
        route.method === 'POST' && route.path.startsWith('/open311/')
          ? { contentType: 'application/x-www-form-urlencoded', payload: `api_key=${encodeURIComponent(key.body.apiKey)}` }
          : undefined,
      baseUrl: `http://127.0.0.1:${address.port}`,
      keysDir: process.env.AUTH_DEV_KEYS_DIR!,
      token: (role, departments) => t.token(role, departments),
      params: { id: submitted.body.id, department: 'KYMP', idOrCode: submitted.body.trackingCode, format: 'json', code: '171' },
      close: () => t.close(),
    };
  },
});
