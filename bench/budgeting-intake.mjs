// budgeting-intake: online ballots (PUT /budgeting/rounds/{id}/ballot with an Idempotency-Key)
// from many distinct voters under load, against pgbench running the same SQL per ballot.
//
//   npm run bench -- budgeting-intake [--duration 30] [--connections 32] [--voters 20000] [--profile] [--no-build]
//
// Starts the budgeting service (dist/) on 127.0.0.1:3905 with its own database and NATS
// namespace, makes a round whose voting is open with plans on the ballot, pre-signs a dev token
// per voter, measures, stops the service, runs pgbench, cleans up and writes
// bench/results/budgeting-intake-<timestamp>.json. Goals (issue 10): ≥ 1,500 ballots/s, p99 ≤ 100 ms.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  checkpoint,
  CpuMeter,
  databaseUrl,
  environment,
  FeedbackService,
  log,
  NATS_URL,
  numberOption,
  repoRoot,
  require,
  round,
  runPgbench,
  serverInfo,
  standardCpuGroups,
  summarize,
  table,
  verdict,
  waitForQuiet,
  withBenchmark,
  withClient,
  writeResults,
} from './lib/harness.mjs';

export const GOALS = { ballotsPerSecond: 1500, p99Ms: 100 };

const NAME = 'budgeting-intake';
const DATABASE = 'vaikuta_bench_budgeting_intake';
const NAMESPACE = 'bench_budgeting_intake';
const STREAMS = [`${NAMESPACE.toUpperCase()}_BUDGETING`];
const DISTRICT_PLANS = 10;
const CITY_PLANS = 5;

/**
 * A round whose voting is open now, as the service's tests make it (one district of 100,000 €
 * and the city-wide part of 300,000 €); from the built test helper, so the two cannot drift.
 */
function roundBody() {
  require('reflect-metadata');
  const { roundRequest } = require(path.join(repoRoot, 'dist/services/budgeting/test/budgeting-test-app.js'));
  return roundRequest(new Date(), { title: { fi: 'Kuormitustesti', en: 'Load test' }, reconciliationPolicy: 'latest' });
}

/** Voter n's choice on their k-th ballot: 1–3 district plans and 0–1 city-wide ones (10,000 € each), different on every ballot. */
function choiceOf(plans, n, k) {
  const count = 1 + ((n + k) % 3);
  const district = Array.from({ length: count }, (_, i) => plans.district[(n + k * 3 + i) % plans.district.length]);
  const cityWide = (n + k) % 2 === 0 ? [plans.city[(n + k) % plans.city.length]] : [];
  return { districtCode: 'keskinen', district, cityWide, confirmed: true };
}

// ---------------------------------------------------------------- the SQL of one ballot

/** The round with its phases and districts and the plans the choice can name: RoundRepository's ROUND_RECORD_COLUMNS and BallotLogRepository.roundWithPlans. */
const ROUND_WITH_PLANS = `SELECT r.id, r.title, r.description, r.voting_year, r.rule, r.ballot_rule, r.eligibility, r.minimum_votes,
  r.reconciliation_policy, r.results_published_at, r.version, r.created_by, r.created_at, r.updated_at,
  (SELECT coalesce(json_agg(json_build_object('phase', p.phase, 'opensAt', p.opens_at, 'closesAt', p.closes_at) ORDER BY p.position), '[]')
     FROM round_phases p WHERE p.round_id = r.id) AS phases,
  (SELECT coalesce(json_agg(json_build_object('code', d.code, 'name', d.name, 'budget', d.budget, 'cityWide', d.city_wide) ORDER BY d.city_wide, d.position), '[]')
     FROM districts d WHERE d.round_id = r.id) AS districts,
  (SELECT coalesce(json_agg(json_build_object('id', pl.id, 'districtCode', pl.district_code, 'cost', pl.cost, 'tallyNumber', pl.tally_number)), '[]')
     FROM plans pl JOIN districts d ON d.round_id = pl.round_id AND d.code = pl.district_code
    WHERE pl.round_id = r.id AND pl.status = 'on_ballot' AND (d.city_wide OR d.code = 'keskinen')) AS plans
  FROM rounds r WHERE r.id = :round;`;

