// intake: POST /feedback/requests under load, against pgbench of the same SQL in the same run.
//
//   npm run bench -- intake [--duration 30] [--connections 32] [--pgbench-mode prepared|extended] [--baseline-sql current|previous] [--profile] [--no-build]
import { setTimeout as sleep } from 'node:timers/promises';
import {
  checkpoint,
  CpuMeter,
  environment,
  log,
  numberOption,
  round,
  runAutocannon,
  runPaced,
  runPgbench,
  seedCatalog,
  serverInfo,
  standardCpuGroups,
  table,
  verdict,
  waitForQuiet,
  withBenchmark,
  withClient,
  writeResults,
} from './lib/harness.mjs';

export const GOALS = { ratioOfPgbenchTps: 0.4, p99Ms: 50 };

/** A valid fault report, as the web form sends it. */
export const FAULT_REPORT = {
  kind: 'fault',
  categoryCode: '171',
  description: 'Syvä kuoppa pyörätiellä kirjaston edessä, pyöräilijä voi kaatua',
  lat: 60.18,
  lon: 24.95,
  districtCode: 'kallio',
  language: 'fi',
};

// The envelope the service writes for this report (fi.vaikuta.feedback.submitted.v1), built
// in SQL so every row has its own ids. Same fields, same order of magnitude (~560 bytes).
const SUBMITTED_ENVELOPE = `jsonb_build_object(
    'specversion', '1.0', 'id', :eid::text, 'source', 'vaikuta/feedback',
    'type', 'fi.vaikuta.feedback.submitted.v1', 'time', now(),
    'datacontenttype', 'application/json', 'correlationid', gen_random_uuid(),
    'data', jsonb_build_object(
      'requestId', :rid::text, 'trackingCode', 'VKT-2026-' || lpad(:seq::text, 6, '0'),
      'departmentCode', 'KYMP', 'categoryCode', '171', 'language', 'fi', 'kind', 'fault',
      'districtCode', 'kallio', 'channel', 'web', 'submittedAt', now(), 'dueAt', now() + interval '5 days'))`;

const INSERT_REQUEST = `INSERT INTO feedback_requests (id, tracking_code, kind, category_code, department_code, district_code, title,
    description, language, lat, lon, address, status, status_note, assignee_id, published_at, channel, submitted_by,
    contact_email, contact_phone, contact_consent, merged_into_id, submitted_at, updated_at, due_at, first_reply_at, closed_at, version)
  VALUES (:rid::uuid, 'VKT-2026-' || lpad(:seq::text, 6, '0'), 'fault', '171', 'KYMP', 'kallio', NULL,
    '${FAULT_REPORT.description}', 'fi', 60.18, 24.95, NULL, 'received', NULL, NULL, NULL, 'web', NULL,
    NULL, NULL, false, NULL, now(), now(), now() + interval '5 days', NULL, NULL, 1);`;

/**
 * Exactly the statements the service sends per request (seen with log_statement=all), both named
 * statements on a pooled connection: the look-up of the category and district that also draws
 * the tracking number, then one statement writing the request, the audit row and the outbox row
 * (one statement is its own transaction). The uuids the service makes in Node are made here by
 * gen_random_uuid() in the look-up, so the round trips are the same.
 */
export const SERVICE_SQL = `
SELECT c.code, c.department_code, c.service_level_days, k.district_known,
       CASE WHEN 'kallio'::text IS NULL AND 60.18::float8 IS NOT NULL THEN
         (SELECT d.code FROM districts d WHERE d.boundary @> point(24.95::float8, 60.18::float8) ORDER BY area(box(d.boundary)), d.code LIMIT 1)
       END AS district_at,
       CASE WHEN k.district_known AND true THEN nextval('feedback_tracking_seq') END AS seq,
       gen_random_uuid() AS rid, gen_random_uuid() AS eid
  FROM categories c
 CROSS JOIN LATERAL (SELECT ('kallio'::text IS NULL OR EXISTS (SELECT 1 FROM districts d WHERE d.code = 'kallio')) AS district_known) k
 WHERE c.code = '171' AND c.active \\gset
WITH request AS (
  ${INSERT_REQUEST.replace(/;$/, '')}
  ON CONFLICT (id) DO NOTHING RETURNING id
), audit AS (
  INSERT INTO feedback_audit (entity_id, actor_id, actor_role, action, details)
  SELECT id, 'anonymous', 'resident', 'submitted', '{"channel": "web", "photos": 0}'::jsonb FROM request
), event AS (
  INSERT INTO outbox (id, subject, type, envelope)
  SELECT :eid::uuid, 'feedback.request.submitted', 'fi.vaikuta.feedback.submitted.v1', ${SUBMITTED_ENVELOPE} FROM request
)
SELECT id FROM request;
`;

