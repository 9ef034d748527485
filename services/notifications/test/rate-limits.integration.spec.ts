import { randomUUID } from 'node:crypto';
import { DEFAULT_CREDENTIAL_FAILURES, DEFAULT_RATE_LIMIT_CLASSES } from '@vaikuta/http';
import { NotificationsTestApp, startNotificationsTestApp } from './notifications-test-app';

// The shared HTTP layer in this service too: signed-in calls count as the staff API, and
// answers carry the security headers. Tiny limits and answers counted; no timing.
describe('notifications: request limits and security headers', () => {
  let t: NotificationsTestApp;
  beforeAll(async () => {
    t = await startNotificationsTestApp('ratelimits', {
      workers: { consumers: false, delivery: false, reconciler: false, digests: false },
      config: {
        rateLimits: {
          enabled: true,
          keyPrefix: `test:notif-limits:${randomUUID()}:`,
          classes: { ...DEFAULT_RATE_LIMIT_CLASSES, 'staff-api': { perAddress: { points: 50, seconds: 600 }, perCaller: { points: 2, seconds: 600 } } },
          credentialFailures: DEFAULT_CREDENTIAL_FAILURES,
        },
      },
    });
  }, 60_000);
  afterAll(() => t?.close(), 60_000);

  it('limits a signed-in caller: the third admin call is 429 problem+json with Retry-After', async () => {
    const admin = await t.token('admin', 'admin-busy');
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await t.http().get('/notifications/admin/dead-letters').set('Authorization', `Bearer ${admin}`));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(answers[2].headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(answers[2].headers['retry-after'])).toBeGreaterThan(0);
    // Another admin has a count of their own.
    const other = await t.token('admin', 'admin-calm');
    await t.http().get('/notifications/admin/dead-letters').set('Authorization', `Bearer ${other}`).expect(200);
  });

  it('answers with nosniff and no-store', async () => {
    const admin = await t.token('admin', 'admin-headers');
    const res = await t.http().get('/notifications/admin/dead-letters').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});
