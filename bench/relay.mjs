// relay: commit-to-stream latency of the transactional outbox at a fixed rate, against raw
// js.publish of the same payloads at the same rate with no database, in the same run.
//
//   npm run bench -- relay [--duration 20] [--rate 1000] [--writers 8] [--no-build]
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CpuMeter,
  environment,
  log,
  natsConnect,
  numberOption,
  repoRoot,
  require,
  round,
  seedCatalog,
  serverInfo,
  standardCpuGroups,
  summarize,
  table,
  verdict,
  waitForQuiet,
  withBenchmark,
  writeResults,
} from './lib/harness.mjs';

export const GOALS = { p99Ms: 50 };
const SUBJECT = 'feedback.request.resolved';
const TYPE = 'fi.vaikuta.feedback.resolved.v1';
const PUBLISH_TIMEOUT_MS = 5000; // the relay's default
const STOP = Symbol('stop');

/** A fi.vaikuta.feedback.resolved.v1 CloudEvent as OutboxWriter would write it. */
function resolvedEnvelope(n) {
  const id = randomUUID();
  const now = new Date().toISOString();
  return {
    id,
    envelope: JSON.stringify({
      specversion: '1.0',
      id,
      source: 'vaikuta/feedback',
      type: TYPE,
      time: now,
      datacontenttype: 'application/json',
      correlationid: randomUUID(),
      data: {
        requestId: randomUUID(),
        trackingCode: `VKT-2026-${String(n).padStart(6, '0')}`,
        departmentCode: 'KYMP',
        categoryCode: '171',
        language: 'fi',
        resolution: 'Kuoppa paikattu. Kiitos ilmoituksesta!',
        by: { id: 'dev-case_worker', role: 'case_worker' },
        resolvedAt: now,
      },
    }),
  };
}

/** Calls fire(n) at a fixed rate for durationMs; fire may be async (its promises are kept). */
async function atFixedRate({ rate, durationMs, fire }) {
  const start = performance.now();
  let issued = 0;
  const pending = [];
  while (true) {
    const elapsed = performance.now() - start;
    if (elapsed >= durationMs) break;
    const due = Math.floor((elapsed * rate) / 1000);
    while (issued < due) pending.push(fire(issued++));
    await sleep(1);
  }
  await Promise.all(pending);
  return { issued, seconds: (performance.now() - start) / 1000 };
}

/** Receives everything on a stream through an ordered consumer and notes when each id arrived. */
async function receiver(nc, stream, filter) {
  const { jetstream, DeliverPolicy } = require('@nats-io/jetstream');
  const js = jetstream(nc);
  const consumer = await js.consumers.get(stream, { filter_subjects: filter, deliver_policy: DeliverPolicy.New });
  const received = new Map();
  let duplicates = 0;
  const messages = await consumer.consume({
    callback: (m) => {
      const at = performance.now();
      const id = m.headers?.get('Nats-Msg-Id') || JSON.parse(m.string()).id;
      if (received.has(id)) duplicates++;
      else received.set(id, at);
    },
  });
  return {
    received,
    get duplicates() {
      return duplicates;
    },
    stop: () => messages.stop(),
  };
}

async function waitForAll(rx, expected, timeoutMs) {
  const start = performance.now();
  while (rx.received.size < expected && performance.now() - start < timeoutMs) await sleep(20);
  await sleep(1000); // a late duplicate would show up here
}

async function rawPublishBaseline({ nc, stream, subject, rate, durationMs }) {
  const { jetstream } = require('@nats-io/jetstream');
  const js = jetstream(nc);
  const rx = await receiver(nc, stream, subject);
  const sentAt = new Map();
  const ackMs = [];
  let failed = 0;
  const cpu = new CpuMeter(standardCpuGroups(-1));
  await cpu.start();
  const run = await atFixedRate({
    rate,
    durationMs,
    fire: async (n) => {
      const { id, envelope } = resolvedEnvelope(n);
      const t0 = performance.now();
      sentAt.set(id, t0);
      try {
        await js.publish(subject, envelope, { msgID: id, timeout: PUBLISH_TIMEOUT_MS });
        ackMs.push(performance.now() - t0);
      } catch {
        failed++;
      }
    },
  });
  await waitForAll(rx, run.issued, 15_000);
  const cpuUse = await cpu.stop();
  await rx.stop();
  const receiveMs = [...sentAt].filter(([id]) => rx.received.has(id)).map(([id, t]) => rx.received.get(id) - t);
  return {
    sent: run.issued,
    received: rx.received.size,
    duplicates: rx.duplicates,
    publishFailures: failed,
    achievedRate: round(run.issued / run.seconds, 1),
    publishToAckMs: summarize(ackMs),
    publishToReceiveMs: summarize(receiveMs),
    cpu: cpuUse,
  };
}

