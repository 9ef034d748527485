import { randomUUID } from 'node:crypto';
import { DEFAULT_RATE_LIMIT_CLASSES, RateLimitSettings } from '@vaikuta/http';
import { startFeedbackTestApp, FeedbackTestApp } from '../../test/feedback-test-app';
import { issueOpen311Key, postOpen311Form } from '../../test/open311/open311-test-client';

/**
 * Tiny limits, each in its own Redis key space, and answers counted: nothing here depends on
 * timing (every window is ten minutes long, far longer than the test).
 */
function tinyLimits(): RateLimitSettings {
  const rule = (points: number) => ({ points, seconds: 600 });
  return {
    enabled: true,
    keyPrefix: `test:ratelimits:${randomUUID()}:`,
    classes: {
      ...DEFAULT_RATE_LIMIT_CLASSES,
      'anonymous-intake': { perAddress: rule(3), perCaller: rule(2) },
      'open311-write': { perAddress: rule(50), perCaller: rule(2) },
      'staff-api': { perAddress: rule(50), perCaller: rule(2) },
    },
    credentialFailures: { slowDownAfter: 1, lockOutAfter: 3, windowSeconds: 600, lockoutSeconds: 600, delayMs: 1, maxDelayMs: 4 },
  };
}

const report = (description: string) => ({ kind: 'fault', categoryCode: '171', description, lat: 60.1841, lon: 24.9494, districtCode: 'kallio' });

describe('request limits (Redis)', () => {
  let t: FeedbackTestApp;
  beforeAll(async () => {
    t = await startFeedbackTestApp('ratelimits', { rateLimits: tinyLimits() });
  }, 60_000);
  afterAll(() => t?.close(), 60_000);

  const rows = async (description: string) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM feedback_requests WHERE description = $1`, [description]))[0].n as number;
  // The test client is on loopback, a trusted proxy by default (TRUST_PROXY), so it may name the client.
  const from = (address: string) => ({ 'X-Forwarded-For': address });

  it('limits anonymous intake per client address: 429 problem+json with Retry-After and RateLimit-* headers', async () => {
    const description = 'Rajoitettu lähettäjä osoitteesta 198.51.100.1.';
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await t.http().post('/feedback/requests').set(from('198.51.100.1')).send(report(description)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 429]);
    expect(answers.map((a) => a.headers['ratelimit-remaining'])).toEqual(['2', '1', '0', '0']);
    expect(answers[0].headers['ratelimit-limit']).toBe('3');
    const refused = answers[3];
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, title: 'Too many requests' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(600);
    expect(Number(refused.headers['ratelimit-reset'])).toBeGreaterThan(0);
    expect(await rows(description)).toBe(3);
    // Another address has its own count.
    await t.http().post('/feedback/requests').set(from('198.51.100.2')).send(report(description)).expect(201);
  });

  it('limits a signed-in caller by token subject, whichever address they come from', async () => {
    const token = await t.token('resident', [], 'resident-busy');
    const answers = [];
    for (const address of ['198.51.100.11', '198.51.100.12', '198.51.100.13']) {
      answers.push(await t.http().post('/feedback/requests').set(from(address)).set('Authorization', `Bearer ${token}`).send(report('Kirjautunut asukas lähettää paljon.')));
    }
    expect(answers.map((a) => a.status)).toEqual([201, 201, 429]);
  });

  it('counts signed-in calls of other routes as the staff API', async () => {
    const worker = await t.token('case_worker', ['KYMP'], 'worker-busy');
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.http().get('/feedback/queues/KYMP').set('Authorization', `Bearer ${worker}`)).status);
    expect(statuses).toEqual([200, 200, 429]);
    // Anonymous public reads are not counted as staff calls.
    for (let i = 0; i < 3; i++) await t.http().get('/feedback/categories').expect(200);
  });

  describe('Open311', () => {
    let key: { id: string; apiKey: string };
    beforeAll(async () => {
      key = await issueOpen311Key(t, 'busy app');
    });
    const form = (apiKey: string) => ({ api_key: apiKey, service_code: '410', description: 'Open311-sovellus lähettää paljon.', lat: '60.2051', long: '24.9626' });

    it('limits writes per API key, answering 429 in Open311 format with Retry-After', async () => {
      const answers = [];
      for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) answers.push(await postOpen311Form(t, form(key.apiKey)).set(from(address)));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 429]);
      const refused = answers[2];
      expect(refused.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(refused.body).toEqual([{ code: 429, description: expect.stringMatching(/Too many requests/) }]);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      const xml = await t.http().post('/open311/v2/requests.xml').type('form').send(form(key.apiKey)).set(from('203.0.113.4'));
      expect(xml.status).toBe(429);
      expect(xml.text).toContain('<code>429</code>');
    });

    it('locks out an address after repeated wrong api_keys, even for a right key, and the wrong key everywhere', async () => {
      const wrong = form('not-a-key-' + randomUUID());
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await postOpen311Form(t, wrong).set(from('192.0.2.66'))).status);
      // Three failures (lockOutAfter) are answered 403; from then on the address is refused before any look-up.
      expect(statuses).toEqual([403, 403, 403, 429]);
      const fresh = await issueOpen311Key(t, 'right key, locked-out address');
      const locked = await postOpen311Form(t, form(fresh.apiKey)).set(from('192.0.2.66')).expect(429);
      expect(locked.body).toEqual([{ code: 429, description: expect.stringMatching(/wrong keys/) }]);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      // The guessed key is locked out from another address too; a right key from there is not.
      await postOpen311Form(t, wrong).set(from('192.0.2.67')).expect(429);
      await postOpen311Form(t, form(fresh.apiKey)).set(from('192.0.2.67')).expect(201);
    });
  });
});

describe('request limits while Redis is away', () => {
  let t: FeedbackTestApp;
  beforeAll(async () => {
    // Nothing listens on port 1: every Redis command fails at once.
    t = await startFeedbackTestApp('ratelimits_noredis', { rateLimits: tinyLimits(), redisUrl: 'redis://127.0.0.1:1' });
  }, 60_000);
  afterAll(() => t?.close(), 60_000);

  it('still serves and still limits, counting in memory (never a 500)', async () => {
    const description = 'Redis on poissa, palvelu toimii silti.';
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.http().post('/feedback/requests').set('X-Forwarded-For', '198.51.100.99').send(report(description))).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
  });

  it('serves an Idempotency-Key request without the duplicate check rather than failing', async () => {
    const res = await t.http().post('/feedback/requests').set('X-Forwarded-For', '198.51.100.98').set('Idempotency-Key', 'no-redis').send(report('Ilman Redistä avain ei estä kaksoiskappaletta.'));
    expect(res.status).toBe(201);
  });
});
