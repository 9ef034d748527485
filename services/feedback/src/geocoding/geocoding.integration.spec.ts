import type { GeocoderStub } from '../../../../scripts/geocoder-stub.mjs';
import { startFeedbackTestApp, FeedbackTestApp } from '../../test/feedback-test-app';
import { loadFeedbackConfig } from '../feedback-config';

/**
 * Address search and district outlines through the feedback service, against the same
 * development geocoder (scripts/geocoder-stub.mjs) that `npm start` runs.
 */
describe('geocoding and districts', () => {
  let stub: GeocoderStub;
  let t: FeedbackTestApp;
  beforeAll(async () => {
    const { startGeocoderStub } = await import('../../../../scripts/geocoder-stub.mjs');
    stub = await startGeocoderStub({ port: 0 });
    const base = loadFeedbackConfig({ ...process.env });
    t = await startFeedbackTestApp('geocoding', { geocoder: { ...base.geocoder, provider: 'nominatim', url: stub.url } });
  });
  afterAll(async () => {
    await t?.close();
    await stub?.close();
  });

  it('finds an address and the point of its house number', async () => {
    const res = await t.http().get('/feedback/geocode').query({ q: 'Helsinginkatu 12', lang: 'fi' }).expect(200);
    expect(res.body.items).toHaveLength(1);
    const [hit] = res.body.items;
    expect(hit.address).toBe('Helsinginkatu 12');
    expect(hit.label).toContain('Kallio');
    expect(hit.lat).toBeCloseTo(60.187, 2);
    expect(hit.lon).toBeCloseTo(24.9457, 3);
  });

  it('answers in the asked language', async () => {
    const res = await t.http().get('/feedback/geocode').query({ q: 'Helsingegatan 3', lang: 'sv' }).expect(200);
    expect(res.body.items[0].address).toBe('Helsingegatan 3');
  });

  it('turns a point into the address and the district from its outline', async () => {
    const res = await t.http().get('/feedback/geocode/reverse').query({ lat: 60.1866, lon: 24.95, lang: 'sv' }).expect(200);
    expect(res.body).toMatchObject({ address: 'Helsingegatan 26', district: { code: 'kallio', name: 'Berghäll' }, geocoderAvailable: true });
  });

  it('gives the district without an address where no street is near', async () => {
    // Inside Kallio's outline but over 250 m from every street of the stand-in.
    const res = await t.http().get('/feedback/geocode/reverse').query({ lat: 60.1815, lon: 24.9625 }).expect(200);
    expect(res.body).toMatchObject({ address: null, district: { code: 'kallio' } });
  });

  it('names the field for bad input and refuses points outside the city', async () => {
    const short = await t.http().get('/feedback/geocode').query({ q: 'x' }).expect(400);
    expect(short.headers['content-type']).toContain('application/problem+json');
    expect(short.body.errors).toEqual([expect.objectContaining({ field: 'q' })]);
    const nan = await t.http().get('/feedback/geocode/reverse').query({ lat: 'north', lon: 24.9 }).expect(400);
    expect(nan.body.errors).toEqual([expect.objectContaining({ field: 'lat' })]);
    const away = await t.http().get('/feedback/geocode/reverse').query({ lat: 61.5, lon: 23.8 }).expect(400);
    expect(away.body.errors).toEqual([{ field: 'lat', message: 'The location is outside the city' }]);
  });

  it('serves the district outlines as GeoJSON, [lon, lat], closed rings', async () => {
    const res = await t.http().get('/feedback/districts/outlines').query({ lang: 'sv' }).expect(200);
    expect(res.headers['content-type']).toContain('application/geo+json');
    expect(res.body.type).toBe('FeatureCollection');
    const kallio = res.body.features.find((f: { id: string }) => f.id === 'kallio');
    expect(kallio.properties).toEqual({ code: 'kallio', name: 'Berghäll' });
    const ring = kallio.geometry.coordinates[0] as [number, number][];
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(ring[0][0]).toBeCloseTo(24.938, 3); // longitude first
    expect(ring[0][1]).toBeCloseTo(60.18, 3);
    expect(res.body.features.map((f: { id: string }) => f.id).sort()).toEqual(['itakeskus', 'kallio', 'kamppi', 'kannelmaki', 'lauttasaari', 'malmi']);
  });

  it('fills the district of a report from its point, keeping one the sender chose', async () => {
    const report = { kind: 'fault', categoryCode: '171', description: 'Kuoppa ajoradalla, syvä ja vaarallinen.' };
    const inKamppi = await t.http().post('/feedback/requests').send({ ...report, lat: 60.166, lon: 24.934 }).expect(201);
    const chosen = await t.http().post('/feedback/requests').send({ ...report, lat: 60.166, lon: 24.934, districtCode: 'malmi' }).expect(201);
    const nowhere = await t.http().post('/feedback/requests').send({ ...report, lat: 60.2, lon: 24.8 }).expect(201);
    const rows: { id: string; district_code: string | null }[] = await t.dataSource.query(
      `SELECT id, district_code FROM feedback_requests WHERE id = ANY($1)`,
      [[inKamppi.body.id, chosen.body.id, nowhere.body.id]],
    );
    const district = (id: string) => rows.find((r) => r.id === id)?.district_code;
    expect(district(inKamppi.body.id)).toBe('kamppi');
    expect(district(chosen.body.id)).toBe('malmi');
    expect(district(nowhere.body.id)).toBeNull();
  });

  describe('when the geocoder is down', () => {
    let down: FeedbackTestApp;
    beforeAll(async () => {
      const base = loadFeedbackConfig({ ...process.env });
      // Nothing listens on port 9 (discard); the search must fail fast and say so.
      down = await startFeedbackTestApp('geocoding_down', { geocoder: { ...base.geocoder, url: 'http://127.0.0.1:9', timeoutMs: 500 } });
    });
    afterAll(() => down?.close());

    it('answers 503 problem+json for a search, and still the district for a point', async () => {
      const search = await down.http().get('/feedback/geocode').query({ q: 'Helsinginkatu 1' }).expect(503);
      expect(search.headers['content-type']).toContain('application/problem+json');
      const reverse = await down.http().get('/feedback/geocode/reverse').query({ lat: 60.1866, lon: 24.95 }).expect(200);
      expect(reverse.body).toMatchObject({ address: null, district: { code: 'kallio' }, geocoderAvailable: false });
    });
  });
});
