import { randomUUID } from 'node:crypto';
import { waitFor } from '@vaikuta/testing';
import { startFeedbackTestApp, FeedbackTestApp } from '../../test/feedback-test-app';

/** "Is it one of these?" and "me too", against real PostgreSQL and NATS. */
describe('suggestions of nearby reports and "me too"', () => {
  let t: FeedbackTestApp;
  beforeAll(async () => {
    t = await startFeedbackTestApp('support');
  });
  afterAll(() => t?.close());

  // Fleminginkatu, Kallio; 0.0009° of latitude is about 100 m.
  const spot = { lat: 60.1851, lon: 24.9501 };
  const secret = 'Kuoppa kotini Fleminginkatu 7 B 12 edessä, soita 0401234567';
  async function report(body: Record<string, unknown> = {}) {
    const res = await t
      .http()
      .post('/feedback/requests')
      .send({ kind: 'fault', categoryCode: '171', description: secret, address: 'Fleminginkatu 7', ...spot, email: 'eka@example.fi', contactConsent: true, ...body })
      .expect(201);
    return res.body as { id: string; trackingCode: string };
  }
  const near = (q: Record<string, unknown> = {}) => t.http().get('/feedback/nearby').query({ category: '171', ...spot, ...q });
  const clientKey = () => randomUUID().replace(/-/g, '');

  it('suggests an unpublished report at the spot without its text, address, point or link', async () => {
    const first = await report();
    const res = await near().expect(200);
    const hit = res.body.items.find((i: { ref: string }) => i.ref === first.trackingCode);
    expect(hit).toEqual({ ref: first.trackingCode, published: false, status: 'received', distanceMetres: 0 });
    const raw = JSON.stringify(res.body);
    for (const leak of [secret, 'Fleminginkatu', 'eka@example.fi', first.id, String(spot.lat)]) expect(raw).not.toContain(leak);
  });

  it('shows a published one with its title, and only within 150 m, same category, still open', async () => {
    const published = await report({ title: 'Kuoppa pyörätiellä', lat: spot.lat + 0.0009 });
    const caseWorker = await t.token('case_worker', ['KYMP']);
    await t.http().post(`/feedback/cases/${published.id}/publish`).set('Authorization', `Bearer ${caseWorker}`).send({ version: 1 }).expect(200);
    const far = await report({ lat: spot.lat + 0.0018 }); // ~200 m north
    const other = await report({ categoryCode: '246', kind: 'feedback' });

    const items: { ref: string; published: boolean; distanceMetres: number; title?: string }[] = (await near().expect(200)).body.items;
    const refs = items.map((i) => i.ref);
    expect(refs).not.toContain(far.trackingCode);
    expect(refs).not.toContain(other.trackingCode);
    expect(items.find((i) => i.ref === published.trackingCode)).toMatchObject({
      published: true,
      trackingCode: published.trackingCode,
      title: 'Kuoppa pyörätiellä',
      status: 'received',
      category: 'Katuvaurio',
      distanceMetres: 100,
      supporterCount: 0,
    });
    // Nearest first.
    expect(items[0].distanceMetres).toBeLessThanOrEqual(items[items.length - 1].distanceMetres);

    const resolvedOne = await report();
    await t.dataSource.query(`UPDATE feedback_requests SET status = 'resolved' WHERE id = $1`, [resolvedOne.id]);
    expect((await near().expect(200)).body.items.map((i: { ref: string }) => i.ref)).not.toContain(resolvedOne.trackingCode);
  });

  it('counts "me too" once per person, publishes the supported event with the supporter’s contact only', async () => {
    const original = await report();
    const body = { ref: original.trackingCode, email: 'toka@example.fi', contactConsent: true, language: 'sv' };
    const first = await t.http().post('/feedback/supporters').send(body).expect(200);
    expect(first.body).toEqual({ trackingCode: original.trackingCode, supporterCount: 1, added: true });
    // The same person again (any case of the address): nothing changes.
    const again = await t.http().post('/feedback/supporters').send({ ...body, email: 'TOKA@example.fi' }).expect(200);
    expect(again.body).toEqual({ trackingCode: original.trackingCode, supporterCount: 1, added: false });
    // A signed-in resident and an anonymous browser count as two more.
    const resident = await t.token('resident', [], 'resident-metoo');
    await t.http().post('/feedback/supporters').set('Authorization', `Bearer ${resident}`).send({ ref: original.trackingCode }).expect(200);
    await t.http().post('/feedback/supporters').set('Authorization', `Bearer ${resident}`).send({ ref: original.trackingCode }).expect(200);
    const anon = await t.http().post('/feedback/supporters').send({ ref: original.trackingCode, clientKey: clientKey() }).expect(200);
    expect(anon.body.supporterCount).toBe(3);

    const events = await waitFor(async () => {
      const found = (await t.reader.events(t.stream)).filter(
        (e) => e.event.type === 'fi.vaikuta.feedback.supported.v1' && e.event.data.requestId === original.id,
      );
      return found.length === 3 ? found : undefined;
    });
    expect(events[0].event.data).toMatchObject({
      trackingCode: original.trackingCode,
      language: 'sv',
      contact: { email: 'toka@example.fi', language: 'sv' },
      published: false,
      supporterCount: 1,
    });
    // The sender's own contact never rides on a supporter's event.
    expect(JSON.stringify(events.map((e) => e.event.data))).not.toContain('eka@example.fi');
    expect(events[1].event.data).not.toHaveProperty('contact');

    // Staff see the count on the case.
    const caseWorker = await t.token('case_worker', ['KYMP']);
    const kase = await t.http().get(`/feedback/cases/${original.id}`).set('Authorization', `Bearer ${caseWorker}`).expect(200);
    expect(kase.body.supporterCount).toBe(3);
    // Nothing personal is stored for the count.
    const stored = JSON.stringify(await t.dataSource.query(`SELECT * FROM feedback_supporters WHERE request_id = $1`, [original.id]));
    expect(stored).not.toMatch(/toka@example|resident-metoo/i);
  });

  it('refuses bad input by field, closed reports with 409 and unknown codes with 404', async () => {
    const noWho = await t.http().post('/feedback/supporters').send({ ref: 'VKT-2026-000001' }).expect(400);
    expect(noWho.body.errors).toEqual([expect.objectContaining({ field: 'clientKey' })]);
    const noConsent = await t.http().post('/feedback/supporters').send({ ref: 'VKT-2026-000001', email: 'a@example.fi' }).expect(400);
    expect(noConsent.body.errors).toEqual([expect.objectContaining({ field: 'contactConsent' })]);
    const badRef = await t.http().post('/feedback/supporters').send({ ref: "x' OR 1=1", clientKey: clientKey() }).expect(400);
    expect(badRef.body.errors).toEqual([expect.objectContaining({ field: 'ref' })]);
    await t.http().post('/feedback/supporters').send({ ref: 'VKT-1999-999999', clientKey: clientKey() }).expect(404);

    const closed = await report();
    await t.dataSource.query(`UPDATE feedback_requests SET status = 'rejected' WHERE id = $1`, [closed.id]);
    const conflict = await t.http().post('/feedback/supporters').send({ ref: closed.trackingCode, clientKey: clientKey() }).expect(409);
    expect(conflict.headers['content-type']).toContain('application/problem+json');

    const badQuery = await t.http().get('/feedback/nearby').query({ category: '171', lat: 'x', lon: 24.95 }).expect(400);
    expect(badQuery.body.errors).toEqual([expect.objectContaining({ field: 'lat' })]);
  });
});
