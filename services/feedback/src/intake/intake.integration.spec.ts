import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { waitFor } from '@vaikuta/testing';
import { startFeedbackTestApp, FeedbackTestApp } from '../../test/feedback-test-app';

const pixel = readFile(path.join(__dirname, '../../test/fixtures/pixel.png'));

describe('feedback intake', () => {
  let t: FeedbackTestApp;
  beforeAll(async () => {
    t = await startFeedbackTestApp('intake');
  });
  afterAll(() => t?.close());

  const valid = {
    kind: 'fault',
    categoryCode: '171',
    title: 'Kuoppa',
    description: 'Iso kuoppa pyörätiellä Kallion kirjaston edessä.',
    lat: 60.1841,
    lon: 24.9494,
    districtCode: 'kallio',
    email: 'asukas@example.fi',
    contactConsent: true,
    language: 'sv',
  };

  it('takes a fault report, routes it to the department and publishes the submitted event', async () => {
    const res = await t.http().post('/feedback/requests').set('X-Correlation-Id', 'corr-intake-1').send(valid).expect(201);
    expect(res.headers['x-correlation-id']).toBe('corr-intake-1');
    expect(res.body).toMatchObject({ status: 'received', trackingCode: expect.stringMatching(/^VKT-\d{4}-\d{6}$/) });
    expect(res.body.trackingUrl).toBe(`http://localhost:8080/feedback/track/${res.body.id}`);

    const landed = await waitFor(async () => (await t.reader.events(t.stream)).find((e) => e.event.data.requestId === res.body.id));
    expect(landed.event.type).toBe('fi.vaikuta.feedback.submitted.v1');
    // The correlation id travels from the HTTP request into the event.
    expect((landed.event as { correlationid?: string }).correlationid).toBe('corr-intake-1');
    expect(landed.event.data).toMatchObject({
      departmentCode: 'KYMP',
      kind: 'fault',
      channel: 'web',
      language: 'sv',
      contact: { email: 'asukas@example.fi', language: 'sv' },
    });
  });

  it('numbers only accepted reports, so a rejected one leaves no gap, and writes each with its audit row', async () => {
    const number = (code: string) => Number(code.slice(-6));
    const first = await t.http().post('/feedback/requests').send(valid).expect(201);
    // The tracking number is drawn in the same round trip as the catalogue look-up: not for these.
    await t.http().post('/feedback/requests').send({ ...valid, districtCode: 'atlantis' }).expect(400);
    await t.http().post('/feedback/requests').send({ ...valid, lat: 61.5, lon: 23.7 }).expect(400);
    await t.http().post('/feedback/requests').send({ ...valid, categoryCode: 'nope' }).expect(400);
    const second = await t.http().post('/feedback/requests').send(valid).expect(201);
    expect(number(second.body.trackingCode)).toBe(number(first.body.trackingCode) + 1);

    const audits: { entity_id: string; actor_role: string; details: unknown }[] = await t.dataSource.query(
      `SELECT entity_id, actor_role, details FROM feedback_audit WHERE action = 'submitted' AND entity_id = ANY($1) ORDER BY at`,
      [[first.body.id, second.body.id]],
    );
    expect(audits).toEqual([
      { entity_id: first.body.id, actor_role: 'resident', details: { channel: 'web', photos: 0 } },
      { entity_id: second.body.id, actor_role: 'resident', details: { channel: 'web', photos: 0 } },
    ]);
  });

  it('accepts multipart with a photo, checking its type from the bytes', async () => {
    const res = await t
      .http()
      .post('/feedback/requests')
      .field('kind', 'feedback')
      .field('categoryCode', '246')
      .field('description', 'Puistossa on paljon roskia penkkien ympärillä.')
      .field('address', 'Kaisaniemenpuisto')
      .attach('photos', await pixel, { filename: 'roskat.png', contentType: 'image/png' })
      .expect(201);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM feedback_photos WHERE request_id = $1`,
      [res.body.id],
    );
    expect(n).toBe(1);
  });

  it('refuses a photo that is not an image whatever its name says, writing nothing', async () => {
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM feedback_requests`);
    const res = await t
      .http()
      .post('/feedback/requests')
      .field('kind', 'feedback')
      .field('categoryCode', '246')
      .field('description', 'Puistossa on paljon roskia penkkien ympärillä.')
      .attach('photos', Buffer.from('MZ this is not a picture at all'), { filename: 'kuva.jpg', contentType: 'image/jpeg' })
      .expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([{ field: 'photos[0]', message: 'Only JPEG, PNG and WebP photos are accepted' }]);
    const after = await t.dataSource.query(`SELECT count(*)::int AS n FROM feedback_requests`);
    expect(after).toEqual(before);
  });

  it('answers 413 for a photo over 10 MB', async () => {
    const big = Buffer.concat([await pixel, Buffer.alloc(10 * 1024 * 1024 + 1)]);
    const res = await t
      .http()
      .post('/feedback/requests')
      .field('kind', 'feedback')
      .field('categoryCode', '246')
      .field('description', 'Puistossa on paljon roskia penkkien ympärillä.')
      .attach('photos', big, { filename: 'iso.png', contentType: 'image/png' });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it.each([
    [{ description: 'lyhyt' }, 'description'],
    [{ kind: 'complaint' }, 'kind'],
    [{ categoryCode: 'nope' }, 'categoryCode'],
    [{ lat: 61.5, lon: 23.7 }, 'lat'],
    [{ lon: undefined }, 'lon'],
    [{ contactConsent: false }, 'contactConsent'],
    [{ email: 'not-an-email' }, 'email'],
    [{ districtCode: 'atlantis' }, 'districtCode'],
    [{ lat: undefined, lon: undefined, address: undefined }, 'address'],
    [{ language: 'de' }, 'language'],
  ])('names the field in a problem for %j', async (change, field) => {
    const res = await t.http().post('/feedback/requests').send({ ...valid, ...change }).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});
