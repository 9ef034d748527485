import { startFeedbackTestApp, FeedbackTestApp } from '../../test/feedback-test-app';

describe('the public map of published feedback', () => {
  let t: FeedbackTestApp;
  let worker: string;
  const auth = { type: 'bearer' as const };

  const report = async (title: string, place: Record<string, unknown>, publish = true) => {
    const res = await t
      .http()
      .post('/feedback/requests')
      .send({
        kind: 'fault',
        categoryCode: '171',
        title,
        description: `${title}: kuvaus, jossa on yksityistä tietoa.`,
        email: 'salainen@example.fi',
        contactConsent: true,
        ...place,
      })
      .expect(201);
    if (publish) await t.http().post(`/feedback/cases/${res.body.id}/publish`).auth(worker, auth).send({ version: 1 }).expect(200);
    return res.body as { id: string; trackingCode: string };
  };

  beforeAll(async () => {
    t = await startFeedbackTestApp('public_map');
    worker = await t.token('case_worker', ['KYMP']);
  });
  afterAll(() => t?.close());

  it('shows published reports that have a location, and nothing else, without personal data', async () => {
    const pothole = await report('Kuoppa', { lat: 60.1841, lon: 24.9494, address: 'Viides linja 11' });
    await report('Ei paikkaa kartalla', { address: 'Jossain Kalliossa' });
    await report('Julkaisematon kuoppa', { lat: 60.17, lon: 24.94, address: 'Salainen tie 1' }, false);

    const res = await t.http().get('/feedback/public/map').query({ lang: 'sv' }).expect(200);
    expect(res.headers['content-type']).toContain('application/geo+json');
    // The same for everyone: caches may keep it briefly.
    expect(res.headers['cache-control']).toBe('public, max-age=30');
    expect(res.body).toEqual({
      type: 'FeatureCollection',
      truncated: false,
      features: [
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [24.9494, 60.1841] },
          properties: {
            trackingCode: pothole.trackingCode,
            kind: 'fault',
            status: 'received',
            title: 'Kuoppa',
            category: { code: '171', name: expect.any(String) },
            submittedAt: expect.any(String),
          },
        },
      ],
    });
    expect(JSON.stringify(res.body)).not.toMatch(/salainen|yksityistä|Salainen tie/);
  });

  it('applies the list’s filters, search included', async () => {
    await report('Katuvalo pimeänä', { lat: 60.19, lon: 24.95, address: 'Hämeentie 10' });
    const titles = async (query: Record<string, string>) =>
      ((await t.http().get('/feedback/public/map').query(query).expect(200)).body.features as { properties: { title: string } }[])
        .map((f) => f.properties.title)
        .sort();
    expect(await titles({})).toEqual(['Katuvalo pimeänä', 'Kuoppa']);
    expect(await titles({ q: 'katuvalo' })).toEqual(['Katuvalo pimeänä']);
    expect(await titles({ status: 'closed' })).toEqual([]);
    await t.http().get('/feedback/public/map').query({ status: 'maybe' }).expect(400);
  });
});
