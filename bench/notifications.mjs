#!/usr/bin/env node
// notifications: 10,000 events through the notification service to an SMTP server.
//
//   npm run build && node bench/notifications.mjs [--events 10000] [--rate 800] [--burst]
//
// The bench process plays the producing service and the mail server: it writes
// fi.vaikuta.feedback.resolved.v1 events into an outbox (a database of its own, the same
// migration feedback uses), runs the real OutboxRelay to JetStream, and receives mail with
// smtp-server. The notification service runs as it does in production: `node dist/…/main.js`,
// its own database, NATS namespace and BullMQ prefix on the machine's Redis.
// Each event has its own consented recipient, so every event is exactly one email.
//
// Measured: throughput (messages received / time from the first event's commit to the last
// message), event-commit-to-SMTP latency per message (event `time`, stamped in the committing
// transaction, to the moment the SMTP server has the whole message), lost and duplicated
// messages (by Message-ID, which is the notification id). Goal: ≥ 500 msg/s, p99 ≤ 1 s.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(repoRoot, 'package.json'));
const dist = (p) => path.join(repoRoot, 'dist', p);
// BENCH_SERVICE_ROOT=<dir>: the service runs from <dir>/dist (an A/B of a build), the bench from this tree.
const serviceRoot = process.env.BENCH_SERVICE_ROOT ? path.resolve(process.env.BENCH_SERVICE_ROOT) : repoRoot;

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const EVENTS = opt('events', 10_000);
const RATE = opt('rate', 800); // events per second offered by the producer
const BURST = args.includes('--burst'); // all events committed at once: measures drain throughput
// Extra processes that only send (NOTIFICATIONS_PARTS=delivery), as a deployment scales delivery out.
const DELIVERY_PROCESSES = opt('delivery-processes', 0);
const BATCH = 50; // events per producer transaction
const GOALS = { throughput: 500, p99Ms: 1000 };

const { SMTPServer } = require('smtp-server');
const { DataSource } = require('typeorm');
const { createTestDatabase } = require(dist('libs/persistence/src/index.js'));
const { CreateMessagingTables1763800000000, OutboxRelay, StreamNaming, StreamProvisioner } = require(dist('libs/messaging/src/index.js'));
const { connect } = require('@nats-io/transport-node');
const { jetstreamManager } = require('@nats-io/jetstream');
const IORedis = require('ioredis');

const { CpuMeter, calibrate, withClient } = await import('./lib/harness.mjs');
const log = (m) => console.log(`[notifications bench] ${m}`);
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** utime + stime of a process in clock ticks (1/100 s), undefined once it has gone. */
function procTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return undefined;
  }
}

function otherPercent(cpu) {
  const ours = Object.entries(cpu.cpuSeconds).filter(([k]) => k !== 'postgresAll').reduce((sum, [, v]) => sum + v, 0);
  const cores = cpus().length;
  return Number(Math.max(0, cpu.machineBusyPercent - (100 * ours) / (cpu.wallSeconds * cores)).toFixed(1));
}

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const cleanupsOnFailure = [];

