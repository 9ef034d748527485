import { randomUUID } from 'node:crypto';
import { FeedbackEvents } from '@vaikuta/contracts';
import { publishTestEvent, ServiceProcess, startServiceProcess, waitForStreamEvent } from './service-process';

/**
 * The harness on a real service: feedback from its main.ts in a child process, on real
 * PostgreSQL, NATS and Redis, found through deploy/services.json.
 */
describe('startServiceProcess', () => {
  let feedback: ServiceProcess;

  beforeAll(async () => {
    feedback = await startServiceProcess('feedback', { label: 'harness' });
  });

  afterAll(async () => {
    await feedback?.close();
  });

  it('runs the service on a database of its own, migrated and seeded by the service’s test seed', async () => {
    expect(feedback.db.name).toMatch(/^vaikuta_test_feedback_harness_/);
    const [{ name }] = await feedback.dataSource.query('SELECT current_database() AS name');
    expect(name).toBe(feedback.db.name);
    const categories = await feedback.http().get('/feedback/categories').expect(200);
    expect(JSON.stringify(categories.body)).toContain('171');
  });

  it('signs tokens the service accepts, and only those', async () => {
    await feedback.http().get('/feedback/queues/KYMP').expect(401);
    const token = await feedback.token('case_worker', ['KYMP']);
    await feedback.http().get('/feedback/queues/KYMP').auth(token, { type: 'bearer' }).expect(200);
  });

  it('sees the service’s events land in its stream, in the test’s own namespace', async () => {
    const { body } = await feedback
      .http()
      .post('/feedback/requests')
      .send({ kind: 'fault', categoryCode: '171', description: 'Harness: a hole in the road.', address: 'Testikatu 1', contactConsent: false })
      .expect(201);
    const submitted = await waitForStreamEvent(feedback.reader, feedback.stream, FeedbackEvents.submitted.type, (data) => data.requestId === body.id);
    expect(submitted.subject).toBe(`${feedback.namespace}.${FeedbackEvents.submitted.subject}`);
  });

  it('publishes a test event onto the namespace, where the stream keeps it once', async () => {
    const id = randomUUID();
    const data = { requestId: randomUUID(), marker: 'harness' };
    await publishTestEvent(feedback.reader, feedback.namespace, FeedbackEvents.published, data, id);
    await feedback.publish(FeedbackEvents.published, data, id); // the same id again: deduplicated
    const found = await waitForStreamEvent(feedback.reader, feedback.stream, FeedbackEvents.published.type, (d) => d.marker === 'harness');
    expect(found.event.id).toBe(id);
    expect((await feedback.reader.events(feedback.stream)).filter((e) => e.event.id === id)).toHaveLength(1);
  });

  it('fails a start with the service’s own words when it cannot start, and leaves nothing behind', async () => {
    await expect(startServiceProcess('feedback', { label: 'harness_bad', env: { GEOCODER_TIMEOUT_MS: '5' }, readyTimeoutMs: 60_000 })).rejects.toThrow(
      /stopped before it was ready[^]*GEOCODER_TIMEOUT_MS/,
    );
    const left = await feedback.dataSource.query(`SELECT datname FROM pg_database WHERE datname LIKE 'vaikuta_test_feedback_harness_bad_%'`);
    expect(left).toEqual([]);
  });

  it('refuses a service deploy/services.json does not list', async () => {
    await expect(startServiceProcess('no_such_service', { label: 'x' })).rejects.toThrow('deploy/services.json lists no service "no_such_service"');
  });
});
