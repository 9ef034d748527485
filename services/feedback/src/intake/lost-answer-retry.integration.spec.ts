import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { retryAfterLostAnswer } from '@vaikuta/testing';
import { startFeedbackTestApp, FeedbackTestApp } from '../../test/feedback-test-app';
import { issueOpen311Key } from '../../test/open311/open311-test-client';

const pixel = readFile(path.join(__dirname, '../../test/fixtures/pixel.png'));

// docs/adr/0007: a report that committed and whose answer never reached Redis (the process
// died in between) is sent again by the client's retry. The retry must find that report, not
// make a second one that staff would have to merge, nor send a second receipt.
describe('a retried report whose first answer was lost', () => {
  let t: FeedbackTestApp;
  let apiKey: string;
  beforeAll(async () => {
    t = await startFeedbackTestApp('lost_answer');
    apiKey = (await issueOpen311Key(t, 'lost answer app')).apiKey;
  }, 60_000);
  afterAll(() => t?.close(), 60_000);

  const stored = async (description: string) => {
    const rows: { id: string }[] = await t.dataSource.query(`SELECT id FROM feedback_requests WHERE description = $1`, [description]);
    const events: { id: string }[] = await t.dataSource.query(
      `SELECT id FROM outbox WHERE type = 'fi.vaikuta.feedback.submitted.v1' AND envelope->'data'->>'requestId' = ANY($1::text[])`,
      [rows.map((r) => r.id)],
    );
    const audit: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM feedback_audit WHERE action = 'submitted' AND entity_id = ANY($1::uuid[])`, [
      rows.map((r) => r.id),
    ]);
    return { ids: rows.map((r) => r.id), events: events.length, audit: audit[0].n };
  };

  it('answers the web intake retry with the first report: same id and tracking code, one row, one event', async () => {
    const description = 'Katulamppu pimeänä Vaasankadulla, lähetetty uudelleen katkenneen yhteyden jälkeen.';
    const body = { kind: 'fault', categoryCode: '171', description, lat: 60.1841, lon: 24.9494, districtCode: 'kallio', email: 'a@example.fi', contactConsent: true };
    const { first, retry } = await retryAfterLostAnswer(t.config, (key) => t.http().post('/feedback/requests').set('Idempotency-Key', key).send(body));
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined(); // the record really was gone
    expect(retry.body).toEqual(first.body);
    expect(await stored(description)).toEqual({ ids: [first.body.id], events: 1, audit: 1 });
  });

  it('keeps no second set of photos when a retried report with photos finds the first', async () => {
    const description = 'Graffiti koulun seinässä, kuva mukana, lähetetty uudelleen.';
    const send = async (key: string) =>
      t
        .http()
        .post('/feedback/requests')
        .set('Idempotency-Key', key)
        .field('kind', 'feedback')
        .field('categoryCode', '246')
        .field('description', description)
        .attach('photos', await pixel, { filename: 'roskat.png', contentType: 'image/png' });
    const { first, retry } = await retryAfterLostAnswer(t.config, send);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
    expect(await stored(description)).toEqual({ ids: [first.body.id], events: 1, audit: 1 });
    const photos: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM feedback_photos WHERE request_id = $1`, [first.body.id]);
    expect(photos[0].n).toBe(1);
  });

  it('answers the Open311 retry with the first service_request_id, one row, one event', async () => {
    const description = 'Puiston penkki rikki, Open311-sovellus yritti uudelleen.';
    const form = { api_key: apiKey, service_code: '410', description, lat: '60.2051', long: '24.9626' };
    const { first, retry } = await retryAfterLostAnswer(t.config, (key) => t.http().post('/open311/v2/requests.json').set('Idempotency-Key', key).type('form').send(form));
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
    expect(await stored(description)).toEqual({ ids: [first.body[0].service_request_id], events: 1, audit: 1 });
  });
});