/** The person's key: the service's is a 64-hex HMAC of the token's subject; here a SHA-256 of the voter number. */
const PERSON_KEY = `encode(sha256(('bench-voter-' || :v::text)::bytea), 'hex')`;

// The service's envelope of fi.vaikuta.budgeting.ballot_confirmed.v1, built in SQL with its own ids (~620 bytes, as the service's).
const envelope = (eid, bid) => `jsonb_build_object('id', ${eid}, 'data', jsonb_build_object('channel', 'online',
    'planIds', jsonb_build_array(:p1::text, :c1::text), 'roundId', :round::text, 'ballotId', ${bid}, 'language', 'fi',
    'voterSub', 'bench-voter-' || :v::text, 'withdrawal', false, 'confirmedAt', now(), 'droppedPlanIds', jsonb_build_array()),
    'time', now(), 'type', 'fi.vaikuta.budgeting.ballot_confirmed.v1', 'source', 'vaikuta/budgeting', 'specversion', '1.0',
    'correlationid', gen_random_uuid(), 'datacontenttype', 'application/json')`;

/**
 * Exactly the statements the service sends for one online ballot (BallotIntakeService.commit and
 * BallotLogRepository after the intake was cut to fewer round trips, 2026-12-03): the round with
 * its phases, districts and the choice's plans in one query; then, for a person's first ballot,
 * one statement without a transaction (castFirst: counted row, entry, voter and event). A change
 * finds the counted row there and writes nothing, and takes the transaction: the entry (with
 * appendFirst's CTE), the counted row's lock, the entry it pointed at, the row's update with the
 * voter, and the event. Two changes make it a script: the person's key is a hash of the voter
 * number, and the statements answer a count of what they wrote so pgbench can branch (the service
 * reads the same from their answers). The ids the service makes in Node come from
 * gen_random_uuid() here, so the round trips are the same.
 */