/**
 * What the service sent before 2026-12-03 (7 statements): the look-up, then BEGIN, nextval, the
 * request, the audit row, the outbox row and COMMIT. Kept as a fixed yardstick for comparing
 * runs of older and newer service code (`--baseline-sql previous`).
 */
export const PREVIOUS_SERVICE_SQL = `
SELECT c.code, c.department_code, c.service_level_days,
       ('kallio'::text IS NULL OR EXISTS (SELECT 1 FROM districts d WHERE d.code = 'kallio')) AS district_known
  FROM categories c WHERE c.code = '171' AND c.active;
BEGIN;
SELECT nextval('feedback_tracking_seq')::int AS seq, gen_random_uuid() AS rid, gen_random_uuid() AS eid \\gset
${INSERT_REQUEST}
INSERT INTO feedback_audit (entity_id, actor_id, actor_role, action, details)
  VALUES (:rid::uuid, 'anonymous', 'resident', 'submitted', '{"channel": "web", "photos": 0}');
INSERT INTO outbox (id, subject, type, envelope)
  VALUES (:eid::uuid, 'feedback.request.submitted', 'fi.vaikuta.feedback.submitted.v1', ${SUBMITTED_ENVELOPE});
END;
`;

/** The narrower baseline of the brief: only the request and a ~1 KB outbox row, one transaction. */
export const TWO_INSERTS_SQL = `
BEGIN;
SELECT nextval('feedback_tracking_seq')::int AS seq, gen_random_uuid() AS rid, gen_random_uuid() AS eid \\gset
${INSERT_REQUEST}
INSERT INTO outbox (id, subject, type, envelope)
  VALUES (:eid::uuid, 'feedback.request.submitted', 'fi.vaikuta.feedback.submitted.v1',
          ${SUBMITTED_ENVELOPE} || jsonb_build_object('padding', repeat('x', 450)));
END;
`;

async function outboxPending(url) {
  return withClient(url, async (c) => Number((await c.query('SELECT count(*) FROM outbox WHERE published_at IS NULL')).rows[0].count));
}

