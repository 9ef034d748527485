import { randomUUID } from 'node:crypto';
import { FinnishBusinessIds } from 'finnish-business-ids';
import { FakeClock } from '@vaikuta/domain';
import { retryAfterLostAnswer } from '@vaikuta/testing';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';

// docs/adr/0007: a draft that committed and whose answer never reached Redis (the process died
// in between) is made again by the client's retry. The retry must find the draft, not leave the
// association with two drafts of one application.
const clock = new FakeClock(new Date('2027-03-01T09:00:00Z'));
let t: GrantsTestApp;
beforeAll(async () => {
  t = await startGrantsTestApp('appl_lost_answer', {}, { clock });
});
afterAll(() => t?.close());

describe('a retried application draft whose first answer was lost', () => {
  it('answers the retry with the first draft: same id, one row, one audit row', async () => {
    const businessId = FinnishBusinessIds.generateBusinessId();
    const auth = `Bearer ${await t.token('resident', { sub: 'lost-answer-applicant', actingFor: [businessId] })}`;
    const { body: association } = await t.http().post('/grants/associations').set('Authorization', auth).send({ name: 'Vuosaaren Vene ry', businessId, role: 'chair' }).expect(201);
    const roundId = randomUUID();
    await t.dataSource.query(
      `INSERT INTO grant_rounds (id, type, title, department, budget_cents, opens_at, closes_at, report_due, criteria, required_attachments, form_fields, created_by)
       VALUES ($1, 'project', '{"fi": "Projektiavustukset 2027"}', 'KUVA', 1000000, '2027-01-01T00:00:00+02:00', '2027-12-31T16:00:00+02:00', '2027-06-30', '[]', '[]', '[]', 'officer-1')`,
      [roundId],
    );
    const body = { associationId: association.id, title: 'Veneretket koululaisille', requestedCents: 250_000, answers: {} };
    const { first, retry } = await retryAfterLostAnswer(t.config, (key) =>
      t.http().post(`/grants/rounds/${roundId}/applications`).set('Authorization', auth).set('Idempotency-Key', key).send(body),
    );
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.headers['idempotent-replayed']).toBeUndefined(); // the stored answer really was gone
    expect(retry.body).toEqual(first.body);
    const rows: { id: string }[] = await t.dataSource.query(`SELECT id FROM grant_applications WHERE association_id = $1`, [association.id]);
    expect(rows.map((r) => r.id)).toEqual([first.body.id]);
    expect(await t.dataSource.query(`SELECT 1 FROM grant_application_audit WHERE entity_id = $1`, [first.body.id])).toHaveLength(1);
  });
});