export const SERVICE_SQL = `
\\set v 1 + (:client_id + :n * :clients) % :voters
\\set n :n + 1
${ROUND_WITH_PLANS}
WITH next AS (SELECT nextval('ballot_log_seq_seq') AS seq, gen_random_uuid() AS id),
created AS (
  INSERT INTO counted_ballots (round_id, person_key, ballot_seq, channels, updated_at, kind, district_code, district_key, city_key)
  SELECT :round, ${PERSON_KEY}, next.seq, ARRAY['online'], now(), 'ballot', 'keskinen', :pk1::text, :ck1::text FROM next
   WHERE NOT EXISTS (SELECT 1 FROM ballot_log b WHERE b.id = next.id)
     AND NOT EXISTS (SELECT 1 FROM counted_ballots WHERE round_id = :round AND person_key = ${PERSON_KEY})
  ON CONFLICT (round_id, person_key) DO NOTHING RETURNING ballot_seq),
entry AS (
  INSERT INTO ballot_log (seq, id, round_id, person_key, kind, channel, district_code, district_plans, city_plans, birth_year, entered_by, place, sheet_id, confirmed_at)
  SELECT created.ballot_seq, next.id, :round, ${PERSON_KEY}, 'ballot', 'online', 'keskinen', ARRAY[:p1::uuid], ARRAY[:c1::uuid], 2000, NULL, NULL, NULL, now() FROM created, next
  RETURNING seq, id),
voter AS (
  INSERT INTO voters (round_id, person_key, sub, language) SELECT :round, ${PERSON_KEY}, 'bench-voter-' || :v::text, 'fi' FROM entry
  ON CONFLICT (round_id, person_key) DO UPDATE SET sub = EXCLUDED.sub, language = EXCLUDED.language),
event AS (
  INSERT INTO outbox (id, subject, type, envelope)
  SELECT x.eid, 'budgeting.ballot.confirmed', 'fi.vaikuta.budgeting.ballot_confirmed.v1', ${envelope('x.eid::text', 'x.bid::text')}
    FROM (SELECT gen_random_uuid() AS eid, entry.id AS bid FROM entry) x)
SELECT count(*) AS first FROM entry \\gset
\\if :first = 0
BEGIN;
WITH entry AS (
  INSERT INTO ballot_log (id, round_id, person_key, kind, channel, district_code, district_plans, city_plans, birth_year, entered_by, place, sheet_id, confirmed_at)
  VALUES (gen_random_uuid(), :round, ${PERSON_KEY}, 'ballot', 'online', 'keskinen', ARRAY[:p1::uuid], ARRAY[:c1::uuid], 2000, NULL, NULL, NULL, now())
  ON CONFLICT (id) DO NOTHING RETURNING seq, id, round_id, person_key, channel, confirmed_at, kind, district_code, district_plans, city_plans),
created AS (
  INSERT INTO counted_ballots (round_id, person_key, ballot_seq, channels, updated_at, kind, district_code, district_key, city_key)
  SELECT round_id, person_key, seq, ARRAY[channel], confirmed_at, kind, district_code, (SELECT coalesce(string_agg(p.tally_number::text, ' ' ORDER BY o.n), '') FROM unnest(entry.district_plans) WITH ORDINALITY o (id, n) JOIN plans p ON p.id = o.id), (SELECT coalesce(string_agg(p.tally_number::text, ' ' ORDER BY o.n), '') FROM unnest(entry.city_plans) WITH ORDINALITY o (id, n) JOIN plans p ON p.id = o.id) FROM entry
  ON CONFLICT (round_id, person_key) DO NOTHING RETURNING round_id, person_key),
voter AS (
  INSERT INTO voters (round_id, person_key, sub, language) SELECT round_id, person_key, 'bench-voter-' || :v::text, 'fi' FROM created
  ON CONFLICT (round_id, person_key) DO UPDATE SET sub = EXCLUDED.sub, language = EXCLUDED.language),
event AS (
  INSERT INTO outbox (id, subject, type, envelope)
  SELECT x.eid, 'budgeting.ballot.confirmed', 'fi.vaikuta.budgeting.ballot_confirmed.v1', ${envelope('x.eid::text', 'x.bid::text')}
    FROM (SELECT gen_random_uuid() AS eid, entry.id AS bid FROM entry, created) x)
SELECT entry.seq, entry.id AS bid, gen_random_uuid() AS eid, (SELECT count(*) FROM created) AS created FROM entry \\gset
\\if :created = 0
SELECT ballot_seq AS previous, channels FROM counted_ballots WHERE round_id = :round AND person_key = ${PERSON_KEY} FOR UPDATE \\gset
SELECT seq, id, kind, channel, district_code, district_plans, city_plans, confirmed_at FROM ballot_log WHERE seq = :previous;
WITH counted AS (
  UPDATE counted_ballots c SET ballot_seq = l.seq, channels = '{online}'::text[], updated_at = now(), (kind, district_code, district_key, city_key) =
         (SELECT l.kind, l.district_code, (SELECT coalesce(string_agg(p.tally_number::text, ' ' ORDER BY o.n), '') FROM unnest(l.district_plans) WITH ORDINALITY o (id, n) JOIN plans p ON p.id = o.id), (SELECT coalesce(string_agg(p.tally_number::text, ' ' ORDER BY o.n), '') FROM unnest(l.city_plans) WITH ORDINALITY o (id, n) JOIN plans p ON p.id = o.id))
    FROM ballot_log l WHERE c.round_id = :round AND c.person_key = ${PERSON_KEY} AND l.seq = :seq RETURNING c.round_id, c.person_key)
INSERT INTO voters (round_id, person_key, sub, language) SELECT round_id, person_key, 'bench-voter-' || :v::text, 'fi' FROM counted
  ON CONFLICT (round_id, person_key) DO UPDATE SET sub = EXCLUDED.sub, language = EXCLUDED.language;
INSERT INTO outbox (id, subject, type, envelope) VALUES (:eid, 'budgeting.ballot.confirmed', 'fi.vaikuta.budgeting.ballot_confirmed.v1', ${envelope(':eid::text', ':bid::text')});
\\endif
END;
\\endif
`;