async function main() {
  const namespace = `bench_notif_${randomBytes(3).toString('hex')}`;
  const queuePrefix = `bench-notif-${randomBytes(3).toString('hex')}`;
  const producerDb = await createTestDatabase('bench_producer');
  const notifDb = await createTestDatabase('bench_notifications');
  const cleanups = cleanupsOnFailure;

  // --- the mail server: records arrival time by Message-ID
  const received = new Map(); // messageId -> [arrival ms, …]
  let firstMailAt = 0;
  let lastMailAt = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let head = '';
      let done = false;
      stream.on('data', (chunk) => {
        if (done) return;
        head += chunk.toString('latin1');
        if (head.includes('\r\n\r\n')) done = true;
      });
      stream.on('end', () => {
        const at = Date.now();
        const id = /^Message-ID:\s*<([^@>]+)@[^>]*>/im.exec(head)?.[1] ?? `unknown-${randomUUID()}`;
        const list = received.get(id) ?? [];
        list.push(at);
        received.set(id, list);
        firstMailAt ||= at;
        lastMailAt = at;
        callback();
      });
    },
  });
  // A client reset mid-transaction is re-emitted on the server; unheard, it would end the bench.
  smtp.on('error', (error) => console.error(`smtp: ${error.message}`));
  const smtpPort = await freePort();
  await new Promise((r) => smtp.listen(smtpPort, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => smtp.close(r)));

  // --- the producer: an outbox and the real relay
  const producer = new DataSource({ type: 'postgres', url: producerDb.url, migrations: [CreateMessagingTables1763800000000], extra: { max: 8 } });
  await producer.initialize();
  await producer.runMigrations();
  const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  const naming = new StreamNaming(namespace);
  await (await StreamProvisioner.connect(nc)).ensureStream(naming.streamDefinition('FEEDBACK'));
  const relay = new OutboxRelay(producer, nc, naming, { batchSize: 500, pollIntervalMs: 200, publishTimeoutMs: 5000, retentionHours: 1 });
  await relay.start();

  // --- the notification service, built and run as in production
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    AUTH_DEV_ISSUER: 'true',
    PORT: String(port),
    DATABASE_URL: notifDb.url,
    NATS_NAMESPACE: namespace,
    QUEUE_PREFIX: queuePrefix,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    LOG_LEVEL: 'warn',
  };
  // The node flags the service is deployed with (deploy/services.json), then
  // BENCH_SERVICE_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile it.
  const deployed = JSON.parse(readFileSync(path.join(repoRoot, 'deploy', 'services.json'), 'utf8')).find((s) => s.name === 'notifications');
  const nodeArgs = [...(deployed?.nodeArgs ?? []), ...(process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const pids = []; // the service first, then the delivery-only processes
  const startProcess = async (processEnv) => {
    const child = spawn(process.execPath, [...nodeArgs, path.join(serviceRoot, 'dist', 'services/notifications/src/main.js')], { env: processEnv, stdio: ['ignore', 'ignore', 'inherit'] });
    pids.push(child.pid);
    cleanups.push(async () => {
      child.kill('SIGTERM');
      await Promise.race([new Promise((r) => child.once('exit', r)), sleep(15_000)]);
    });
    for (let i = 0; ; i++) {
      const ok = await fetch(`http://127.0.0.1:${processEnv.PORT}/health/live`).then((r) => r.status < 500, () => false);
      if (ok) break;
      // 60 s: on a machine shared with other people's test runs a start can take that long.
      if (i > 240) throw new Error('the notification service did not start');
      await sleep(250);
    }
  };
  await startProcess(env);
  for (let i = 0; i < DELIVERY_PROCESSES; i++) {
    await startProcess({ ...env, PORT: String(await freePort()), NOTIFICATIONS_PARTS: 'delivery', DB_MIGRATE_ON_START: 'false' });
  }
  log(`service up on ${port} (+${DELIVERY_PROCESSES} delivery processes); ${EVENTS} events at ${BURST ? 'once (burst)' : `${RATE}/s`}`);

  // --- CPU per party from /proc while the events flow: each service process, the bench (producer,
  // relay, SMTP server), nats-server, Redis and all of PostgreSQL; separately the PostgreSQL
  // backends of this run's two databases, since other people's work shares the server.
  const calibration = calibrate();
  const meter = new CpuMeter({
    ...Object.fromEntries(pids.map((pid, i) => [i === 0 ? 'service' : `delivery${i}`, { pid }])),
    bench: { pid: process.pid },
    nats: { comm: 'nats-server' },
    redis: { comm: 'redis-server' },
    postgresAll: { comm: 'postgres' },
  });
  const ourBackends = () =>
    withClient(producerDb.url, async (c) => (await c.query(`SELECT pid FROM pg_stat_activity WHERE datname = ANY ($1)`, [[producerDb.name, notifDb.name]])).rows.map((r) => r.pid));
  const backendTicks = (list) => Object.fromEntries(list.map((pid) => [pid, procTicks(pid)]));
  const backends0 = backendTicks(await ourBackends());
  await meter.start();

  // --- produce
  const startedAt = Date.now();
  for (let sent = 0; sent < EVENTS; sent += BATCH) {
    const n = Math.min(BATCH, EVENTS - sent);
    if (!BURST) {
      const due = startedAt + (sent / RATE) * 1000;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    await producer.transaction(async (m) => {
      const values = [];
      const params = [];
      for (let i = 0; i < n; i++) {
        const id = randomUUID();
        const time = new Date().toISOString();
        const k = sent + i;
        const envelope = {
          specversion: '1.0',
          id,
          source: 'vaikuta/feedback',
          type: 'fi.vaikuta.feedback.resolved.v1',
          time,
          datacontenttype: 'application/json',
          data: {
            requestId: randomUUID(),
            trackingCode: `VKT-2026-${String(k).padStart(6, '0')}`,
            departmentCode: 'KYMP',
            categoryCode: '171',
            language: ['fi', 'sv', 'en'][k % 3],
            contact: { email: `bench-${k}@example.fi`, language: ['fi', 'sv', 'en'][k % 3] },
            resolution: 'Kuoppa paikattu. Kiitos ilmoituksesta!',
            by: { id: 'bench', role: 'case_worker' },
            resolvedAt: time,
          },
        };
        params.push(id, 'feedback.request.resolved', envelope.type, JSON.stringify(envelope));
        values.push(`($${params.length - 3}, $${params.length - 2}, $${params.length - 1}, $${params.length})`);
      }
      await m.query(`INSERT INTO outbox (id, subject, type, envelope) VALUES ${values.join(', ')}`, params);
    });
  }
  const producedAt = Date.now();
  log(`produced ${EVENTS} events in ${((producedAt - startedAt) / 1000).toFixed(1)} s`);

  // --- wait for every message, then a little longer for duplicates
  const deadline = Date.now() + 300_000;
  let lastCount = -1;
  while (received.size < EVENTS && Date.now() < deadline) {
    await sleep(500);
    if (received.size !== lastCount) {
      lastCount = received.size;
      if (process.stdout.isTTY) process.stdout.write(`\r  received ${received.size}/${EVENTS}`);
    }
  }
  process.stdout.write('\n');
  const cpu = await meter.stop();
  const backends1 = backendTicks(await ourBackends());
  // A backend that connected during the run started from zero.
  cpu.cpuSeconds.postgresOurs = Number((Object.entries(backends1).reduce((sum, [pid, t]) => sum + (t ?? 0) - (backends0[pid] ?? 0), 0) / 100).toFixed(2));
  await sleep(3000);

  // --- latency: event time (commit) → SMTP receipt, joined by notification id
  const svcDb = new DataSource({ type: 'postgres', url: notifDb.url, extra: { max: 2 } });
  await svcDb.initialize();
  const rows = await svcDb.query(`SELECT id, extract(epoch FROM event_time) * 1000 AS t, status FROM notifications`);
  // Where the time goes: event → row committed by the consumer, row → provider accepted.
  const [stages] = await svcDb.query(
    `SELECT percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM created_at - event_time) * 1000) AS planned,
            percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - created_at) * 1000) AS delivered
       FROM notifications`,
  );
  // Round trips matter more than SQL here: transactions the service committed per message.
  const [{ xacts }] = await svcDb.query(`SELECT xact_commit::int AS xacts FROM pg_stat_database WHERE datname = current_database()`);
  const statusCounts = Object.fromEntries((await svcDb.query(`SELECT status, count(*)::int AS n FROM notifications GROUP BY status`)).map((r) => [r.status, r.n]));
  await svcDb.destroy();
  const eventTime = new Map(rows.map((r) => [r.id, Number(r.t)]));
  const latencies = [];
  let duplicates = 0;
  let unknown = 0;
  for (const [id, arrivals] of received) {
    duplicates += arrivals.length - 1;
    const t = eventTime.get(id);
    if (t === undefined) unknown++;
    else latencies.push(arrivals[0] - t);
  }
  latencies.sort((a, b) => a - b);
  const lost = EVENTS - (received.size - unknown);
  const firstEventAt = Math.min(...rows.map((r) => Number(r.t)));
  const seconds = (lastMailAt - firstEventAt) / 1000;
  const throughput = received.size / seconds;
  const result = {
    events: EVENTS,
    mode: BURST ? 'burst' : `${RATE}/s offered`,
    deliveryProcesses: 1 + DELIVERY_PROCESSES,
    nodeArgs: nodeArgs.join(' '),
    received: received.size,
    lost,
    duplicated: duplicates,
    unknownMessages: unknown,
    rowStatus: statusCounts,
    seconds: Number(seconds.toFixed(2)),
    throughputPerSecond: Math.round(throughput),
    latencyMs: {
      p50: Math.round(pct(latencies, 50)),
      p90: Math.round(pct(latencies, 90)),
      p99: Math.round(pct(latencies, 99)),
      max: Math.round(latencies[latencies.length - 1]),
    },
    stagesMs: {
      eventToRow: { p50: Math.round(stages.planned[0]), p99: Math.round(stages.planned[1]) },
      rowToSmtpAccepted: { p50: Math.round(stages.delivered[0]), p99: Math.round(stages.delivered[1]) },
    },
    // CPU milliseconds per message received, per party (what transfers to a larger machine).
    cpuMsPerMessage: Object.fromEntries(Object.entries(cpu.cpuSeconds).map(([k, v]) => [k, Number(((1000 * v) / Math.max(1, received.size)).toFixed(3))])),
    // otherPercent: the machine's busy share that was not this run's (other people's processes,
    // including their PostgreSQL backends, which postgresAll counts).
    cpu: { wallSeconds: cpu.wallSeconds, machineBusyPercent: cpu.machineBusyPercent, otherPercent: otherPercent(cpu), stealPercent: cpu.stealPercent, percentOfMachine: cpu.percentOfMachine },
    calibration,
    loadAverage: (await import('node:os')).loadavg().map((x) => Number(x.toFixed(2))),
    serviceRoot: serviceRoot === repoRoot ? undefined : serviceRoot,
    serviceTransactionsPerMessage: Number((xacts / Math.max(1, received.size)).toFixed(2)),
    cpus: (await import('node:os')).cpus().length,
  };
  const met = throughput >= GOALS.throughput && result.latencyMs.p99 <= GOALS.p99Ms && lost === 0 && duplicates === 0;
  console.log(JSON.stringify(result, null, 2));
  log(met ? 'goal met (≥ 500 msg/s, p99 ≤ 1 s, none lost, none duplicated)' : 'GOAL NOT MET');

  // --- clean up
  await relay.stop();
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  await producer.destroy();
  const jsm = await jetstreamManager(nc);
  for await (const name of jsm.streams.names()) if (name.startsWith(`${namespace.toUpperCase()}_`)) await jsm.streams.delete(name);
  await nc.close();
  const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  for (let cursor = '0'; ; ) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    if ((cursor = next) === '0') break;
  }
  redis.disconnect();
  await producerDb.drop();
  await notifDb.drop();
  process.exit(met ? 0 : 1);
}

main().catch(async (error) => {
  console.error(error);
  // Stop the service processes started so far (they would outlive the bench otherwise).
  for (const c of cleanupsOnFailure.reverse()) await c().catch(() => undefined);
  process.exit(2);
});