async function outboxRun({ ctx, nc, stream, subject, rate, durationMs, writers }) {
  const pg = require('pg');
  const clients = await Promise.all(
    Array.from({ length: writers }, async () => {
      const c = new pg.Client({ connectionString: ctx.url });
      c.on('error', (e) => log(`writer connection: ${e.message}`));
      await c.connect();
      return c;
    }),
  );
  const rx = await receiver(nc, stream, subject);
  const committedAt = new Map();
  const scheduleLagMs = [];
  const queue = [];
  const idle = [];
  let failed = 0;
  const insertOne = async (client, job) => {
    try {
      await client.query('BEGIN');
      await client.query('INSERT INTO outbox (id, subject, type, envelope) VALUES ($1, $2, $3, $4)', [job.id, SUBJECT, TYPE, job.envelope]);
      await client.query('COMMIT');
      const t = performance.now();
      committedAt.set(job.id, t);
      scheduleLagMs.push(t - job.scheduledAt);
    } catch (error) {
      failed++;
      await client.query('ROLLBACK').catch(() => undefined);
      if (failed < 5) log(`outbox insert failed: ${error.message}`);
    }
  };
  // Each writer takes the next scheduled event; with all busy, events wait (and show as schedule lag).
  const work = async (client) => {
    for (;;) {
      const job = queue.length ? queue.shift() : await new Promise((resolve) => idle.push(resolve));
      if (job === STOP) return;
      await insertOne(client, job);
    }
  };
  const loops = clients.map(work);
  const submit = (job) => {
    const waiting = idle.shift();
    if (waiting) waiting(job);
    else queue.push(job);
  };
  const cpu = new CpuMeter(standardCpuGroups(ctx.service.pid));
  await cpu.start();
  const run = await atFixedRate({
    rate,
    durationMs,
    fire: (n) => submit({ ...resolvedEnvelope(n), scheduledAt: performance.now() }),
  });
  for (let i = 0; i < writers; i++) submit(STOP);
  await Promise.all(loops);
  const writeSeconds = run.seconds;
  await waitForAll(rx, committedAt.size, 15_000);
  const cpuUse = await cpu.stop();
  await rx.stop();
  await Promise.all(clients.map((c) => c.end()));

  const latencies = [];
  for (const [id, t] of committedAt) if (rx.received.has(id)) latencies.push(rx.received.get(id) - t);
  const unexpected = [...rx.received.keys()].filter((id) => !committedAt.has(id)).length;
  const db = await (async () => {
    const c = new pg.Client({ connectionString: ctx.url });
    await c.connect();
    try {
      const { rows } = await c.query(`
        SELECT count(*)::int AS rows, count(*) FILTER (WHERE published_at IS NULL)::int AS pending,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM published_at - created_at) * 1000) AS p50,
               percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM published_at - created_at) * 1000) AS p99,
               max(extract(epoch FROM published_at - created_at) * 1000) AS max
          FROM outbox WHERE type = $1`, [TYPE]);
      return rows[0];
    } finally {
      await c.end();
    }
  })();
  return {
    sent: committedAt.size,
    insertFailures: failed,
    received: rx.received.size,
    receivedNotSent: unexpected,
    duplicates: rx.duplicates,
    achievedRate: round(committedAt.size / writeSeconds, 1),
    writers,
    commitToReceiveMs: summarize(latencies),
    scheduleToCommitMs: summarize(scheduleLagMs),
    // created_at (insert, before commit) to published_at (relay marks it, after the publish ack), by the database clock.
    insertToMarkedPublishedMs: { rows: db.rows, pending: db.pending, p50: round(db.p50, 3), p99: round(db.p99, 3), max: round(db.max, 3) },
    cpu: cpuUse,
  };
}

