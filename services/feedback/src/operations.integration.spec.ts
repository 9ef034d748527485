import { startFeedbackTestApp, FeedbackTestApp } from '../test/feedback-test-app';

/** What operators and their tools rely on: probes and metrics without tokens, admin APIs with. */
describe('feedback service operations endpoints', () => {
  let t: FeedbackTestApp;
  beforeAll(async () => {
    t = await startFeedbackTestApp('operations');
  });
  afterAll(() => t?.close());

  it('answers probes and scrapes without a token', async () => {
    await t.http().get('/health/live').expect(200);
    const ready = await t.http().get('/health/ready').expect(200);
    expect(JSON.stringify(ready.body)).toContain('database');
    await t.http().post('/feedback/requests').send({ kind: 'idea', categoryCode: '310', description: 'Lisää koripallokoreja kentälle.' }).expect(201);
    const metrics = await t.http().get('/metrics').expect(200);
    expect(metrics.text).toContain('vaikuta_outbox_pending');
    expect(metrics.text).toContain('vaikuta_dead_letters');
    expect(metrics.text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/feedback\/requests"/);
  });

  it('keeps dead letters for admins', async () => {
    await t.http().get('/feedback/admin/dead-letters').expect(401);
    await t.http().get('/feedback/admin/dead-letters').auth(await t.token('case_worker', ['KYMP']), { type: 'bearer' }).expect(403);
    const list = await t.http().get('/feedback/admin/dead-letters').auth(await t.token('admin'), { type: 'bearer' }).expect(200);
    expect(list.body).toEqual({ items: [] });
  });
});
