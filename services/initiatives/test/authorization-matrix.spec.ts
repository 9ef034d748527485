import { ROLES } from '@vaikuta/auth';
import { describeAuthorizationMatrix } from '@vaikuta/testing';
import { startInitiativesTestApp } from './initiatives-test-app';

// Every route of the initiatives service × every kind of caller, from the routes' own
// @Public/@Roles metadata (libs/testing/src/authorization). The initiative named in the paths
// is filed but not yet assigned, so every preparer may act on it (the registry's work); the
// Ahjo callback checks its own shared secret, so without it only 401 is a wrong answer.
describeAuthorizationMatrix({
  name: 'initiatives',
  roles: ROLES,
  department: 'KYMP',
  otherDepartment: 'KUVA',
  ownCredential: (route) => route.path === '/initiatives/ahjo/callback',
  async start() {
    const t = await startInitiativesTestApp('authz', { kuntalaisaloite: { apiUrl: 'http://127.0.0.1:9/api/v1', intervalMinutes: 0 } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.getHttpServer().address() as { port: number };
    const resident = await t.token('resident');
    const filed = await t
      .http()
      .post('/initiatives')
      .set('Authorization', `Bearer ${resident}`)
      .send({ type: 'resident', language: 'fi', title: 'Penkkejä Töölönlahdelle', body: 'Lisää penkkejä kävelyreitin varrelle.', initiatorName: 'Asukas' })
      .expect(201);
    return {
      app: t.app,
      baseUrl: `http://127.0.0.1:${address.port}`,
      keysDir: t.keysDir,
      token: (role, departments) => t.token(role, departments),
      params: { id: filed.body.id, year: '2026' },
      close: () => t.close(),
    };
  },
});
