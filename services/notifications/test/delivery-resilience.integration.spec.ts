import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { FeedbackEvents } from '@vaikuta/contracts';
import { TS_REGISTER, waitFor, TestSmtpServer } from '@vaikuta/testing';
import { feedbackRef, now, NotificationsTestApp, startNotificationsTestApp, worker } from './notifications-test-app';

jest.setTimeout(120_000);

const resolvedFor = (email: string) => ({
  ...feedbackRef({ email, language: 'fi' }),
  resolution: 'Korjattu.',
  by: worker,
  resolvedAt: now(),
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Exactly one message for each address, none for anyone else. */
function expectExactlyOneEach(smtp: TestSmtpServer, addresses: string[]) {
  const counts = new Map<string, number>();
  for (const m of smtp.messages) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
  expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  expect([...counts.keys()].sort()).toEqual([...addresses].sort());
}

describe('delivery when a worker dies mid-batch', () => {
  let smtp: TestSmtpServer;
  let n: NotificationsTestApp;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    // This process plans rows and reconciles; the child process sends.
    n = await startNotificationsTestApp('kill', {
      config: { smtpUrl: smtp.url, deliveryConcurrency: 4, smtpMaxConnections: 4 },
      workers: { delivery: false },
    });
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await n?.close();
    await smtp?.close();
  });

  const startChild = async (): Promise<ChildProcess> => {
    const proc = spawn(process.execPath, ['-r', TS_REGISTER, path.join(__dirname, 'delivery-worker.child.ts')], {
      env: {
        ...process.env,
        NOTIFICATIONS_TEST_CONFIG: JSON.stringify(n.config),
        // The killed worker's active jobs become stalled quickly, for the new worker to take.
        DELIVERY_LOCK_MS: '2000',
        DELIVERY_STALLED_INTERVAL_MS: '1000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      proc.stdout!.on('data', (b: Buffer) => b.toString().includes('ready') && resolve());
      proc.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    });
    return proc;
  };

  it('SIGKILLed while messages are in flight, a restarted worker still sends each exactly once', async () => {
    const addresses = Array.from({ length: 30 }, (_, i) => `kill-${i}@example.fi`);
    for (const a of addresses) await n.publish(FeedbackEvents.resolved, resolvedFor(a));
    await waitFor(async () => (await n.dataSource.query(`SELECT count(*)::int AS n FROM notifications`))[0].n === 30, {
      what: '30 rows planned',
    });

    child = await startChild();
    // Let the first messages through, then park every SMTP transaction at RCPT TO.
    await waitFor(() => smtp.messages.length >= 8, { what: 'first messages', timeoutMs: 20_000 });
    smtp.holdRecipients = true;
    // With concurrency 4, four jobs end up parked mid-transaction: that is the moment to kill.
    await waitFor(() => smtp.held.length >= 4, { what: 'four sends in flight', timeoutMs: 20_000 });
    const deliveredBeforeKill = smtp.messages.length;
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    smtp.releaseHeld(); // their client is gone: those transactions never reach DATA

    const [{ sending }] = await n.dataSource.query(`SELECT count(*)::int AS sending FROM notifications WHERE status = 'sending'`);
    expect(sending).toBeGreaterThanOrEqual(4); // leased by the dead worker
    expect(deliveredBeforeKill).toBeLessThan(30);

    child = await startChild();
    await waitFor(() => smtp.messages.length >= 30, { what: 'all 30 messages', timeoutMs: 60_000 });
    await waitFor(async () => (await n.dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE status = 'sent'`))[0].n === 30, {
      what: 'all rows sent',
    });
    await new Promise((r) => setTimeout(r, 1500)); // a duplicate would show up now
    expectExactlyOneEach(smtp, addresses);
    child.kill('SIGTERM');
  });
});

describe('delivery when Redis goes away', () => {
  let smtp: TestSmtpServer;
  let n: NotificationsTestApp;
  let redis: ChildProcess | undefined;
  let port: number;

  const startRedis = async () => {
    const proc = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], { stdio: 'ignore' });
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const s = require('node:net').connect(port, '127.0.0.1');
          s.on('connect', () => (s.destroy(), resolve(true)));
          s.on('error', () => resolve(false));
        }),
      { what: 'redis-server' },
    );
    return proc;
  };

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis();
    smtp = await TestSmtpServer.start();
    n = await startNotificationsTestApp('redis', { config: { smtpUrl: smtp.url, redisUrl: `redis://127.0.0.1:${port}` } });
  });
  afterAll(async () => {
    await n?.close();
    redis?.kill('SIGKILL');
    await smtp?.close();
  });

  it('loses nothing when Redis dies (and forgets every job) during delivery, and comes back', async () => {
    const first = Array.from({ length: 20 }, (_, i) => `before-${i}@example.fi`);
    const second = Array.from({ length: 20 }, (_, i) => `during-${i}@example.fi`);
    // Slow the SMTP side down so the kill lands while a batch is being delivered.
    smtp.holdRecipients = true;
    for (const a of first) await n.publish(FeedbackEvents.resolved, resolvedFor(a));
    await waitFor(() => smtp.held.length > 0, { what: 'deliveries under way' });

    redis!.kill('SIGKILL'); // no persistence: every queued job is gone
    await new Promise((r) => redis!.once('exit', r));
    smtp.releaseHeld();
    // Events keep arriving while Redis is away: their rows commit, their jobs cannot be added.
    for (const a of second) await n.publish(FeedbackEvents.resolved, resolvedFor(a));
    await waitFor(async () => (await n.dataSource.query(`SELECT count(*)::int AS n FROM notifications`))[0].n === 40, {
      what: 'all 40 rows planned without Redis',
    });
    const readyWhileDown = await n.http().get('/health/ready');
    expect(readyWhileDown.status).toBeGreaterThanOrEqual(500); // not ready without Redis

    redis = await startRedis();
    await waitFor(() => smtp.messages.length >= 40, { what: 'all 40 messages after Redis returned', timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 1500));
    expectExactlyOneEach(smtp, [...first, ...second]);
    await waitFor(async () => (await n.http().get('/health/ready')).status === 200, { what: 'ready again' });
  });
});
