import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startFeedbackTestApp, FeedbackTestApp } from '../../test/feedback-test-app';

describe('public view of feedback', () => {
  let t: FeedbackTestApp;
  let worker: string;
  beforeAll(async () => {
    t = await startFeedbackTestApp('public');
    worker = await t.token('case_worker', ['KYMP'], 'worker-secret-id');
  });
  afterAll(() => t?.close());

  const auth = { type: 'bearer' as const };

  it('shows a published request with replies and timeline, and nothing personal', async () => {
    const sent = (
      await t
        .http()
        .post('/feedback/requests')
        .field('kind', 'fault')
        .field('categoryCode', '246')
        .field('description', 'Roskia levinnyt koko rannalle, lokit repivät pusseja.')
        .field('address', 'Hietaranta')
        .field('districtCode', 'kamppi')
        .field('email', 'salainen.asukas@example.fi')
        .field('phone', '+358401234567')
        .field('contactConsent', 'true')
        .attach('photos', await readFile(path.join(__dirname, '../../test/fixtures/pixel.png')), 'ranta.png')
        .expect(201)
    ).body;

    // Reachable at once through the sender's tracking link (the id), but not listed yet.
    const early = (await t.http().get(`/feedback/public/requests/${sent.id}`).expect(200)).body;
    expect(early).toMatchObject({ status: 'received', published: false, photos: [] });
    await t.http().get(`/feedback/public/requests/${sent.trackingCode}`).expect(404);
    expect((await t.http().get('/feedback/public/requests').expect(200)).body.items).toEqual([]);

    await t.http().post(`/feedback/cases/${sent.id}/publish`).auth(worker, auth).send({ version: 1 }).expect(200);
    await t.http().post(`/feedback/cases/${sent.id}/claim`).auth(worker, auth).send({ version: 2 }).expect(200);
    await t.http().post(`/feedback/cases/${sent.id}/replies`).auth(worker, auth).send({ version: 3, body: 'Siivous tilattu huomiselle.' }).expect(201);
    await t.http().post(`/feedback/cases/${sent.id}/notes`).auth(worker, auth).send({ body: 'Soittaja kuulosti vihaiselta' }).expect(201);
    await t.http().post(`/feedback/cases/${sent.id}/resolve`).auth(worker, auth).send({ version: 4, resolution: 'Ranta siivottu.' }).expect(200);

    const res = await t.http().get(`/feedback/public/requests/${sent.trackingCode.toLowerCase()}?lang=sv`).expect(200);
    expect(res.body).toMatchObject({
      status: 'resolved',
      statusNote: 'Ranta siivottu.',
      category: { code: '246', name: 'Nedskräpning' },
      district: { code: 'kamppi', name: 'Kampen' },
      replies: [{ body: 'Siivous tilattu huomiselle.' }],
    });
    expect(res.body.timeline.map((e: { event: string }) => e.event)).toEqual(['submitted', 'published', 'claimed', 'replied', 'resolved']);
    expect(res.body.photos).toHaveLength(1);
    const photo = await t.http().get(new URL(res.body.photos[0].url).pathname).expect(200);
    expect(photo.headers['content-type']).toBe('image/webp');

    const everything = JSON.stringify(res.body) + JSON.stringify((await t.http().get('/feedback/public/requests').expect(200)).body);
    for (const secret of ['salainen.asukas', '358401234567', 'worker-secret-id', 'vihaiselta']) expect(everything).not.toContain(secret);
  });

  it('filters and pages the public list newest first', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = (
        await t.http().post('/feedback/requests').send({ kind: 'idea', categoryCode: '310', description: `Idea numero ${i}: lisää penkkejä puistoon.` }).expect(201)
      ).body;
      await t.http().post(`/feedback/cases/${id}/publish`).auth(await t.token('admin'), auth).send({ version: 1 }).expect(200);
      ids.push(id);
    }
    const p1 = (await t.http().get('/feedback/public/requests?kind=idea&limit=2').expect(200)).body;
    const p2 = (await t.http().get(`/feedback/public/requests?kind=idea&limit=2&cursor=${p1.nextCursor}`).expect(200)).body;
    expect([...p1.items, ...p2.items].map((i: { id: string }) => i.id)).toEqual([...ids].reverse());
    expect((await t.http().get('/feedback/public/requests?status=closed&kind=idea').expect(200)).body.items).toEqual([]);
    const bad = await t.http().get('/feedback/public/requests?kind=rant').expect(400);
    expect(bad.body.errors[0].field).toBe('kind');
  });
});
