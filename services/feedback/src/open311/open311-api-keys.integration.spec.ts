import { createHash } from 'node:crypto';
import { startFeedbackTestApp, FeedbackTestApp } from '../../test/feedback-test-app';
import { postOpen311Form } from '../../test/open311/open311-test-client';
import { createOpen311ApiKey } from './open311-api-keys.service';

// Booting the service on a busy machine (a 2-core CI runner, other suites in parallel) can take longer than Jest's 5 s.
const BOOT_MS = 60_000;

describe('Open311 API keys', () => {
  let t: FeedbackTestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startFeedbackTestApp('open311keys');
    admin = `Bearer ${await t.token('admin')}`;
  }, BOOT_MS);
  afterAll(() => t?.close(), BOOT_MS);

  const post = (label: string) =>
    postOpen311Form(t, {
      api_key: label,
      service_code: '171',
      description: 'Iso kuoppa pyörätiellä kirjaston edessä.',
      address_string: 'Kallion kirjasto',
    });

  it('issues a key once to an admin, storing only its hash', async () => {
    const res = await t.http().post('/feedback/admin/open311-keys').set('Authorization', admin).send({ label: 'Fiksu kaupunki -sovellus' }).expect(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      label: 'Fiksu kaupunki -sovellus',
      apiKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      createdAt: expect.any(String),
    });
    const [row] = await t.dataSource.query(`SELECT key_hash, created_by, row_to_json(k)::text AS everything FROM open311_api_keys k WHERE id = $1`, [res.body.id]);
    expect(row.key_hash).toBe(createHash('sha256').update(res.body.apiKey).digest('hex'));
    expect(row.created_by).toBe('test-admin');
    expect(row.everything).not.toContain(res.body.apiKey);

    const list = await t.http().get('/feedback/admin/open311-keys').set('Authorization', admin).expect(200);
    const listed = list.body.items.find((k: { id: string }) => k.id === res.body.id);
    expect(listed).toEqual({ id: res.body.id, label: 'Fiksu kaupunki -sovellus', createdBy: 'test-admin', createdAt: res.body.createdAt, revokedAt: null });
    expect(JSON.stringify(list.body)).not.toMatch(new RegExp(`${res.body.apiKey}|${row.key_hash}`));

    await post(res.body.apiKey).expect(201);
  });

  it('revokes a key: POSTs with it are refused from then on', async () => {
    const { body: key } = await t.http().post('/feedback/admin/open311-keys').set('Authorization', admin).send({ label: 'vanha' }).expect(201);
    await post(key.apiKey).expect(201);
    await t.http().delete(`/feedback/admin/open311-keys/${key.id}`).set('Authorization', admin).expect(204);
    await t.http().delete(`/feedback/admin/open311-keys/${key.id}`).set('Authorization', admin).expect(204);
    await post(key.apiKey).expect(403);
    const list = await t.http().get('/feedback/admin/open311-keys').set('Authorization', admin).expect(200);
    expect(list.body.items.find((k: { id: string }) => k.id === key.id).revokedAt).toEqual(expect.any(String));
  });

  it('is for admins only, and answers as problem+json', async () => {
    const worker = `Bearer ${await t.token('case_worker', ['KYMP'])}`;
    const forbidden = await t.http().post('/feedback/admin/open311-keys').set('Authorization', worker).send({ label: 'x' }).expect(403);
    expect(forbidden.headers['content-type']).toContain('application/problem+json');
    await t.http().get('/feedback/admin/open311-keys').expect(401);
    await t.http().get('/feedback/admin/open311-keys').set('Authorization', worker).expect(403);
    await t.http().delete('/feedback/admin/open311-keys/8f0c1a52-5f0e-4a8c-9a51-52a1b2c3d4e5').set('Authorization', worker).expect(403);
  });

  it('names a missing label, and answers an unknown key id with 404', async () => {
    const invalid = await t.http().post('/feedback/admin/open311-keys').set('Authorization', admin).send({ label: '  ' }).expect(400);
    expect(invalid.headers['content-type']).toContain('application/problem+json');
    expect(invalid.body.errors.map((e: { field: string }) => e.field)).toEqual(['label']);
    const missing = await t.http().delete('/feedback/admin/open311-keys/8f0c1a52-5f0e-4a8c-9a51-52a1b2c3d4e5').set('Authorization', admin).expect(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    await t.http().delete('/feedback/admin/open311-keys/not-an-id').set('Authorization', admin).expect(400);
  });

  describe('createOpen311ApiKey (for the demo seed)', () => {
    it('registers a given key once, however often it runs', async () => {
      const key = 'demo-open311-key-for-the-seed-0001';
      const first = await createOpen311ApiKey(t.dataSource, { label: 'demo', createdBy: 'seed', key });
      const again = await createOpen311ApiKey(t.dataSource, { label: 'demo', createdBy: 'seed', key });
      expect(first).toMatchObject({ label: 'demo', apiKey: key, created: true, revokedAt: null });
      expect(again).toMatchObject({ id: first.id, apiKey: key, created: false });
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM open311_api_keys WHERE label = 'demo'`);
      expect(n).toBe(1);
      await post(key).expect(201);
    });

    it('without a key, makes one per label and returns the existing one (without material) after', async () => {
      const first = await createOpen311ApiKey(t.dataSource, { label: 'generated', createdBy: 'seed' });
      const again = await createOpen311ApiKey(t.dataSource, { label: 'generated', createdBy: 'seed' });
      expect(first.apiKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(again).toEqual({ id: first.id, label: 'generated', createdBy: 'seed', createdAt: first.createdAt, created: false, revokedAt: null });
      await post(first.apiKey!).expect(201);
    });

    it('does not bring a revoked key back', async () => {
      const key = 'demo-open311-key-revoked-0002';
      const first = await createOpen311ApiKey(t.dataSource, { label: 'revoked demo', createdBy: 'seed', key });
      await t.http().delete(`/feedback/admin/open311-keys/${first.id}`).set('Authorization', admin).expect(204);
      const again = await createOpen311ApiKey(t.dataSource, { label: 'revoked demo', createdBy: 'seed', key });
      expect(again).toMatchObject({ id: first.id, created: false, revokedAt: expect.any(String) });
      await post(key).expect(403);
    });
  });
});