export async function run(options) {
  const duration = numberOption(options, 'duration', 30);
  const connections = numberOption(options, 'connections', 32);
  const warmup = Math.min(3, Math.max(1, Math.round(duration / 10)));
  // prepared (default, the brief's raw baseline: parsed and planned once per connection) or
  // extended (unnamed statements parsed and planned every time, as node-postgres sends them).
  const pgbenchMode = options.pgbenchMode ?? 'prepared';
  if (!['prepared', 'extended', 'simple'].includes(pgbenchMode)) throw new Error(`--pgbench-mode must be prepared, extended or simple`);
  const deadlineMs = (60 + 4 * duration + 15 + warmup + 4 * 180 + 120 + 2 * numberOption(options, 'rounds', 1) * (duration + 30)) * 1000;

  // current (default): the SQL this tree's service sends; previous: the 7-statement version, to
  // compare a run of older service code (BENCH_SERVICE_ROOT) against the same yardstick.
  const baselineSql = options.baselineSql ?? 'current';
  if (!['current', 'previous'].includes(baselineSql)) throw new Error(`--baseline-sql must be current or previous`);
  const serviceSql = baselineSql === 'previous' ? PREVIOUS_SERVICE_SQL : SERVICE_SQL;
  // --rounds n: n alternations of the service and pgbench, each for --duration s, the service
  // frozen (SIGSTOP) while pgbench runs, so both sides see the same background load (a shared
  // machine whose load changes by the minute); no quiet waits. 1 (default): as described above.
  const rounds = numberOption(options, 'rounds', 1);
  const profile = options.profile === 'true';
  return withBenchmark({ name: 'intake', port: numberOption(options, 'port', 3901), deadlineMs, profile }, async (ctx) => {
    const env = environment();
    await ctx.service.start();
    await seedCatalog(ctx.url);
    const server = await serverInfo(ctx.url);
    const url = `${ctx.service.base}/feedback/requests`;
    const request = { url, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(FAULT_REPORT) };

    // Sanity: one request goes through and its event is written.
    const probe = await fetch(url, { method: request.method, headers: request.headers, body: request.body });
    if (probe.status !== 201) throw new Error(`POST /feedback/requests answered ${probe.status}: ${await probe.text()}`);
    const envelopeBytes = await withClient(ctx.url, async (c) => Number((await c.query('SELECT max(octet_length(envelope::text)) AS n FROM outbox')).rows[0].n));

    log(`warm-up ${warmup} s`);
    await runAutocannon({ ...request, connections, duration: warmup });
    await sleep(1000);
    await checkpoint(ctx.url);

    if (rounds > 1) {
      const interleaved = await measureInterleaved(ctx, { request, connections, duration, rounds, serviceSql, pgbenchMode });
      return reportInterleaved({ env, server, ctx, connections, duration, rounds, pgbenchMode, baselineSql, serviceSql, envelopeBytes, interleaved });
    }
    const quiet = { service: await waitForQuiet() };

    // --- the service
    log(`service: autocannon POST /feedback/requests, ${connections} connections, ${duration} s`);
    let maxPending = 0;
    const pendingSampler = setInterval(() => {
      outboxPending(ctx.url).then((n) => (maxPending = Math.max(maxPending, n)), () => undefined);
    }, 1000);
    const cpu = new CpuMeter(standardCpuGroups(ctx.service.pid));
    await cpu.start();
    const http = await runAutocannon({ ...request, connections, duration });
    const httpCpu = await cpu.stop();
    clearInterval(pendingSampler);
    const pendingAtEnd = await outboxPending(ctx.url);
    const drainStart = performance.now();
    let pending = pendingAtEnd;
    while (pending > 0 && performance.now() - drainStart < 60_000) {
      await sleep(100);
      pending = await outboxPending(ctx.url);
    }
    const relay = {
      maxPendingSampled: maxPending,
      pendingAtEnd,
      drainMs: round(performance.now() - drainStart, 0),
      pendingAfterDrain: pending,
    };

    // --- latency when not saturated: the same requests at a fixed rate of half the throughput.
    // With 32 connections always busy, latency is connections / throughput (Little's law), so
    // the closed-loop p99 mostly restates the throughput; this shows what one request costs.
    const pacedRate = Math.max(10, Math.round(http.okPerSecond / 2));
    const pacedDuration = Math.min(duration, 15);
    quiet.paced = await waitForQuiet();
    log(`service at a fixed ${pacedRate} req/s (half of the above) for ${pacedDuration} s`);
    const pacedCpuMeter = new CpuMeter(standardCpuGroups(ctx.service.pid));
    await pacedCpuMeter.start();
    const paced = await runPaced({ ...request, connections, duration: pacedDuration, rate: pacedRate });
    paced.cpu = await pacedCpuMeter.stop();

    // --- the baselines: the service is stopped so that its relay does not publish pgbench's rows.
    await ctx.service.stop();
    const serviceProfile = ctx.service.profileSummary();
    await checkpoint(ctx.url);
    quiet.serviceSql = await waitForQuiet();
    const baselineCpu = new CpuMeter(standardCpuGroups(-1));
    await baselineCpu.start();
    const sameSql = await runPgbench({ database: ctx.database, script: serviceSql, clients: connections, duration, mode: pgbenchMode, label: 'baseline service-sql' });
    const sameSqlCpu = await baselineCpu.stop();
    await checkpoint(ctx.url);
    quiet.twoInserts = await waitForQuiet();
    const twoInserts = await runPgbench({ database: ctx.database, script: TWO_INSERTS_SQL, clients: connections, duration, mode: pgbenchMode, label: 'baseline two-inserts' });

    const ratio = http.okPerSecond / sameSql.tps;
    // CPU time per request, by party: steadier than throughput on a shared machine.
    const perRequest = (cpu, n) => Object.fromEntries(Object.entries(cpu.cpuSeconds).map(([k, v]) => [k, round((1000 * v) / n, 3)]));
    const cpuMsPerRequest = {
      service: perRequest(httpCpu, http.requests),
      pgbenchSameSql: perRequest(sameSqlCpu, sameSql.transactions),
    };
    const results = {
      benchmark: 'intake',
      environment: env,
      postgres: server,
      parameters: { connections, durationSeconds: duration, warmupSeconds: warmup, pgbenchMode, body: FAULT_REPORT, envelopeBytes },
      quietBeforeMeasuring: quiet,
      goals: GOALS,
      service: { ...http, cpu: httpCpu, relay, profile: serviceProfile },
      serviceAtHalfRate: paced,
      baseline: {
        serviceSql: { ...sameSql, cpu: sameSqlCpu, which: baselineSql, script: serviceSql.trim() },
        twoInserts: { ...twoInserts, script: TWO_INSERTS_SQL.trim() },
      },
      cpuMsPerRequest,
      ratios: {
        throughputVsServiceSql: round(ratio, 3),
        throughputVsTwoInserts: round(http.okPerSecond / twoInserts.tps, 3),
        p99VsServiceSql: round(http.latencyMs.p99 / sameSql.latencyMs.p99, 2),
      },
      verdict: {
        throughput: verdict(ratio >= GOALS.ratioOfPgbenchTps),
        p99: verdict(http.latencyMs.p99 <= GOALS.p99Ms),
      },
    };
    const file = writeResults('intake', results);

    console.log(`\n== intake: POST /feedback/requests, ${connections} connections, ${duration} s (commit ${env.commit.slice(0, 8)}; calibration ${env.calibration.sha256Of64MiBMs} ms CPU, ${env.calibration.stat20kMs} ms syscalls)`);
    console.log(
      table([
        ['', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-2xx/failed'],
        ['service (HTTP)', http.okPerSecond, http.latencyMs.p50, http.latencyMs.p90, http.latencyMs.p99, http.latencyMs.max, http.non2xx + http.errors],
        [`service at ${pacedRate} req/s`, paced.okPerSecond, paced.latencyMs.p50, paced.latencyMs.p90, paced.latencyMs.p99, paced.latencyMs.max, paced.non2xx + paced.errors],
        ['pgbench same SQL', sameSql.tps, sameSql.latencyMs.p50, sameSql.latencyMs.p90, sameSql.latencyMs.p99, sameSql.latencyMs.max, sameSql.failed],
        ['pgbench two inserts', twoInserts.tps, twoInserts.latencyMs.p50, twoInserts.latencyMs.p90, twoInserts.latencyMs.p99, twoInserts.latencyMs.max, twoInserts.failed],
      ]),
    );
    console.log(`pgbench latency average: same SQL ${sameSql.latencyAverageMs} ms, two inserts ${twoInserts.latencyAverageMs} ms`);
    console.log(
      `ratio service/pgbench(same SQL) = ${round(100 * ratio, 1)}% (goal ≥ ${100 * GOALS.ratioOfPgbenchTps}%: ${results.verdict.throughput}); ` +
        `vs two inserts ${round(100 * results.ratios.throughputVsTwoInserts, 1)}%`,
    );
    console.log(`service p99 ${http.latencyMs.p99} ms (goal ≤ ${GOALS.p99Ms} ms: ${results.verdict.p99})`);
    console.log(`CPU during the HTTP run (% of the ${env.cpus}-core machine): ${JSON.stringify(httpCpu.percentOfMachine)}, machine busy ${httpCpu.machineBusyPercent}%, steal ${httpCpu.stealPercent}%`);
    console.log(`CPU during pgbench same SQL: ${JSON.stringify(sameSqlCpu.percentOfMachine)}, machine busy ${sameSqlCpu.machineBusyPercent}%, steal ${sameSqlCpu.stealPercent}%`);
    console.log(`CPU ms per request: HTTP run ${JSON.stringify(cpuMsPerRequest.service)}; pgbench same SQL ${JSON.stringify(cpuMsPerRequest.pgbenchSameSql)}`);
    if (httpCpu.otherPercent > 5 || sameSqlCpu.otherPercent > 5) {
      console.log(`NOTE: other processes used ${httpCpu.otherPercent}% (HTTP run) / ${sameSqlCpu.otherPercent}% (pgbench run) of the machine: numbers are disturbed`);
    }
    console.log(`relay: max ${relay.maxPendingSampled} pending during the run, ${relay.pendingAtEnd} at the end, drained in ${relay.drainMs} ms`);
    if (serviceProfile) {
      console.log(`service CPU profile (self time, whole process life; --profile):`);
      for (const p of serviceProfile.byPackage.slice(0, 12)) console.log(`  ${String(p.selfPercent).padStart(5)}%  ${p.name}`);
    }
    console.log(`results: ${file}`);
    return { name: 'intake', file, verdict: results.verdict };
  });
}

/**
 * Service and pgbench in turns, `rounds` times: autocannon for `duration` s, the relay drains,
 * the service is frozen, pgbench runs the same SQL for `duration` s, pgbench's outbox rows are
 * marked published (so the thawed relay has nothing to do for them), the service thaws. The
 * ratio of each round compares two windows a few seconds apart.
 */
async function measureInterleaved(ctx, { request, connections, duration, rounds, serviceSql, pgbenchMode }) {
  const perRound = [];
  for (let round_ = 1; round_ <= rounds; round_++) {
    log(`round ${round_}/${rounds}: service`);
    const cpu = new CpuMeter(standardCpuGroups(ctx.service.pid));
    await cpu.start();
    const http = await runAutocannon({ ...request, connections, duration });
    const httpCpu = await cpu.stop();
    const drainStart = performance.now();
    while ((await outboxPending(ctx.url)) > 0 && performance.now() - drainStart < 60_000) await sleep(100);
    process.kill(ctx.service.pid, 'SIGSTOP');
    let sameSql;
    let sameSqlCpu;
    try {
      log(`round ${round_}/${rounds}: pgbench (service frozen)`);
      const baselineCpu = new CpuMeter(standardCpuGroups(-1));
      await baselineCpu.start();
      sameSql = await runPgbench({ database: ctx.database, script: serviceSql, clients: connections, duration, mode: pgbenchMode, label: 'baseline service-sql' });
      sameSqlCpu = await baselineCpu.stop();
      await withClient(ctx.url, (c) => c.query('UPDATE outbox SET published_at = now() WHERE published_at IS NULL'));
    } finally {
      process.kill(ctx.service.pid, 'SIGCONT');
    }
    perRound.push({
      round: round_,
      service: { okPerSecond: http.okPerSecond, requests: http.requests, non2xx: http.non2xx, errors: http.errors, latencyMs: http.latencyMs, cpu: httpCpu },
      pgbench: { tps: sameSql.tps, transactions: sameSql.transactions, failed: sameSql.failed, latencyMs: sameSql.latencyMs, cpu: sameSqlCpu },
      ratio: round(http.okPerSecond / sameSql.tps, 3),
      serviceCpuMsPerRequest: round((1000 * httpCpu.cpuSeconds.service) / http.requests, 3),
      otherPercent: { service: httpCpu.otherPercent, pgbench: sameSqlCpu.otherPercent },
    });
    log(`round ${round_}: service ${http.okPerSecond}/s, pgbench ${sameSql.tps} tps, ratio ${round(100 * (http.okPerSecond / sameSql.tps), 1)} %, other load ${httpCpu.otherPercent} % / ${sameSqlCpu.otherPercent} %`);
  }
  return perRound;
}

function reportInterleaved({ env, server, ctx, connections, duration, rounds, pgbenchMode, baselineSql, serviceSql, envelopeBytes, interleaved }) {
  const ok = interleaved.reduce((a, r) => a + r.service.okPerSecond, 0);
  const tps = interleaved.reduce((a, r) => a + r.pgbench.tps, 0);
  const ratios = interleaved.map((r) => r.ratio).sort((a, b) => a - b);
  const ratio = ok / tps;
  const results = {
    benchmark: 'intake',
    mode: 'interleaved',
    environment: env,
    postgres: server,
    parameters: { connections, durationSeconds: duration, rounds, pgbenchMode, baselineSql, body: FAULT_REPORT, envelopeBytes, serviceRoot: process.env.BENCH_SERVICE_ROOT },
    goals: GOALS,
    rounds: interleaved,
    baselineScript: serviceSql.trim(),
    ratios: { overall: round(ratio, 3), min: ratios[0], median: ratios[Math.floor(ratios.length / 2)], max: ratios[ratios.length - 1] },
    verdict: { throughput: verdict(ratio >= GOALS.ratioOfPgbenchTps) },
  };
  const file = writeResults('intake', results);
  console.log(`\n== intake, interleaved: ${rounds} rounds of ${duration} s, ${connections} connections (commit ${env.commit.slice(0, 8)}; ${ctx.service.root ?? process.env.BENCH_SERVICE_ROOT ?? 'this tree'}; baseline ${baselineSql})`);
  console.log(
    table([
      ['round', 'service req/s', 'p99 ms', 'service CPU ms/req', 'pgbench tps', 'ratio', 'other load (service / pgbench)'],
      ...interleaved.map((r) => [r.round, r.service.okPerSecond, r.service.latencyMs.p99, r.serviceCpuMsPerRequest, r.pgbench.tps, `${round(100 * r.ratio, 1)} %`, `${r.otherPercent.service} / ${r.otherPercent.pgbench} %`]),
    ]),
  );
  console.log(`ratio over all rounds ${round(100 * ratio, 1)} % (rounds ${round(100 * ratios[0], 1)}–${round(100 * ratios[ratios.length - 1], 1)} %; goal ≥ ${100 * GOALS.ratioOfPgbenchTps} %: ${results.verdict.throughput})`);
  console.log(`results: ${file}`);
  return { name: 'intake', file, verdict: results.verdict };
}
