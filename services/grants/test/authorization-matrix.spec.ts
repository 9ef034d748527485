import { ROLES } from '@vaikuta/auth';
import { describeAuthorizationMatrix } from '@vaikuta/testing';
import { startGrantsTestApp } from './grants-test-app';
import { premisesRows } from './premises-rows';
import { seasonRows } from '../src/seasons/season-rows.fixture';

// Every route of the grants service × every kind of caller, from the routes' own
// @Public/@Roles metadata (libs/testing/src/authorization). As features land they add the
// rows their paths need to `params` (an association, a round, a space …).
// Every route × 12 callers is hundreds of requests, beyond Jest's 5 s on a busy two-core machine.
jest.setTimeout(60_000);

describeAuthorizationMatrix({
  name: 'grants',
  roles: ROLES,
  department: 'KUVA',
  otherDepartment: 'KYMP',
  async start() {
    const t = await startGrantsTestApp('authz');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.getHttpServer().address() as { port: number };
    // An association and a grant round, for the paths that name them.
    const chair = `Bearer ${await t.token('resident', { sub: 'authz-chair', actingFor: ['1234567-1'] })}`;
    const association = await t.http().post('/grants/associations').set('Authorization', chair).send({ name: 'Matriisi ry', businessId: '1234567-1' }).expect(201);
    const smallGrants = { type: 'small', title: { fi: 'Pienavustukset' }, department: 'KUVA', budgetCents: 100_000, continuous: true, opensAt: '2026-01-01T00:00:00+02:00' };
    const round = await t.http().post('/grants/rounds').set('Authorization', `Bearer ${await t.token('grants_officer')}`).send(smallGrants).expect(201);
    // The association's draft in that round with one attachment, for the paths that name them.
    const draft = await t.http().post(`/grants/rounds/${round.body.id}/applications`).set('Authorization', chair).send({ associationId: association.body.id, title: 'Matriisin hakemus', requestedCents: 10_000 }).expect(201);
    const attachment = await t.http().post(`/grants/applications/${draft.body.id}/attachments`).set('Authorization', chair).field('purpose', 'other').attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), 'a.pdf').expect(201);
    return {
      app: t.app,
      baseUrl: `http://127.0.0.1:${address.port}`,
      keysDir: t.keysDir,
      token: (role) => t.token(role),
      params: { ...(await premisesRows(t)), ...(await seasonRows(t)), associationId: association.body.id, roundId: round.body.id, applicationId: draft.body.id, attachmentId: attachment.body.id },
      close: () => t.close(),
    };
  },
});
