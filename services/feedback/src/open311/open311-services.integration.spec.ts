import { startFeedbackTestApp, FeedbackTestApp } from '../../test/feedback-test-app';
import { expectShape, ours } from '../../test/open311/georeport-v2.shapes';
import { getBothFormats } from '../../test/open311/open311-test-client';
import { DEMO_CATEGORIES } from '../seed/demo-catalog';

// Booting the service on a busy machine (a 2-core CI runner, other suites in parallel) can take longer than Jest's 5 s.
const BOOT_MS = 60_000;

describe('Open311 discovery and services', () => {
  let t: FeedbackTestApp;
  beforeAll(async () => {
    t = await startFeedbackTestApp('open311services');
  }, BOOT_MS);
  afterAll(() => t?.close(), BOOT_MS);

  it('describes the endpoint in discovery', async () => {
    const { body, root } = await getBothFormats(t, 'discovery');
    expect(root).toBe('discovery');
    const discovery = expectShape(ours.discovery, body);
    expect(discovery.endpoints).toEqual([
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: 'http://feedback.test/open311/v2',
        changeset: discovery.changeset,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ]);
  });

  it('lists the active categories as services, in English by default', async () => {
    const { body, root } = await getBothFormats(t, 'services');
    expect(root).toBe('services');
    const services = expectShape(ours.services, body);
    expect(services.map((s) => s.service_code).sort()).toEqual(DEMO_CATEGORIES.map((c) => c.code).sort());
    expect(services.find((s) => s.service_code === '171')).toEqual({
      service_code: '171',
      service_name: 'Street damage',
      description: 'Potholes, cracks and other damage on streets and pavements.',
      metadata: false,
      type: 'realtime',
      keywords: 'katu,kuoppa,asfaltti',
      group: 'Kadut',
    });
  });

  it.each([
    ['fi', 'Roskaaminen'],
    ['fi_FI', 'Roskaaminen'],
    ['sv', 'Nedskräpning'],
    ['en_GB', 'Littering'],
    ['de', 'Littering'],
  ])('names services in locale %s', async (locale, name) => {
    const { body } = await getBothFormats(t, 'services', `locale=${locale}`);
    expect(body.find((s: { service_code: string }) => s.service_code === '246').service_name).toBe(name);
  });

  it('leaves out a retired category', async () => {
    await t.dataSource.query(`UPDATE categories SET active = false WHERE code = '510'`);
    try {
      const { body } = await getBothFormats(t, 'services');
      expect(body.map((s: { service_code: string }) => s.service_code)).not.toContain('510');
      await getBothFormats(t, 'services/510', '', 404);
    } finally {
      await t.dataSource.query(`UPDATE categories SET active = true WHERE code = '510'`);
    }
  });

  it('defines a service with no attributes, and answers an unknown one with 404', async () => {
    const { body, root } = await getBothFormats(t, 'services/171');
    expect(root).toBe('service_definition');
    expect(expectShape(ours.serviceDefinition, body)).toEqual({ service_code: '171', attributes: [] });
    const missing = await getBothFormats(t, 'services/999', '', 404);
    expect(missing.root).toBe('errors');
    expect(expectShape(ours.errors, missing.body)).toEqual([{ code: 404, description: 'service_code 999 not found' }]);
  });

  it('takes our jurisdiction_id and answers another with 404', async () => {
    await getBothFormats(t, 'services', 'jurisdiction_id=vaikuta.local');
    const { body } = await getBothFormats(t, 'services', 'jurisdiction_id=sfgov.org', 404);
    expect(body[0].description).toMatch(/^jurisdiction_id "sfgov.org" not found/);
  });

  it('answers an unknown format or resource with a 404 in Open311 format, never problem+json', async () => {
    const csv = await t.http().get('/open311/v2/services.csv').expect(404);
    expect(csv.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(expectShape(ours.errors, csv.body)[0].code).toBe(404);
    const asXml = await t.http().get('/open311/v2/services.csv').set('Accept', 'text/xml').expect(404);
    expect(asXml.headers['content-type']).toBe('text/xml; charset=utf-8');
    const unknown = await t.http().get('/open311/v2/things.xml').expect(404);
    expect(unknown.text).toContain('<errors>');
    const noSuffix = await t.http().get('/open311/v2/services').expect(404);
    expect(noSuffix.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('answers a bad bearer token on these public routes in Open311 format too', async () => {
    const res = await t.http().get('/open311/v2/services.xml').set('Authorization', 'Bearer not.a.token').expect(403);
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(res.text).toContain('<code>401</code>');
  });
});
