import { randomUUID } from 'node:crypto';
import { startFeedbackTestApp, FeedbackTestApp } from '../../test/feedback-test-app';
import { expectShape, ours } from '../../test/open311/georeport-v2.shapes';
import { getBothFormats, issueOpen311Key, pixelPng, submitOpen311 } from '../../test/open311/open311-test-client';

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

// Booting the service on a busy machine (a 2-core CI runner, other suites in parallel) can take longer than Jest's 5 s.
const BOOT_MS = 60_000;

describe('Open311 GET requests', () => {
  let t: FeedbackTestApp;
  /** Named fixtures: A–F, see beforeAll. */
  const id: Record<string, string> = {};
  let photoOfA: string;

  /** Moves a fixture in time and state, as case work and moderation would have. */
  async function shape(name: string, set: string, params: unknown[] = []) {
    await t.dataSource.query(`UPDATE feedback_requests SET ${set} WHERE id = $1`, [id[name], ...params]);
  }

  beforeAll(async () => {
    t = await startFeedbackTestApp('open311requests');
    const { apiKey } = await issueOpen311Key(t);
    const description = 'Kuvaus, joka on tarpeeksi pitkä hyväksyttäväksi.';

    // A: a pothole in Kallio with a photo, yesterday; the sender left an email.
    const a = await t
      .http()
      .post('/open311/v2/requests.json')
      .field('api_key', apiKey)
      .field('service_code', '171')
      .field('title', 'Kuoppa')
      .field('description', description)
      .field('lat', '60.1841')
      .field('long', '24.9494')
      .field('email', 'asukas@example.fi')
      .field('phone', '0401234567')
      .attach('media[]', await pixelPng(), { filename: 'kuoppa.png', contentType: 'image/png' })
      .expect(201);
    id.A = a.body[0].service_request_id;
    [{ id: photoOfA }] = await t.dataSource.query(`SELECT id FROM feedback_photos WHERE request_id = $1`, [id.A]);
    // B: litter reported by address 10 days ago, resolved 5 days ago with a note and a reply.
    id.B = await submitOpen311(t, apiKey, { service_code: '246', description, address_string: 'Kaisaniemenpuisto' });
    // C: graffiti in Itäkeskus 100 days ago: outside the default window.
    id.C = await submitOpen311(t, apiKey, { service_code: '176', description, lat: '60.2100', long: '25.0800' });
    // D: in Kallio, never published.
    id.D = await submitOpen311(t, apiKey, { service_code: '171', description, lat: '60.1842', long: '24.9495' });
    // E: in Kamppi 3 days ago, merged into A (its own status left in process: still closed).
    id.E = await submitOpen311(t, apiKey, { service_code: '171', description, lat: '60.1690', long: '24.9320' });
    // F: a traffic sign 100 m from A, 4 days ago, in process with a public reply and a newer internal note.
    id.F = await submitOpen311(t, apiKey, { service_code: '198', description, lat: '60.1850', long: '24.9500' });

    const at = (days: number) => [daysAgo(days)];
    await shape('A', `submitted_at = $2, updated_at = $2, published_at = now()`, at(1));
    await shape('B', `submitted_at = $2, status = 'resolved', status_note = 'Siivottu.', closed_at = $3, updated_at = $3, published_at = now()`, [
      daysAgo(10),
      daysAgo(5),
    ]);
    await shape('C', `submitted_at = $2, updated_at = $2, published_at = now()`, at(100));
    await shape('D', `submitted_at = $2, updated_at = $2`, at(2));
    await shape('E', `submitted_at = $2, updated_at = $3, status = 'in_process', merged_into_id = $4, published_at = now()`, [
      daysAgo(3),
      daysAgo(2),
      id.A,
    ]);
    await shape('F', `submitted_at = $2, updated_at = $3, status = 'in_process', published_at = now()`, [daysAgo(4), daysAgo(0.5)]);
    const message = (request: string, visibility: string, body: string, days: number) =>
      t.dataSource.query(
        `INSERT INTO feedback_messages (id, request_id, visibility, body, author_id, created_at) VALUES ($1, $2, $3, $4, 'worker', $5)`,
        [randomUUID(), id[request], visibility, body, daysAgo(days)],
      );
    await message('F', 'public', 'Vanhempi vastaus.', 3);
    await message('F', 'public', 'Korjaus on tilattu.', 2);
    await message('F', 'internal', 'Sisäinen: urakoitsija soittaa asukkaalle 0401234567.', 1);
    await message('B', 'public', 'Kiitos ilmoituksesta.', 6);
  }, BOOT_MS);
  afterAll(() => t?.close(), BOOT_MS);

  /** The fixture names of a list response, in its order. */
  async function names(query = ''): Promise<string[]> {
    const res = await t.http().get(`/open311/v2/requests.json${query ? `?${query}` : ''}`);
    if (res.status !== 200) throw new Error(`${query}: ${res.status} ${res.text}`);
    expectShape(ours.requests, res.body);
    const byId = Object.fromEntries(Object.entries(id).map(([name, value]) => [value, name]));
    return res.body.map((r: { service_request_id: string }) => byId[r.service_request_id] ?? r.service_request_id);
  }

  it('lists published requests of the last 90 days, newest first', async () => {
    expect(await names()).toEqual(['A', 'E', 'F', 'B']);
  });

  it('gives every field, the same in JSON and XML, and in the asked locale', async () => {
    const { body, root } = await getBothFormats(t, 'requests', 'locale=fi');
    expect(root).toBe('service_requests');
    const [a, e, f, b] = expectShape(ours.requests, body);
    expect(a).toEqual({
      service_request_id: id.A,
      status: 'open',
      status_notes: '',
      service_name: 'Katuvaurio',
      service_code: '171',
      description: 'Kuvaus, joka on tarpeeksi pitkä hyväksyttäväksi.',
      agency_responsible: 'Kaupunkiympäristön toimiala',
      service_notice: '',
      requested_datetime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      updated_datetime: expect.stringMatching(/Z$/),
      expected_datetime: expect.stringMatching(/Z$/),
      address: '',
      lat: 60.1841,
      long: 24.9494,
      media_url: `http://feedback.test/feedback/photos/${photoOfA}`,
    });
    expect(Date.parse(a.requested_datetime)).toBeCloseTo(Date.parse(daysAgo(1)), -4);
    expect(e).toMatchObject({ status: 'closed' });
    // The case's own note first, else the newest public reply; never an internal note.
    expect(f).toMatchObject({ status: 'open', status_notes: 'Korjaus on tilattu.', service_name: 'Liikennemerkit ja -valot' });
    expect(b).toMatchObject({ status: 'closed', status_notes: 'Siivottu.', address: 'Kaisaniemenpuisto' });
    expect(b).not.toHaveProperty('lat');
    expect(b).not.toHaveProperty('media_url');
  });

  it('adds extended_attributes with extensions=true', async () => {
    const { body } = await getBothFormats(t, 'requests', 'extensions=true');
    const byId = Object.fromEntries(expectShape(ours.requests, body).map((r) => [r.service_request_id, r.extended_attributes]));
    expect(byId[id.A]).toEqual({ title: 'Kuoppa', detailed_status: 'RECEIVED', media_urls: [`http://feedback.test/feedback/photos/${photoOfA}`] });
    expect(byId[id.E]).toEqual({ title: '', detailed_status: 'PROCESSED', media_urls: [] });
    expect(byId[id.F]).toMatchObject({ detailed_status: 'IN_PROCESS' });
    expect(byId[id.B]).toMatchObject({ detailed_status: 'PROCESSED' });
    expect((await t.http().get('/open311/v2/requests.json').expect(200)).body[0]).not.toHaveProperty('extended_attributes');
  });

  it('never shows contact details, submitters or internal notes', async () => {
    for (const resource of ['requests', `requests/${id.A}`, `requests/${id.F}`]) {
      for (const format of ['json', 'xml']) {
        const res = await t.http().get(`/open311/v2/${resource}.${format}?extensions=true&locale=fi`).expect(200);
        expect(res.text).not.toMatch(/asukas@example\.fi|0401234567|open311-key|Sisäinen|submitted_by|contact_/);
      }
    }
  });

  it.each([
    ['service_code=171', ['A', 'E']],
    ['service_code=171,246', ['A', 'E', 'B']],
    ['service_code=999', []],
    ['status=open', ['A', 'F']],
    ['status=closed', ['E', 'B']],
    ['status=open,closed', ['A', 'E', 'F', 'B']],
    ['service_code=171&status=open', ['A']],
  ])('filters by %s', async (query, expected) => {
    expect(await names(query)).toEqual(expected);
  });

  it('filters on requested_datetime with start_date and end_date, at most 90 days apart', async () => {
    expect(await names(`start_date=${daysAgo(120)}&end_date=${daysAgo(60)}`)).toEqual(['C']);
    expect(await names(`start_date=${daysAgo(3.5)}&end_date=${daysAgo(0.5)}`)).toEqual(['A', 'E']);
    // start_date alone runs 90 days on from it.
    expect(await names(`start_date=${daysAgo(101)}`)).toEqual(['C']);
    const tooLong = await t.http().get(`/open311/v2/requests.json?start_date=${daysAgo(120)}&end_date=${daysAgo(10)}`).expect(400);
    expect(tooLong.body).toEqual([{ code: 400, description: 'end_date: start_date and end_date may be at most 90 days apart' }]);
    const xml = await t.http().get(`/open311/v2/requests.xml?start_date=${daysAgo(120)}&end_date=${daysAgo(10)}`).expect(400);
    expect(xml.text).toContain('<description>end_date: start_date and end_date may be at most 90 days apart</description>');
  });

  it('filters on updated_datetime with updated_after and updated_before (no default window then)', async () => {
    expect(await names(`updated_after=${daysAgo(3)}`)).toEqual(['A', 'E', 'F']);
    expect(await names(`updated_before=${daysAgo(4)}`)).toEqual(['B', 'C']);
    expect(await names(`updated_after=${daysAgo(6)}&updated_before=${daysAgo(1.5)}`)).toEqual(['E', 'B']);
  });

  it('filters by distance with lat, long and radius in metres', async () => {
    expect(await names('lat=60.1841&long=24.9494&radius=500')).toEqual(['A', 'F']);
    expect(await names('lat=60.1841&long=24.9494&radius=3000')).toEqual(['A', 'E', 'F']);
    expect(await names('lat=60.1841&long=24.9494&radius=50')).toEqual(['A']);
    expect(await names(`lat=60.2100&long=25.0800&radius=100&start_date=${daysAgo(101)}`)).toEqual(['C']);
    const res = await t.http().get('/open311/v2/requests.json?lat=60.1841&long=24.9494').expect(400);
    expect(res.body).toEqual([{ code: 400, description: 'radius: lat, long and radius go together' }]);
  });

  it('filters by bbox=left,bottom,right,top', async () => {
    expect(await names('bbox=24.94,60.18,24.96,60.19')).toEqual(['A', 'F']);
    expect(await names('bbox=24.90,60.16,24.96,60.19')).toEqual(['A', 'E', 'F']);
    const res = await t.http().get('/open311/v2/requests.json?bbox=60.18,24.94,60.19').expect(400);
    expect(res.body[0].description).toMatch(/^bbox: /);
  });

  it('finds by service_request_id regardless of other filters, but only published ones', async () => {
    expect(await names(`service_request_id=${id.C},${id.D}&service_code=246&status=open`)).toEqual(['C']);
    const res = await t.http().get('/open311/v2/requests.json?service_request_id=638344').expect(400);
    expect(res.body[0].description).toMatch(/^service_request_id: /);
  });

  it('pages with page and page_size and says so in the X- headers', async () => {
    const first = await t.http().get('/open311/v2/requests.json?page_size=3').expect(200);
    expect(first.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([id.A, id.E, id.F]);
    expect(first.headers).toMatchObject({ 'x-result-count': '4', 'x-page-count': '2', 'x-page-size': '3' });
    expect(first.headers['x-next-page-url']).toBe('http://feedback.test/open311/v2/requests.json?page_size=3&page=2');
    expect(first.headers).not.toHaveProperty('x-previous-page-url');

    const next = await t.http().get(new URL(first.headers['x-next-page-url']).pathname + new URL(first.headers['x-next-page-url']).search).expect(200);
    expect(next.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([id.B]);
    expect(next.headers).not.toHaveProperty('x-next-page-url');
    expect(next.headers['x-previous-page-url']).toBe('http://feedback.test/open311/v2/requests.json?page_size=3&page=1');

    const xml = await t.http().get('/open311/v2/requests.xml?status=open&page_size=1&locale=fi').expect(200);
    expect(xml.headers).toMatchObject({ 'x-result-count': '2', 'x-page-count': '2', 'x-page-size': '1' });
    expect(xml.headers['x-next-page-url']).toBe('http://feedback.test/open311/v2/requests.xml?status=open&page_size=1&locale=fi&page=2');

    const defaults = await t.http().get('/open311/v2/requests.json').expect(200);
    expect(defaults.headers).toMatchObject({ 'x-result-count': '4', 'x-page-count': '1', 'x-page-size': '50' });
    expect(defaults.headers).not.toHaveProperty('x-next-page-url');

    await t.http().get('/open311/v2/requests.json?page_size=501').expect(400);
    await t.http().get('/open311/v2/requests.json?page_size=500').expect(200);
  });

  it('shows one request by id, published or not, and 404 for an unknown one', async () => {
    const { body } = await getBothFormats(t, `requests/${id.D}`, 'extensions=true');
    expect(expectShape(ours.requests, body)).toEqual([expect.objectContaining({ service_request_id: id.D, status: 'open' })]);
    for (const unknown of [randomUUID(), 'not-a-uuid', '638344']) {
      const { body: errors } = await getBothFormats(t, `requests/${unknown}`, '', 404);
      expect(expectShape(ours.errors, errors)).toEqual([{ code: 404, description: `service_request_id ${unknown} not found` }]);
    }
  });

  it('answers invalid parameters with 400 naming each, in the asked format', async () => {
    const { body } = await getBothFormats(t, 'requests', 'status=pending&page=0&start_date=eilen', 400);
    expect(expectShape(ours.errors, body).map((e) => e.description.split(':')[0])).toEqual(['status', 'start_date', 'page']);
  });
});
