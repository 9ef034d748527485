import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { PortalTestEnv, startPortalTestEnv } from './portal-test-env';

/**
 * Sign-in limits at the portal, and what the portal's API proxy passes on to the feedback
 * service for its limits and Idempotency-Key. Tiny limits, answers counted; no timing.
 * (No page is opened: `.browser` because the shared test environment starts Chromium.)
 */
describe('limits and Idempotency-Key through the portal', () => {
  let env: PortalTestEnv;
  const saved = { ...process.env };
  beforeAll(async () => {
    Object.assign(process.env, {
      RATE_LIMITS: 'on',
      RATE_LIMIT_KEY_PREFIX: `test:portal-limits:${randomUUID()}:`,
      RATE_LIMIT_LOGIN_PER_ADDRESS: '2/600',
      RATE_LIMIT_ANONYMOUS_INTAKE_PER_ADDRESS: '2/600',
      RATE_LIMIT_STAFF_API_PER_ADDRESS: '3/600',
    });
    env = await startPortalTestEnv('portallimits');
  }, 120_000);
  afterAll(async () => {
    process.env = saved;
    await env?.close();
  }, 60_000);

  const report = (description: string) => ({ kind: 'fault', categoryCode: '171', description, lat: 60.1841, lon: 24.9494, districtCode: 'kallio' });

  it('limits sign-ins per address: the third /login from one address is 429 with Retry-After', async () => {
    const agent = request.agent(env.url);
    const page = await agent.get('/login').set('X-Forwarded-For', '198.51.100.40').expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    expect(token).toBeDefined();
    const signIn = () => agent.post('/login').set('X-Forwarded-For', '198.51.100.40').type('form').send({ _csrf: token, role: 'resident', name: 'Rajoitettu' });
    const statuses = [(await signIn()).status, (await signIn()).status];
    const refused = await signIn();
    expect([...statuses, refused.status]).toEqual([303, 303, 429]);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    // A page that says what happened, in the person's language (here the default, Finnish).
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    expect(refused.text).toContain('Liian monta yritystä');
    // Another address signs in.
    await agent.post('/login').set('X-Forwarded-For', '198.51.100.41').type('form').send({ _csrf: token, role: 'resident', name: 'Toinen' }).expect(303);
  });

  // Every hop here is loopback (trusted), so this shows the service limiting per client address
  // through the portal; that the proxy appends the peer it heard from is forwardedFor's unit test.
  it('lets the service count each client address through the portal, not the portal as one client', async () => {
    const post = (address: string) => request(env.url).post('/api/feedback/requests').set('X-Forwarded-For', address).send(report(`Portaalin kautta osoitteesta ${address}.`));
    expect([(await post('198.51.100.50')).status, (await post('198.51.100.50')).status, (await post('198.51.100.50')).status]).toEqual([201, 201, 429]);
    await post('198.51.100.51').expect(201);
  });

  it("says whose the pages' own calls to the service are: one person's limit is not everyone's", async () => {
    const agent = request.agent(env.url);
    const login = await agent.get('/login').set('X-Forwarded-For', '198.51.100.70').expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(login.text)?.[1];
    await agent.post('/login').set('X-Forwarded-For', '198.51.100.70').type('form').send({ _csrf: token, role: 'case_worker', department: 'KYMP', name: 'Kiireinen' }).expect(303);
    // Each queue page calls the service at least once, so the fourth load at the latest meets its limit of 3.
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await agent.get('/staff/queue/KYMP').set('X-Forwarded-For', '198.51.100.71')).status);
    expect(statuses).toContain(429);
    // The same person from another address is another count at the service: the portal named the address.
    await agent.get('/staff/queue/KYMP').set('X-Forwarded-For', '198.51.100.72').expect(200);
  });

  it('passes Idempotency-Key on: a repeated POST through the portal makes one report', async () => {
    const body = report('Tuplaklikkaus portaalin API:n kautta.');
    const send = () => request(env.url).post('/api/feedback/requests').set('X-Forwarded-For', '198.51.100.60').set('Idempotency-Key', 'portal-double').send(body);
    const first = await send().expect(201);
    const second = await send().expect(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers['idempotent-replayed']).toBe('true');
    const [{ n }] = await env.feedback.dataSource.query(`SELECT count(*)::int AS n FROM feedback_requests WHERE description = $1`, [body.description]);
    expect(n).toBe(1);
  });
});
