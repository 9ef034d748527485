import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import IORedis from 'ioredis';
import { createRedisConnection } from '@vaikuta/redis';
import { startFeedbackTestApp, FeedbackTestApp } from '../../test/feedback-test-app';
import { issueOpen311Key, postOpen311Form } from '../../test/open311/open311-test-client';

const pixel = readFile(path.join(__dirname, '../../test/fixtures/pixel.png'));

// Idempotency-Key on intake and on Open311 POST (draft-ietf-httpapi-idempotency-key-header).
describe('Idempotency-Key on feedback intake and Open311 POST', () => {
  let t: FeedbackTestApp;
  let redis: IORedis;
  let open311Key: { id: string; apiKey: string };
  beforeAll(async () => {
    t = await startFeedbackTestApp('idempotency');
    redis = createRedisConnection(t.config.redisUrl);
    open311Key = await issueOpen311Key(t, 'idempotency app');
  }, 60_000);
  afterAll(async () => {
    const keys = await redis.keys(`${t.config.idempotencyKeyPrefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await t?.close();
  }, 60_000);

  const report = (description: string) => ({
    kind: 'fault',
    categoryCode: '171',
    description,
    lat: 60.1841,
    lon: 24.9494,
    districtCode: 'kallio',
  });
  const rowsWith = async (description: string) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM feedback_requests WHERE description = $1`, [description]))[0].n as number;

  it('answers a repeated POST with the first answer and makes one record', async () => {
    const body = report('Kuoppa pyörätiellä, lähetetty kahdesti samalla avaimella.');
    const first = await t.http().post('/feedback/requests').set('Idempotency-Key', '"a1b2c3"').send(body).expect(201);
    const second = await t.http().post('/feedback/requests').set('Idempotency-Key', '"a1b2c3"').send(body).expect(201);
    expect(second.body).toEqual(first.body);
    expect(second.body.trackingCode).toMatch(/^VKT-\d{4}-\d{6}$/);
    expect(second.headers['content-type']).toBe(first.headers['content-type']);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await rowsWith(body.description)).toBe(1);
  });

  it('refuses the same key with another body: 422 problem+json naming the header, nothing recorded', async () => {
    const body = report('Ensimmäinen kuvaus kuopasta Kalliossa.');
    await t.http().post('/feedback/requests').set('Idempotency-Key', 'key-reused').send(body).expect(201);
    const changed = { ...body, description: 'Toinen, eri kuvaus samalla avaimella.' };
    const res = await t.http().post('/feedback/requests').set('Idempotency-Key', 'key-reused').send(changed).expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.stringContaining('different request body') }]);
    expect(await rowsWith(changed.description)).toBe(0);
  });

  it('fingerprints multipart by its fields and file bytes, not its boundary', async () => {
    const description = 'Roskia puistossa, kuva mukana, lähetetty kahdesti.';
    const post = (bytes: Buffer) =>
      t
        .http()
        .post('/feedback/requests')
        .set('Idempotency-Key', 'multipart-1')
        .field('kind', 'feedback')
        .field('categoryCode', '246')
        .field('description', description)
        .attach('photos', bytes, { filename: 'roskat.png', contentType: 'image/png' });
    const first = await post(await pixel).expect(201);
    // supertest draws a new boundary for every request, so the raw bodies differ.
    const second = await post(await pixel).expect(201);
    expect(second.body.id).toBe(first.body.id);
    expect(await rowsWith(description)).toBe(1);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM feedback_photos WHERE request_id = $1`, [first.body.id]);
    expect(n).toBe(1);
    // Other bytes under the same name are another body.
    const otherBytes = Buffer.concat([await pixel, Buffer.from([0])]);
    await post(otherBytes).expect(422);
  });

  it('scopes keys to the caller: two people using the same key make two records', async () => {
    const body = report('Sama avain, kaksi eri asukasta.');
    const anna = await t.token('resident', [], 'resident-anna');
    const ben = await t.token('resident', [], 'resident-ben');
    const a = await t.http().post('/feedback/requests').set('Authorization', `Bearer ${anna}`).set('Idempotency-Key', 'shared').send(body).expect(201);
    const b = await t.http().post('/feedback/requests').set('Authorization', `Bearer ${ben}`).set('Idempotency-Key', 'shared').send(body).expect(201);
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(await rowsWith(body.description)).toBe(2);
  });

  it('does not keep a failed answer: after a 400 the same key may carry the corrected body', async () => {
    const body = report('Korjattu lähetys samalla avaimella.');
    await t.http().post('/feedback/requests').set('Idempotency-Key', 'fix-then-retry').send({ ...body, kind: 'nonsense' }).expect(400);
    await t.http().post('/feedback/requests').set('Idempotency-Key', 'fix-then-retry').send(body).expect(201);
    expect(await rowsWith(body.description)).toBe(1);
  });

  it('answers 409 while the first request is in flight, and the in-flight mark expires (a crashed first request frees the key)', async () => {
    const body = report('Ensimmäinen pyyntö on vielä kesken.');
    const first = await t.http().post('/feedback/requests').set('Idempotency-Key', 'in-flight').send(body).expect(201);
    // The record of this key: route, then the caller (here the client address), then the key's hash.
    const keyHash = createHash('sha256').update('in-flight').digest('base64url');
    const [ours] = await redis.keys(`${t.config.idempotencyKeyPrefix}idem:POST /feedback/requests:addr:*:${keyHash}`);
    const done = JSON.parse((await redis.get(ours))!);
    expect(done.state).toBe('done');
    // Put the record back into the state a running (or killed) first request leaves it in.
    await redis.set(ours, JSON.stringify({ state: 'pending', fingerprint: done.fingerprint, owner: 'another-replica' }), 'EX', 120);
    const res = await t.http().post('/feedback/requests').set('Idempotency-Key', 'in-flight').send(body).expect(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors[0].field).toBe('Idempotency-Key');
    // The mark would expire by itself: never kept longer than the pending time.
    const ttl = await redis.ttl(ours);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(120);
    // Once it has expired, the key is free again: the request runs, and finds the report the
    // first one made (its id comes from the key), instead of making a second one (docs/adr/0007).
    await redis.del(ours);
    const again = await t.http().post('/feedback/requests').set('Idempotency-Key', 'in-flight').send(body).expect(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body).toEqual(first.body);
    expect(await rowsWith(body.description)).toBe(1);
  });

  it('makes one record of two simultaneous requests with the same key', async () => {
    const body = report('Tuplaklikkaus: kaksi pyyntöä yhtä aikaa.');
    const answers = await Promise.all([1, 2].map(() => t.http().post('/feedback/requests').set('Idempotency-Key', 'double-click').send(body)));
    const statuses = answers.map((a) => a.status).sort();
    expect([[201, 201], [201, 409]]).toContainEqual(statuses);
    const created = answers.filter((a) => a.status === 201).map((a) => a.body.id);
    expect(new Set(created).size).toBe(1);
    expect(await rowsWith(body.description)).toBe(1);
  });

  it('refuses a malformed key with 400 naming the header', async () => {
    const res = await t.http().post('/feedback/requests').set('Idempotency-Key', 'x'.repeat(300)).send(report('Liian pitkä avain.')).expect(400);
    expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
  });

  describe('Open311 POST', () => {
    const form = (description: string) => ({ api_key: open311Key.apiKey, service_code: '410', description, lat: '60.2051', long: '24.9626' });
    const post = (fields: Record<string, string>, key: string) => postOpen311Form(t, fields).set('Idempotency-Key', key);

    it('returns the same service_request_id to a retry and records it once', async () => {
      const fields = form('Keinu on rikki, sovellus lähetti kahdesti.');
      const first = await post(fields, 'app-retry-1').expect(201);
      const second = await post(fields, 'app-retry-1').expect(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(await rowsWith(fields.description)).toBe(1);
    });

    it('answers another body with the same key 422 in Open311 format', async () => {
      await post(form('Ensimmäinen Open311-kuvaus.'), 'app-retry-2').expect(201);
      const res = await post(form('Toinen Open311-kuvaus samalla avaimella.'), 'app-retry-2').expect(422);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body).toEqual([{ code: 422, description: expect.stringContaining('Idempotency-Key') }]);
      expect(await rowsWith('Toinen Open311-kuvaus samalla avaimella.')).toBe(0);
    });

    it('keeps the JSON and the XML resource apart: the same key on requests.xml is not answered in JSON', async () => {
      const fields = form('Sama avain, eri muoto.');
      await post(fields, 'format-key').expect(201);
      const xml = await postOpen311Form(t, fields, 'xml').set('Idempotency-Key', 'format-key').expect(201);
      expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
    });

    it('scopes keys by api_key: two apps may use the same key', async () => {
      const other = await issueOpen311Key(t, 'another app');
      const description = 'Kaksi sovellusta, sama Idempotency-Key.';
      await post(form(description), 'same-key').expect(201);
      const res = await post({ ...form(description), api_key: other.apiKey }, 'same-key').expect(201);
      expect(res.headers['idempotent-replayed']).toBeUndefined();
      expect(await rowsWith(description)).toBe(2);
    });
  });
});
