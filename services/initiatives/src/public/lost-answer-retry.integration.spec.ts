import { retryAfterLostAnswer } from '@vaikuta/testing';
import { InitiativesTestApp, startInitiativesTestApp } from '../../test/initiatives-test-app';

// docs/adr/0007: an initiative that was filed and whose answer never reached Redis (the process
// died in between) is filed again by the resident's retry. The retry must find the initiative,
// not file a second one with a second `filed` event (and a second email to the initiator).
describe('a retried filing whose first answer was lost', () => {
  let t: InitiativesTestApp;
  beforeAll(async () => {
    t = await startInitiativesTestApp('lost_answer');
  }, 60_000);
  afterAll(() => t?.close(), 60_000);

  it('answers the retry with the first initiative: same id, one row, one filed event, one audit row', async () => {
    const resident = `Bearer ${await t.token('resident', [], 'lost-answer-resident')}`;
    const title = 'Lisää penkkejä rantareitille';
    const body = { type: 'resident', language: 'fi', title, body: 'Rantareitillä ei ole levähdyspaikkoja.', initiatorName: 'Asukas', email: 'asukas@example.fi' };
    const { first, retry } = await retryAfterLostAnswer(t.config, (key) => t.http().post('/initiatives').set('Authorization', resident).set('Idempotency-Key', key).send(body));
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.headers['idempotent-replayed']).toBeUndefined(); // the stored answer really was gone
    expect(retry.body).toEqual(first.body);
    const rows: { id: string }[] = await t.dataSource.query(`SELECT id FROM initiatives WHERE title->>'fi' = $1`, [title]);
    expect(rows.map((r) => r.id)).toEqual([first.body.id]);
    const events = await t.dataSource.query(`SELECT id FROM outbox WHERE type = 'fi.vaikuta.initiatives.filed.v1' AND envelope->'data'->>'initiativeId' = $1`, [first.body.id]);
    expect(events).toHaveLength(1);
    const audit = await t.dataSource.query(`SELECT 1 FROM initiative_audit WHERE entity_id = $1 AND action = 'filed'`, [first.body.id]);
    expect(audit).toHaveLength(1);
  });

  it('supports once when a support is retried after its answer was lost', async () => {
    const resident = `Bearer ${await t.token('resident', [], 'lost-answer-initiator')}`;
    const filed = await t.http().post('/initiatives').set('Authorization', resident).send({ type: 'resident', language: 'fi', title: 'Kirjasto auki sunnuntaisin', body: 'Sunnuntait.', initiatorName: 'A' }).expect(201);
    const supporter = `Bearer ${await t.token('resident', [], 'lost-answer-supporter')}`;
    const { first, retry } = await retryAfterLostAnswer(t.config, (key) => t.http().post(`/initiatives/${filed.body.id}/supports`).set('Authorization', supporter).set('Idempotency-Key', key).send());
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.body).toEqual(first.body);
    expect(first.body.supportCount).toBe(2);
  });
});