export async function run(options) {
  const duration = numberOption(options, 'duration', 20);
  const rate = numberOption(options, 'rate', 1000);
  const writers = numberOption(options, 'writers', 8);
  const deadlineMs = (120 + 2 * duration + 60 + 2 * 180) * 1000;
  const rawNamespace = 'bench_relay_raw';
  const profile = options.profile === 'true';

  return withBenchmark(
    { name: 'relay', port: numberOption(options, 'port', 3903), deadlineMs, profile, extraStreams: ['BENCH_RELAY_RAW_FEEDBACK'] },
    async (ctx) => {
      const env = environment();
      await ctx.service.start();
      await seedCatalog(ctx.url);
      const server = await serverInfo(ctx.url);

      // The envelopes must pass the catalogue, although the relay does not check them again.
      const { EventCatalogue } = require(path.join(repoRoot, 'dist/libs/contracts/src/index.js'));
      EventCatalogue.validate(JSON.parse(resolvedEnvelope(1).envelope));

      const nc = await natsConnect();
      try {
        const { StreamNaming } = require(path.join(repoRoot, 'dist/libs/messaging/src/stream-naming.js'));
        const { StreamProvisioner } = require(path.join(repoRoot, 'dist/libs/messaging/src/stream-provisioner.js'));
        const serviceNaming = new StreamNaming(ctx.namespace);
        const rawNaming = new StreamNaming(rawNamespace);
        // The baseline stream is made by the same code and settings as the service's.
        await (await StreamProvisioner.connect(nc)).ensureStream(rawNaming.streamDefinition('FEEDBACK'));

        await waitForQuiet();
        log(`baseline: raw js.publish of the same envelopes at ${rate}/s for ${duration} s, no database`);
        const baseline = await rawPublishBaseline({
          nc,
          stream: rawNaming.stream('FEEDBACK'),
          subject: rawNaming.subject(SUBJECT),
          rate,
          durationMs: duration * 1000,
        });

        await waitForQuiet();
        log(`outbox: ${rate}/s committed into the outbox by ${writers} connections for ${duration} s; relay → ${serviceNaming.stream('FEEDBACK')}`);
        const outbox = await outboxRun({
          ctx,
          nc,
          stream: serviceNaming.stream('FEEDBACK'),
          subject: serviceNaming.subject(SUBJECT),
          rate,
          durationMs: duration * 1000,
          writers,
        });

        await ctx.service.stop();
        const serviceProfile = ctx.service.profileSummary();
        const complete = outbox.sent === outbox.received && outbox.duplicates === 0 && outbox.receivedNotSent === 0;
        const results = {
          benchmark: 'relay',
          environment: env,
          postgres: server,
          nats: { server: nc.info?.version, url: nc.getServer?.() },
          parameters: { rate, durationSeconds: duration, writers, subject: SUBJECT, type: TYPE, envelopeBytes: resolvedEnvelope(1).envelope.length },
          goals: GOALS,
          outbox,
          baseline,
          cpuMsPerEvent: {
            outbox: Object.fromEntries(Object.entries(outbox.cpu.cpuSeconds).map(([k, v]) => [k, round((1000 * v) / outbox.sent, 3)])),
            rawPublish: Object.fromEntries(Object.entries(baseline.cpu.cpuSeconds).map(([k, v]) => [k, round((1000 * v) / baseline.sent, 3)])),
          },
          ratios: {
            p50: round(outbox.commitToReceiveMs.p50 / baseline.publishToReceiveMs.p50, 2),
            p99: round(outbox.commitToReceiveMs.p99 / baseline.publishToReceiveMs.p99, 2),
          },
          serviceProfile,
          verdict: {
            p99: verdict(outbox.commitToReceiveMs.p99 <= GOALS.p99Ms),
            'all received once': verdict(complete),
            rate: verdict(outbox.achievedRate >= 0.98 * rate),
          },
        };
        const file = writeResults('relay', results);

        const o = outbox.commitToReceiveMs;
        const b = baseline.publishToReceiveMs;
        const a = baseline.publishToAckMs;
        console.log(`\n== relay: outbox commit → JetStream receipt at ${rate}/s for ${duration} s (commit ${env.commit.slice(0, 8)}; calibration ${env.calibration.sha256Of64MiBMs} ms CPU, ${env.calibration.stat20kMs} ms syscalls)`);
        console.log(
          table([
            ['', 'rate/s', 'sent', 'received', 'dups', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
            ['outbox → relay → stream (commit→receipt)', outbox.achievedRate, outbox.sent, outbox.received, outbox.duplicates, o.p50, o.p90, o.p99, o.max],
            ['raw js.publish (publish→receipt)', baseline.achievedRate, baseline.sent, baseline.received, baseline.duplicates, b.p50, b.p90, b.p99, b.max],
            ['raw js.publish (publish→ack)', '', '', '', '', a.p50, a.p90, a.p99, a.max],
          ]),
        );
        console.log(`ratio outbox/raw: p50 ×${results.ratios.p50}, p99 ×${results.ratios.p99}`);
        console.log(`p99 ${o.p99} ms (goal ≤ ${GOALS.p99Ms} ms: ${results.verdict.p99}); sent = received, no duplicates: ${results.verdict['all received once']}`);
        console.log(`scheduled → committed: p50 ${outbox.scheduleToCommitMs.p50} ms, p99 ${outbox.scheduleToCommitMs.p99} ms; insert → marked published (DB clock): p50 ${outbox.insertToMarkedPublishedMs.p50} ms, p99 ${outbox.insertToMarkedPublishedMs.p99} ms`);
        console.log(`CPU during the outbox run (% of machine): ${JSON.stringify(outbox.cpu.percentOfMachine)}, machine busy ${outbox.cpu.machineBusyPercent}%, steal ${outbox.cpu.stealPercent}%, other ${outbox.cpu.otherPercent}%`);
        console.log(`CPU ms per event: outbox run ${JSON.stringify(results.cpuMsPerEvent.outbox)}; raw publish ${JSON.stringify(results.cpuMsPerEvent.rawPublish)}`);
        if (serviceProfile) {
          console.log(`service CPU profile (self time, whole process life; --profile):`);
          for (const p of serviceProfile.byPackage.slice(0, 12)) console.log(`  ${String(p.selfPercent).padStart(5)}%  ${p.name}`);
        }
        console.log(`results: ${file}`);
        return { name: 'relay', file, verdict: results.verdict };
      } finally {
        await nc.close();
      }
    },
  );
}
