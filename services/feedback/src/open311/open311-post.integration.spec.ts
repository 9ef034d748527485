import { startFeedbackTestApp, FeedbackTestApp } from '../../test/feedback-test-app';
import { expectShape, ours } from '../../test/open311/georeport-v2.shapes';
import { sparkFromXml, XML_DECLARATION } from '../../test/open311/spark-xml';
import { getBothFormats, issueOpen311Key, pixelPng, postOpen311Form, submitOpen311 } from '../../test/open311/open311-test-client';

// Booting the service on a busy machine (a 2-core CI runner, other suites in parallel) can take longer than Jest's 5 s.
const BOOT_MS = 60_000;

describe('Open311 POST requests', () => {
  let t: FeedbackTestApp;
  let key: { id: string; apiKey: string };
  beforeAll(async () => {
    t = await startFeedbackTestApp('open311post');
    key = await issueOpen311Key(t, 'palautebot');
  }, BOOT_MS);
  afterAll(() => t?.close(), BOOT_MS);

  const valid = {
    service_code: '410',
    description: 'Koulun pihan keinu on rikki ja vaarallinen.',
    lat: '60.2051',
    long: '24.9626',
  };
  const countRequests = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM feedback_requests`))[0].n as number;

  it('takes a form-encoded request: 201 with the id, routed to the department, contact kept with consent, names not kept', async () => {
    const res = await postOpen311Form(t, {
      api_key: key.apiKey,
      ...valid,
      title: 'Rikkinäinen keinu',
      email: 'vanhempi@example.fi',
      phone: '+358401234567',
      first_name: 'Veera',
      last_name: 'Vanhempi',
      device_id: 'device-1',
      account_id: '42',
      media_url: 'http://example.com/keinu.jpg',
      'attribute[WHISPAWN]': '123456',
    }).expect(201);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const [result] = expectShape(ours.postResponse, res.body);
    expect(result).toEqual({ service_request_id: expect.stringMatching(/^[0-9a-f-]{36}$/), service_notice: '' });

    const [row] = await t.dataSource.query(
      `SELECT department_code, category_code, kind, channel, submitted_by, title, contact_email, contact_phone, contact_consent, language,
              lat, lon, row_to_json(r)::text AS everything
         FROM feedback_requests r WHERE id = $1`,
      [result.service_request_id],
    );
    expect(row).toMatchObject({
      department_code: 'KASKO',
      category_code: '410',
      kind: 'fault',
      channel: 'open311',
      submitted_by: `open311-key:${key.id}`,
      title: 'Rikkinäinen keinu',
      contact_email: 'vanhempi@example.fi',
      contact_phone: '+358401234567',
      contact_consent: true,
      language: 'fi',
      lat: 60.2051,
      lon: 24.9626,
    });
    expect(row.everything).not.toMatch(/Veera|Vanhempi|device-1|keinu\.jpg/);
    const [audit] = await t.dataSource.query(`SELECT actor_id, actor_role FROM feedback_audit WHERE entity_id = $1`, [result.service_request_id]);
    expect(audit).toEqual({ actor_id: `open311-key:${key.id}`, actor_role: 'open311_client' });
  });

  it('takes multipart with photos in media[] and media, and shows them by URL', async () => {
    const pixel = await pixelPng();
    const res = await t
      .http()
      .post('/open311/v2/requests.json')
      .field('api_key', key.apiKey)
      .field('service_code', '246')
      .field('description', 'Puistossa on paljon roskia penkkien ympärillä.')
      .field('address_string', 'Kaisaniemenpuisto')
      .attach('media[]', pixel, { filename: 'roskat.png', contentType: 'image/png' })
      .attach('media', pixel, { filename: 'roskat2.png', contentType: 'image/png' })
      .expect(201);
    const id = res.body[0].service_request_id;
    const [row] = await t.dataSource.query(`SELECT department_code, address, lat FROM feedback_requests WHERE id = $1`, [id]);
    expect(row).toEqual({ department_code: 'KYMP', address: 'Kaisaniemenpuisto', lat: null });
    const photos: { id: string }[] = await t.dataSource.query(`SELECT id FROM feedback_photos WHERE request_id = $1 ORDER BY position`, [id]);
    expect(photos).toHaveLength(2);

    const { body } = await getBothFormats(t, `requests/${id}`, 'extensions=true');
    const [request] = expectShape(ours.requests, body);
    expect(request.media_url).toBe(`http://feedback.test/feedback/photos/${photos[0].id}`);
    expect(request.extended_attributes?.media_urls).toEqual(photos.map((p) => `http://feedback.test/feedback/photos/${p.id}`));
    expect(request).not.toHaveProperty('lat');
  });

  it('answers in XML when the XML resource is posted to', async () => {
    const res = await postOpen311Form(t, { api_key: key.apiKey, ...valid }, 'xml').expect(201);
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(res.text.startsWith(XML_DECLARATION)).toBe(true);
    const parsed = sparkFromXml(res.text);
    expect(parsed.root).toBe('service_requests');
    expect(parsed.value).toEqual([{ service_request_id: expect.stringMatching(/^[0-9a-f-]{36}$/), service_notice: '' }]);
    expectShape(ours.postResponse, parsed.value);
  });

  describe('refuses a request without a valid api_key with 403, writing nothing', () => {
    let revokedKey: string;
    beforeAll(async () => {
      const revoked = await issueOpen311Key(t, 'old app');
      const admin = await t.token('admin');
      await t.http().delete(`/feedback/admin/open311-keys/${revoked.id}`).set('Authorization', `Bearer ${admin}`).expect(204);
      revokedKey = revoked.apiKey;
    });

    it.each([
      ['missing', 'json', {}],
      ['missing', 'xml', {}],
      ['wrong', 'json', { api_key: 'not-a-key' }],
      ['wrong', 'xml', { api_key: 'not-a-key' }],
      ['revoked', 'json', 'revoked'],
      ['revoked', 'xml', 'revoked'],
    ] as const)('%s key, answered in %s', async (_what, format, keyFields) => {
      const before = await countRequests();
      const fields = keyFields === 'revoked' ? { api_key: revokedKey } : keyFields;
      const res = await postOpen311Form(t, { ...fields, ...valid }, format).expect(403);
      if (format === 'json') {
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        const [error] = expectShape(ours.errors, res.body);
        expect(error.code).toBe(403);
        expect(error.description).toMatch(/api_key/);
      } else {
        expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
        expect(res.text).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<errors>\n  <error>\n    <code>403<\/code>\n    <description>api_key/);
        const parsed = sparkFromXml(res.text);
        expect(parsed.root).toBe('errors');
        expect(parsed.value).toEqual([{ code: '403', description: expect.stringMatching(/api_key/) }]);
      }
      expect(await countRequests()).toBe(before);
    });
  });

  it('names a missing description in a 400, in JSON and in XML', async () => {
    const { description: _left, ...withoutDescription } = valid;
    const json = await postOpen311Form(t, { api_key: key.apiKey, ...withoutDescription }).expect(400);
    expect(expectShape(ours.errors, json.body)).toEqual([{ code: 400, description: 'description: Describe the matter' }]);
    const xml = await postOpen311Form(t, { api_key: key.apiKey, ...withoutDescription }, 'xml').expect(400);
    expect(sparkFromXml(xml.text).value).toEqual([{ code: '400', description: 'description: Describe the matter' }]);
  });

  it.each([
    [{ description: 'lyhyt' }, 'description: Write at least 10 characters'],
    [{ service_code: '999' }, 'service_code: Unknown service_code 999; see services.json'],
    [{ lat: '61.4978', long: '23.7610' }, 'lat: The location is outside the city'],
    [{ lat: '', long: '' }, 'address_string: A location is required: lat and long, or address_string'],
    [{ long: '' }, 'long: Give both latitude and longitude'],
    [{ email: 'nobody' }, 'email: Enter a valid email address'],
  ])('answers %j with a 400: "%s"', async (change, description) => {
    const res = await postOpen311Form(t, { api_key: key.apiKey, ...valid, ...change }).expect(400);
    expect(res.body.map((e: { description: string }) => e.description)).toContain(description);
  });

  it('refuses a file that is not an image, or one sent under another name, naming the field', async () => {
    const notImage = await t
      .http()
      .post('/open311/v2/requests.json')
      .field('api_key', key.apiKey)
      .field('service_code', '246')
      .field('description', 'Puistossa on paljon roskia penkkien ympärillä.')
      .field('address_string', 'Kaisaniemenpuisto')
      .attach('media[]', Buffer.from('MZ not a picture'), { filename: 'kuva.jpg', contentType: 'image/jpeg' })
      .expect(400);
    expect(notImage.body).toEqual([{ code: 400, description: 'media[0]: Only JPEG, PNG and WebP photos are accepted' }]);
    const wrongField = await t
      .http()
      .post('/open311/v2/requests.json')
      .field('api_key', key.apiKey)
      .field('service_code', '246')
      .field('description', 'Puistossa on paljon roskia penkkien ympärillä.')
      .field('address_string', 'Kaisaniemenpuisto')
      .attach('photos', await pixelPng(), { filename: 'a.png', contentType: 'image/png' })
      .expect(400);
    expect(wrongField.body).toEqual([{ code: 400, description: 'photos: Files are accepted only as media or media[]' }]);
  });

  it('accepts our jurisdiction_id and answers another with 404', async () => {
    await postOpen311Form(t, { api_key: key.apiKey, ...valid, jurisdiction_id: 'vaikuta.local' }).expect(201);
    const res = await postOpen311Form(t, { api_key: key.apiKey, ...valid, jurisdiction_id: 'sfgov.org' }).expect(404);
    expect(res.body).toEqual([{ code: 404, description: 'jurisdiction_id "sfgov.org" not found; this endpoint serves "vaikuta.local"' }]);
  });

  it('answers bodies Fastify turns away before the route in Open311 format too, and only on Open311 URLs', async () => {
    const xmlBody = await t.http().post('/open311/v2/requests.xml').set('Content-Type', 'application/xml').send('<request/>').expect(400);
    expect(xmlBody.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(sparkFromXml(xmlBody.text).value).toEqual([{ code: '415', description: expect.any(String) }]);
    const tooLarge = await t
      .http()
      .post('/open311/v2/requests.json')
      .type('form')
      .send(`api_key=${key.apiKey}&description=${'x'.repeat(1024 * 1024 + 1)}`)
      .expect(400);
    expect(expectShape(ours.errors, tooLarge.body)).toEqual([{ code: 413, description: expect.any(String) }]);
    const elsewhere = await t.http().post('/feedback/requests').set('Content-Type', 'application/xml').send('<request/>').expect(415);
    expect(elsewhere.headers['content-type']).toContain('application/problem+json');
  });

  it('answers an unknown format with 404 and writes nothing', async () => {
    const before = await countRequests();
    const res = await postOpen311Form(t, { api_key: key.apiKey, ...valid }, 'csv').expect(404);
    expect(res.body[0].code).toBe(404);
    expect(await countRequests()).toBe(before);
  });

  it('shows a new request by id at once, but lists it only once it is published', async () => {
    const id = await submitOpen311(t, key.apiKey, { ...valid, email: 'seuraaja@example.fi' });

    const { body, root } = await getBothFormats(t, `requests/${id}`);
    expect(root).toBe('service_requests');
    const [request] = expectShape(ours.requests, body);
    expect(body).toHaveLength(1);
    expect(request).toMatchObject({ service_request_id: id, status: 'open', service_code: '410', agency_responsible: 'Education Division' });

    const listed = async () => (await t.http().get('/open311/v2/requests.json').expect(200)).body.map((r: { service_request_id: string }) => r.service_request_id);
    const byIdFilter = async () => (await t.http().get(`/open311/v2/requests.json?service_request_id=${id}`).expect(200)).body;
    expect(await listed()).not.toContain(id);
    expect(await byIdFilter()).toEqual([]);

    await t.dataSource.query(`UPDATE feedback_requests SET published_at = now() WHERE id = $1`, [id]);
    expect(await listed()).toContain(id);
    expect((await byIdFilter()).map((r: { service_request_id: string }) => r.service_request_id)).toEqual([id]);

    for (const format of ['json', 'xml']) {
      const one = await t.http().get(`/open311/v2/requests/${id}.${format}?extensions=true`).expect(200);
      const list = await t.http().get(`/open311/v2/requests.${format}?extensions=true`).expect(200);
      for (const text of [one.text, list.text]) expect(text).not.toMatch(/seuraaja@example\.fi|open311-key|submitted_by|contact/);
    }
  });

  it('finds a request id as its own token, and answers an unknown token with 404', async () => {
    const id = await submitOpen311(t, key.apiKey, valid);
    const { body } = await getBothFormats(t, `tokens/${id}`);
    expect(expectShape(ours.tokenResponse, body)).toEqual([{ service_request_id: id, token: id }]);
    await getBothFormats(t, 'tokens/12345', '', 404);
  });
});