/** A plan's number in the counted rows' keys. */
const tallyNumber = (planId) =>
  withClient(databaseUrl(DATABASE), async (c) => String((await c.query(`SELECT tally_number FROM plans WHERE id = $1`, [planId])).rows[0].tally_number));

// ---------------------------------------------------------------- the service

class BudgetingService {
  constructor(port, profile) {
    this.name = NAME;
    this.profile = profile;
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vaikuta-bench-budgeting-intake-'));
    this.keysDir = path.join(this.tmp, 'dev-keys');
    this.base = `http://127.0.0.1:${port}`;
    this.env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !['NODE_ENV', 'DATABASE_URL', 'NATS_NAMESPACE', 'PORT', 'HOST'].includes(k))),
      DATABASE_URL: databaseUrl(DATABASE),
      NATS_URL,
      NATS_NAMESPACE: NAMESPACE,
      PORT: String(port),
      HOST: '127.0.0.1',
      AUTH_DEV_ISSUER: 'true',
      AUTH_DEV_KEYS_DIR: this.keysDir,
      LOG_LEVEL: 'warn',
      // One client address for every voter: address limits would measure the limiter, not intake.
      RATE_LIMITS: 'off',
    };
    this.output = '';
  }

  async start() {
    // --profile: a V8 CPU profile of the service, written when it stops (profileSummary()).
    const execArgv = this.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(this.tmp, 'profile')}`] : [];
    execArgv.push(...(process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean));
    const serviceRoot = process.env.BENCH_SERVICE_ROOT ?? repoRoot;
    log(`starting budgeting service on ${this.base} (db ${DATABASE}, namespace ${NAMESPACE})`);
    this.child = spawn(process.execPath, [...execArgv, path.join(serviceRoot, 'dist/services/budgeting/src/main.js')], {
      cwd: repoRoot,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
    const keep = (d) => (this.output = (this.output + d).slice(-20_000));
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);
    if (process.env.BENCH_SERVICE_LOG) {
      const out = fs.createWriteStream(process.env.BENCH_SERVICE_LOG, { flags: 'a' });
      this.child.stdout.pipe(out);
      this.child.stderr.pipe(out);
    }
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`budgeting service exited during start-up:\n${this.output}`);
      if (await fetch(`${this.base}/health/ready`).then((r) => r.status === 200, () => false)) return;
      await sleep(250);
    }
    throw new Error(`budgeting service not ready:\n${this.output}`);
  }

  get pid() {
    return this.child?.pid;
  }

  async stop() {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const stopped = await Promise.race([this.exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!stopped) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  /** The harness's summary of the profile (self time by package and function); the same files, so the same code. */
  profileSummary(top = 25) {
    return FeedbackService.prototype.profileSummary.call(this, top);
  }

  cleanupFiles() {
    fs.rmSync(this.tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- load

/** Dev tokens for `count` residents of Helsinki, signed before the run so signing is not measured. */
async function residentTokens(keysDir, count) {
  const { signDevToken } = require(path.join(repoRoot, 'libs/auth/dev-issuer.cjs'));
  const tokens = new Array(count);
  for (let i = 0; i < count; i += 500) {
    const batch = Array.from({ length: Math.min(500, count - i) }, (_, j) =>
      signDevToken({ sub: `bench-voter-${i + j}`, roles: ['resident'], birthdate: '2000-05-17', municipality: '091', authMethods: ['strong'] }, { keysDir, ttlSeconds: 7200 }),
    );
    (await Promise.all(batch)).forEach((t, j) => (tokens[i + j] = `Bearer ${t}`));
  }
  return tokens;
}

/**
 * autocannon with a different voter, key and choice on every request: voters are taken in turn,
 * so the first `voters` requests are first ballots and later ones change a ballot. Every
 * response time of a 2xx is kept (autocannon's histogram rounds to whole milliseconds).
 */
async function runBallots({ url, tokens, plans, connections, duration, state }) {
  const autocannon = require('autocannon');
  const ok = [];
  let non2xx = 0;
  const statusCodes = {};
  const result = await new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration,
        pipelining: 1,
        timeout: 10,
        requests: [
          {
            method: 'PUT',
            setupRequest: (req) => {
              const n = state.sent % tokens.length;
              const k = Math.floor(state.sent / tokens.length);
              state.sent++;
              return {
                ...req,
                headers: { 'content-type': 'application/json', authorization: tokens[n], 'idempotency-key': randomUUID() },
                body: JSON.stringify(choiceOf(plans, n, k)),
              };
            },
          },
        ],
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) ok.push(responseTime);
      else non2xx++;
    });
  });
  return {
    connections,
    durationSeconds: round(result.duration, 2),
    requests: result.requests.total,
    ballotsPerSecond: round(ok.length / result.duration, 1),
    non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    latencyMs: summarize(ok),
  };
}

async function outboxPending() {
  return withClient(databaseUrl(DATABASE), async (c) => Number((await c.query('SELECT count(*) FROM outbox WHERE published_at IS NULL')).rows[0].count));
}

export async function run(options) {
  const duration = numberOption(options, 'duration', 30);
  const connections = numberOption(options, 'connections', 32);
  const voters = numberOption(options, 'voters', 20_000);
  const port = numberOption(options, 'port', 3905);
  const warmup = Math.min(3, Math.max(1, Math.round(duration / 10)));
  const pgbenchMode = options.pgbenchMode ?? 'prepared';
  const profile = options.profile === 'true';
  if (!['prepared', 'extended'].includes(pgbenchMode)) throw new Error('--pgbench-mode must be prepared or extended');
  const deadlineMs = (120 + 2 * duration + warmup + 3 * 180 + 120) * 1000;

  // withBenchmark makes the database and deletes the streams before and after, also on Ctrl-C
  // and at the deadline; the budgeting service is this bench's own (the harness's is feedback's).
  return withBenchmark({ name: 'budgeting_intake', port, deadlineMs, extraStreams: STREAMS }, async () => {
    const service = new BudgetingService(port, profile);
    const killOnExit = () => service.child?.kill('SIGKILL');
    process.once('exit', killOnExit);
    try {
      return await measure(service, { duration, connections, voters, warmup, pgbenchMode });
    } finally {
      await service.stop().catch((e) => log(`stop: ${e.message}`));
      service.cleanupFiles();
      process.off('exit', killOnExit);
    }
  });
}

async function measure(service, { duration, connections, voters, warmup, pgbenchMode }) {
  const env = environment();
  await service.start();
  const server = await serverInfo(databaseUrl(DATABASE));

  // The round (through the API, as a coordinator would) and its plans on the ballot.
  const { signDevToken } = require(path.join(repoRoot, 'libs/auth/dev-issuer.cjs'));
  const coordinator = await signDevToken({ sub: 'bench-coordinator', roles: ['coordinator'] }, { keysDir: service.keysDir });
  const created = await fetch(`${service.base}/budgeting/rounds`, {
    method: 'POST',
    headers: { authorization: `Bearer ${coordinator}`, 'content-type': 'application/json' },
    body: JSON.stringify(roundBody()),
  });
  if (created.status !== 201) throw new Error(`POST /budgeting/rounds answered ${created.status}: ${await created.text()}`);
  const roundId = (await created.json()).id;
  const plans = { district: [], city: [] };
  await withClient(databaseUrl(DATABASE), async (c) => {
    for (const [code, list, count] of [['keskinen', plans.district, DISTRICT_PLANS], ['city', plans.city, CITY_PLANS]]) {
      for (let i = 0; i < count; i++) {
        const id = randomUUID();
        await c.query(`INSERT INTO plans (id, round_id, district_code, title, description, cost, status) VALUES ($1, $2, $3, $4, $4, 10000, 'on_ballot')`, [
          id,
          roundId,
          code,
          { fi: `Suunnitelma ${i + 1}` },
        ]);
        list.push(id);
      }
    }
  });

  log(`signing ${voters} voters' tokens`);
  const tokens = await residentTokens(service.keysDir, voters);
  const url = `${service.base}/budgeting/rounds/${roundId}/ballot`;
  const state = { sent: 0 };

  // Sanity: one ballot goes through with a receipt that counts.
  const probe = await fetch(url, {
    method: 'PUT',
    headers: { authorization: tokens[0], 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify(choiceOf(plans, 0, 0)),
  });
  const receipt = await probe.json();
  if (probe.status !== 200 || receipt.counts !== true) throw new Error(`PUT ballot answered ${probe.status}: ${JSON.stringify(receipt)}`);
  state.sent = 1;

  log(`warm-up ${warmup} s`);
  await runBallots({ url, tokens, plans, connections, duration: warmup, state });
  await sleep(1000);
  await checkpoint(databaseUrl(DATABASE));
  const quiet = { service: await waitForQuiet() };
  const before = state.sent;

  log(`service: autocannon PUT ballot, ${connections} connections, ${duration} s, ${voters} voters in turn`);
  const cpu = new CpuMeter(standardCpuGroups(service.pid));
  await cpu.start();
  const http = await runBallots({ url, tokens, plans, connections, duration, state });
  const httpCpu = await cpu.stop();
  const firstVoter = before % voters;
  http.firstBallots = Math.max(0, Math.min(http.requests, voters - before));
  http.changes = http.requests - http.firstBallots;
  http.startedAtVoter = firstVoter;

  const pendingAtEnd = await outboxPending();
  const drainStart = performance.now();
  let pending = pendingAtEnd;
  while (pending > 0 && performance.now() - drainStart < 60_000) {
    await sleep(100);
    pending = await outboxPending();
  }
  const relay = { pendingAtEnd, drainMs: round(performance.now() - drainStart, 0), pendingAfterDrain: pending };

  // --- the baseline: the service is stopped so its relay does not publish pgbench's rows.
  await service.stop();
  const serviceProfile = service.profileSummary();
  await checkpoint(databaseUrl(DATABASE));
  quiet.pgbench = await waitForQuiet();
  const baselineCpu = new CpuMeter(standardCpuGroups(-1));
  await baselineCpu.start();
  const entriesBefore = await withClient(databaseUrl(DATABASE), async (c) => Number((await c.query(`SELECT coalesce(max(seq), 0) AS s FROM ballot_log`)).rows[0].s));
  const sameSql = await runPgbench({
    database: DATABASE,
    script: SERVICE_SQL,
    clients: connections,
    duration,
    mode: pgbenchMode,
    label: 'baseline service-sql',
    // The counted row's keys of that choice: the service builds them in Node from the plans it read with the round.
    // Voters in turn, as the HTTP run takes them (each client's n counts its transactions; pgbench
    // keeps a client's variables from one transaction to the next), so both runs have the same
    // mix: first ballots until every voter has voted, changes after.
    defines: { round: roundId, voters, clients: connections, n: 0, p1: plans.district[0], c1: plans.city[0], pk1: await tallyNumber(plans.district[0]), ck1: await tallyNumber(plans.city[0]) },
  });
  const sameSqlCpu = await baselineCpu.stop();
  const pgbenchMix = await withClient(databaseUrl(DATABASE), async (c) => {
    // pgbench's voters have keys of their own, so its first entry per key is a first ballot.
    const { rows } = await c.query(`SELECT count(*)::int AS entries, count(DISTINCT person_key)::int AS people FROM ballot_log WHERE seq > $1`, [entriesBefore]);
    return { entries: rows[0].entries, firstBallots: rows[0].people, changes: rows[0].entries - rows[0].people };
  });

  const ratio = http.ballotsPerSecond / sameSql.tps;
  const perBallot = (c, n) => Object.fromEntries(Object.entries(c.cpuSeconds).map(([k, v]) => [k, round((1000 * v) / n, 3)]));
  const cpuMsPerBallot = { service: perBallot(httpCpu, http.requests), pgbenchSameSql: perBallot(sameSqlCpu, sameSql.transactions) };
  const results = {
    benchmark: NAME,
    environment: env,
    postgres: server,
    parameters: { connections, durationSeconds: duration, warmupSeconds: warmup, voters, pgbenchMode, rateLimits: 'off', districtPlans: DISTRICT_PLANS, cityPlans: CITY_PLANS },
    quietBeforeMeasuring: quiet,
    goals: GOALS,
    service: { ...http, cpu: httpCpu, relay, profile: serviceProfile },
    baseline: { serviceSql: { ...sameSql, cpu: sameSqlCpu, mix: pgbenchMix, script: SERVICE_SQL.trim() } },
    cpuMsPerBallot,
    ratios: { throughputVsServiceSql: round(ratio, 3), p99VsServiceSql: round(http.latencyMs.p99 / sameSql.latencyMs.p99, 2) },
    verdict: {
      throughput: verdict(http.ballotsPerSecond >= GOALS.ballotsPerSecond),
      p99: verdict(http.latencyMs.p99 <= GOALS.p99Ms),
    },
  };
  const file = writeResults(NAME, results);

  console.log(`\n== ${NAME}: PUT /budgeting/rounds/{id}/ballot, ${connections} connections, ${duration} s, ${voters} voters (commit ${env.commit.slice(0, 8)}; calibration ${env.calibration.sha256Of64MiBMs} ms CPU, ${env.calibration.stat20kMs} ms syscalls)`);
  console.log(
    table([
      ['', 'ballots/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-2xx/failed', 'first / changes'],
      ['service (HTTP)', http.ballotsPerSecond, http.latencyMs.p50, http.latencyMs.p90, http.latencyMs.p99, http.latencyMs.max, http.non2xx + http.errors, `${http.firstBallots} / ${http.changes}`],
      ['pgbench same SQL', sameSql.tps, sameSql.latencyMs.p50, sameSql.latencyMs.p90, sameSql.latencyMs.p99, sameSql.latencyMs.max, sameSql.failed, `${pgbenchMix.firstBallots} / ${pgbenchMix.changes}`],
    ]),
  );
  console.log(`ratio service/pgbench(same SQL) = ${round(100 * ratio, 1)}%`);
  console.log(`throughput ${http.ballotsPerSecond} ballots/s (goal ≥ ${GOALS.ballotsPerSecond}: ${results.verdict.throughput}); p99 ${http.latencyMs.p99} ms (goal ≤ ${GOALS.p99Ms} ms: ${results.verdict.p99})`);
  console.log(`CPU during the HTTP run (% of the ${env.cpus}-core machine): ${JSON.stringify(httpCpu.percentOfMachine)}, machine busy ${httpCpu.machineBusyPercent}%, steal ${httpCpu.stealPercent}%`);
  console.log(`CPU ms per ballot: HTTP run ${JSON.stringify(cpuMsPerBallot.service)}; pgbench same SQL ${JSON.stringify(cpuMsPerBallot.pgbenchSameSql)}`);
  if (httpCpu.otherPercent > 5 || sameSqlCpu.otherPercent > 5) {
    console.log(`NOTE: other processes used ${httpCpu.otherPercent}% (HTTP run) / ${sameSqlCpu.otherPercent}% (pgbench run) of the machine: numbers are disturbed`);
  }
  if (serviceProfile) {
    console.log(`service CPU profile (self time, whole process life; --profile; ${serviceProfile.file}):`);
    for (const p of serviceProfile.byPackage.slice(0, 12)) console.log(`  ${String(p.selfPercent).padStart(5)}%  ${p.name}`);
    for (const f of serviceProfile.byFunction.slice(0, 15)) console.log(`  ${String(f.selfPercent).padStart(5)}%  ${f.name}`);
  }
  console.log(`relay: ${relay.pendingAtEnd} events pending at the end, drained in ${relay.drainMs} ms`);
  console.log(`results: ${file}`);
  return { name: NAME, file, verdict: results.verdict };
}
