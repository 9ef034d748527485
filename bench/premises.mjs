// premises: a space's free time over 90 days at a steady rate, and booking creation under
// clashing load, each against pgbench of the same SQL in the same run (bench/README.md).
//
//   npm run bench -- premises [--duration 20] [--rate 50] [--connections 32] [--attempts-per-slot 8] [--no-build]
//
// Starts the grants service (dist/) on 127.0.0.1:3906 with its own database and NATS namespace,
// makes the spaces through the API, seeds existing bookings with INSERT … SELECT, measures,
// stops the service, runs pgbench, cleans up and writes bench/results/premises-<timestamp>.json.
// Goals (issue 11): availability p99 ≤ 20 ms at a steady rate; booking under clashes: no 5xx.
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
  log,
  NATS_URL,
  numberOption,
  repoRoot,
  require,
  round,
  runPaced,
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

export const GOALS = { availabilityP99Ms: 20, bookingServerErrors: 0 };

const NAME = 'premises';
const DATABASE = 'vaikuta_bench_premises';
const NAMESPACE = 'bench_premises';
const STREAMS = [`${NAMESPACE.toUpperCase()}_GRANTS`];
const AVAILABILITY_DAYS = 90;
/** Existing bookings per day on the asked space: one hour each at these local hours. */
const SEEDED_HOURS = [9, 12, 15, 18];
/** A clash slot is 2 h of the 08–22 day; 7 a day: 08:00, 10:00, … 20:00 (an attempt begins on it or 30 min later, 1 h long). */
const SLOTS_PER_DAY = 7;
/** Days ahead a slot can be on (the hall takes bookings up to 90 days ahead); later slots wrap and only clash. */
const SLOT_DAYS = 88;

// ---------------------------------------------------------------- local time

/** The instant of a Helsinki wall-clock time, as ISO 8601 with its offset (what the API asks for). */
function helsinkiIso(date, minutes) {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d, 0, minutes);
  const offsetAt = (at) => {
    const name = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Helsinki', timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName').value;
    const [, sign, hh, mm] = name.match(/GMT([+-])(\d\d):(\d\d)/);
    return (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm));
  };
  let offset = offsetAt(wall - 120 * 60_000);
  offset = offsetAt(wall - offset * 60_000);
  const local = new Date(wall).toISOString().slice(0, 19);
  const abs = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function helsinkiDate(at, plusDays = 0) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(at);
  const [y, m, d] = today.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + plusDays)).toISOString().slice(0, 10);
}

/** Attempt i: slot floor(i / k) (on the spaces in turn), beginning on the slot or 30 min later; every k attempts share one slot. */
function attemptOf(i, { attemptsPerSlot, spaces, persons }) {
  const slot = Math.floor(i / attemptsPerSlot);
  const t = Math.floor(slot / spaces.length);
  const day = 1 + (Math.floor(t / SLOTS_PER_DAY) % SLOT_DAYS);
  const minute = 480 + 120 * (t % SLOTS_PER_DAY) + 30 * (i % 2);
  return { spaceId: spaces[slot % spaces.length], day, minute, person: i % persons };
}

// ---------------------------------------------------------------- the SQL the routes run

/** TypeORM's findOneBy(Space) (SpaceService.space): every column of the entity. */
const SPACE_COLUMNS = `"Space"."id" AS "Space_id", "Space"."name" AS "Space_name", "Space"."unit" AS "Space_unit", "Space"."address" AS "Space_address",
  "Space"."latitude" AS "Space_latitude", "Space"."longitude" AS "Space_longitude", "Space"."capacity" AS "Space_capacity",
  "Space"."accessibility_features" AS "Space_accessibility_features", "Space"."accessibility_description" AS "Space_accessibility_description",
  "Space"."opening_hours" AS "Space_opening_hours", "Space"."rules" AS "Space_rules", "Space"."requires_approval" AS "Space_requires_approval",
  "Space"."access_type" AS "Space_access_type", "Space"."key_pickup" AS "Space_key_pickup", "Space"."version" AS "Space_version",
  "Space"."created_by" AS "Space_created_by", "Space"."created_at" AS "Space_created_at", "Space"."updated_at" AS "Space_updated_at"`;
const spaceSql = (id) => `SELECT ${SPACE_COLUMNS} FROM "spaces" "Space" WHERE (("Space"."id" = ${id})) LIMIT 1`;

/** BookingRepository.heldRanges: the held ranges touching the asked days, a day either side. */
const HELD_RANGES = `SELECT lower(held) AS begin, upper(held) AS "end" FROM bookings
  WHERE space_id = :space AND state IN ('requires_handling', 'confirmed') AND held && tstzrange(:from::timestamptz, :to::timestamptz, '[)') ORDER BY lower(held)`;

/** BookingReaderService.availability: the space, then its held ranges. */
export const AVAILABILITY_SQL = `${spaceSql(':space')};\n${HELD_RANGES};\n`;

const BOOKING_COLUMNS = `id, space_id, kind, state, booker_sub, booked_by, association_id, purpose, price_cents, cancellable_until, reason,
  version, created_at, updated_at, lower(during) AS begin, upper(during) AS "end"`;
const BEGIN_AT = `(((now() AT TIME ZONE 'Europe/Helsinki')::date + :day::int)::timestamp + :minute::int * interval '1 minute') AT TIME ZONE 'Europe/Helsinki'`;

/** The service's envelope of fi.vaikuta.grants.booking_confirmed.v1, built in SQL (about the same size). */
const ENVELOPE = `jsonb_build_object('id', gen_random_uuid(), 'data', jsonb_build_object('bookingId', :bid::text, 'spaceId', :Space_id::text,
    'spaceName', jsonb_build_object('fi', 'Testihalli', 'sv', 'Testhallen', 'en', 'Test hall'), 'begin', now(), 'end', now(),
    'bookerSub', 'bench-person-' || :p::text, 'access', 'door_code', 'confirmedAt', now()),
    'time', now(), 'type', 'fi.vaikuta.grants.booking_confirmed.v1', 'source', 'vaikuta/grants', 'specversion', '1.0',
    'correlationid', gen_random_uuid(), 'datacontenttype', 'application/json')`;

/**
 * The statements of one POST …/bookings (BookingIntakeService.book): the keyed request's own row
 * (madeBy), the space, then one transaction — the space's version share-locked, the person's
 * advisory lock, their active count, the insert under the exclusion constraint, and for a
 * booking that got its time the audit row and the event. The service's insert fails with 23P01
 * and rolls back; pgbench stops a client on an error, so here the insert is ON CONFLICT DO
 * NOTHING (which the exclusion constraint arbitrates the same way) and a clash rolls back.
 * The attempt counter the HTTP side keeps in Node is a sequence, read in the madeBy statement so
 * the round trips stay the same; attempt i picks its slot, space and person as the HTTP side does.
 */
export const BOOKING_SQL = `
SELECT nextval('bench_premises_attempts') - 1 AS i, (SELECT count(*) FROM (SELECT ${BOOKING_COLUMNS} FROM bookings WHERE id = gen_random_uuid()) b) AS made \\gset
\\set slot :i / :k
\\set t :slot / :nspaces
\\set sp :slot % :nspaces
\\set day 1 + (:t / ${SLOTS_PER_DAY}) % ${SLOT_DAYS}
\\set minute 480 + 120 * (:t % ${SLOTS_PER_DAY}) + 30 * (:i % 2)
\\set p :i % :persons
${spaceSql(`(string_to_array(:spaces, ','))[:sp + 1]::uuid`)} \\gset
BEGIN;
SELECT version FROM spaces WHERE id = :Space_id FOR SHARE;
SELECT pg_advisory_xact_lock(hashtextextended('booking:' || :Space_id::text || ':' || 'bench-person-' || :p::text, 0));
SELECT count(*)::int AS n FROM bookings WHERE space_id = :Space_id AND booker_sub = 'bench-person-' || :p::text AND state IN ('requires_handling', 'confirmed') AND upper(during) > now();
WITH ins AS (
  INSERT INTO bookings (id, space_id, kind, state, during, held, booker_sub, booked_by, association_id, purpose, price_cents, cancellable_until, reason, version, created_at, updated_at)
  SELECT gen_random_uuid(), :Space_id::uuid, 'booking', 'confirmed', tstzrange(b, b + interval '1 hour', '[)'), tstzrange(b - interval '15 minutes', b + interval '75 minutes', '[)'),
         'bench-person-' || :p::text, 'bench-person-' || :p::text, NULL, NULL, 0, b - interval '24 hours', NULL, 1, now(), now()
    FROM (SELECT ${BEGIN_AT} AS b) x
  ON CONFLICT DO NOTHING RETURNING id)
SELECT count(*) AS inserted, coalesce(max(id::text), '') AS bid FROM ins \\gset
\\if :inserted
INSERT INTO booking_audit (entity_id, version, action, actor_id, actor_role, details, correlation_id)
  VALUES (:bid, 1, 'booked', 'bench-person-' || :p::text, 'booker', '{"state":"confirmed"}', NULL);
INSERT INTO outbox (id, subject, type, envelope) VALUES (gen_random_uuid(), 'grants.booking.confirmed', 'fi.vaikuta.grants.booking_confirmed.v1', ${ENVELOPE});
END;
\\else
ROLLBACK;
\\endif
`;

/** Four one-hour bookings a day on the asked space over the days asked and a day either side, as a season would leave them. */
const seedBookingsSql = (spaceId, firstDate, days) => `
  INSERT INTO bookings (id, space_id, kind, state, during, held, booker_sub, booked_by, price_cents, cancellable_until, version, created_at, updated_at)
  SELECT gen_random_uuid(), '${spaceId}', 'booking', 'confirmed', tstzrange(b, b + interval '1 hour', '[)'),
         tstzrange(b - interval '15 minutes', b + interval '75 minutes', '[)'), 'bench-seed-' || (n % 50), 'bench-seed-' || (n % 50), 0, b - interval '24 hours', 1, now(), now()
    FROM generate_series(-1, ${days}) AS d, unnest(ARRAY[${SEEDED_HOURS.join(',')}]) WITH ORDINALITY AS h(hour, n),
         LATERAL (SELECT ((DATE '${firstDate}' + d)::timestamp + h.hour * interval '1 hour') AT TIME ZONE 'Europe/Helsinki' AS b) x`;

// ---------------------------------------------------------------- the service

class GrantsService {
  constructor(port) {
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vaikuta-bench-premises-'));
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
      FILE_STORAGE_DIR: path.join(this.tmp, 'files'),
      LOG_LEVEL: 'warn',
      // One client address for every booker: address limits would measure the limiter.
      RATE_LIMITS: 'off',
    };
    this.output = '';
  }

  async start() {
    const execArgv = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    const serviceRoot = process.env.BENCH_SERVICE_ROOT ?? repoRoot;
    log(`starting grants service on ${this.base} (db ${DATABASE}, namespace ${NAMESPACE})`);
    this.child = spawn(process.execPath, [...execArgv, path.join(serviceRoot, 'dist/services/grants/src/main.js')], { cwd: repoRoot, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
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
      if (this.child.exitCode !== null) throw new Error(`grants service exited during start-up:\n${this.output}`);
      if (await fetch(`${this.base}/health/ready`).then((r) => r.status === 200, () => false)) return;
      await sleep(250);
    }
    throw new Error(`grants service not ready:\n${this.output}`);
  }

  async stop() {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    if (!(await Promise.race([this.exited.then(() => true), sleep(15_000).then(() => false)]))) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  token(claims) {
    const { signDevToken } = require(path.join(repoRoot, 'libs/auth/dev-issuer.cjs'));
    return signDevToken(claims, { keysDir: this.keysDir, ttlSeconds: 7200 });
  }
}

/** The integration tests' hall (open 08–22, 1–3 h on the half hour, 15-min buffers, direct booking); from dist so the two cannot drift. */
function hallBody(n) {
  const { hallRequest } = require(path.join(repoRoot, 'dist/services/grants/src/spaces/space-request.fixture.js'));
  return hallRequest({ name: { fi: `Kuormitushalli ${n}`, sv: `Belastningshall ${n}`, en: `Load hall ${n}` } }, { maxActiveBookingsPerPerson: 100 });
}

// ---------------------------------------------------------------- load

/** autocannon, each request the next attempt (its slot, space, person and a fresh Idempotency-Key); every answer's time is kept. */
async function runBookings({ base, tokens, plan, connections, duration, state }) {
  const autocannon = require('autocannon');
  const all = [];
  const statusCodes = {};
  const result = await new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections,
        duration,
        pipelining: 1,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => {
              const a = attemptOf(state.sent++, plan);
              const date = helsinkiDate(state.today, a.day);
              return {
                ...req,
                path: `/premises/spaces/${a.spaceId}/bookings`,
                headers: { 'content-type': 'application/json', authorization: tokens[a.person], 'idempotency-key': randomUUID() },
                body: JSON.stringify({ begin: helsinkiIso(date, a.minute), end: helsinkiIso(date, a.minute + 60) }),
              };
            },
          },
        ],
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      all.push(responseTime);
    });
  });
  const count = (test) => Object.entries(statusCodes).reduce((n, [code, c]) => n + (test(Number(code)) ? c : 0), 0);
  return {
    connections,
    durationSeconds: round(result.duration, 2),
    requests: all.length,
    answersPerSecond: round(all.length / result.duration, 1),
    created: count((c) => c === 201),
    clashes: count((c) => c === 409),
    serverErrors: count((c) => c >= 500),
    clashPercent: round((100 * count((c) => c === 409)) / Math.max(1, all.length), 1),
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    latencyMs: summarize(all),
  };
}

// ---------------------------------------------------------------- the run

export async function run(options) {
  const duration = numberOption(options, 'duration', 20);
  const rate = numberOption(options, 'rate', 50);
  const connections = numberOption(options, 'connections', 32);
  const attemptsPerSlot = numberOption(options, 'attemptsPerSlot', 8);
  const spacesCount = numberOption(options, 'spaces', 4);
  const persons = numberOption(options, 'persons', 500);
  const port = numberOption(options, 'port', 3906);
  const deadlineMs = (180 + 4 * duration + 4 * 180) * 1000;
  return withBenchmark({ name: 'premises', port, deadlineMs, extraStreams: STREAMS }, async () => {
    const service = new GrantsService(port);
    const killOnExit = () => service.child?.kill('SIGKILL');
    process.once('exit', killOnExit);
    try {
      return await measure(service, { duration, rate, connections, attemptsPerSlot, spacesCount, persons });
    } finally {
      await service.stop().catch((e) => log(`stop: ${e.message}`));
      fs.rmSync(service.tmp, { recursive: true, force: true });
      process.off('exit', killOnExit);
    }
  });
}

async function createSpaces(service, count) {
  const manager = await service.token({ sub: 'bench-manager', roles: ['premises_manager'] });
  const ids = [];
  for (let n = 1; n <= count; n++) {
    const res = await fetch(`${service.base}/premises/spaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${manager}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(hallBody(n)),
    });
    if (res.status !== 201) throw new Error(`POST /premises/spaces answered ${res.status}: ${await res.text()}`);
    ids.push((await res.json()).id);
  }
  return ids;
}

/** The measurement's result with the CPU each party used meanwhile (`pid` the service's, -1 when it is stopped). */
async function withCpu(pid, measurement) {
  const meter = new CpuMeter(standardCpuGroups(pid));
  await meter.start();
  const result = await measurement();
  return { ...result, cpu: await meter.stop() };
}

async function measure(service, { duration, rate, connections, attemptsPerSlot, spacesCount, persons }) {
  const env = environment();
  await service.start();
  const url = databaseUrl(DATABASE);
  const server = await serverInfo(url);
  const [asked, ...bookable] = await createSpaces(service, 1 + 2 * spacesCount);
  const httpSpaces = bookable.slice(0, spacesCount);
  const pgbenchSpaces = bookable.slice(spacesCount);

  // --- 1. availability of one space for 90 days, with existing bookings.
  const today = new Date();
  const from = helsinkiDate(today, 1);
  const to = helsinkiDate(today, AVAILABILITY_DAYS);
  const seeded = await withClient(url, async (c) => {
    const { rowCount } = await c.query(seedBookingsSql(asked, from, AVAILABILITY_DAYS));
    await c.query('VACUUM ANALYZE bookings');
    return rowCount;
  });
  const availabilityUrl = `${service.base}/premises/spaces/${asked}/availability?from=${from}&to=${to}`;
  const probe = await fetch(availabilityUrl);
  const answer = await probe.json();
  if (probe.status !== 200) throw new Error(`availability answered ${probe.status}: ${JSON.stringify(answer)}`);
  // The bounds heldRanges is given: a day either side of the asked local days.
  const bounds = await withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT ((DATE '${from}')::timestamp AT TIME ZONE 'Europe/Helsinki') - interval '1 day' AS "from", ((DATE '${to}' + 1)::timestamp AT TIME ZONE 'Europe/Helsinki') + interval '1 day' AS "to"`,
    );
    return { from: rows[0].from.toISOString(), to: rows[0].to.toISOString() };
  });
  const heldPlan = await withClient(url, async (c) =>
    (await c.query(`EXPLAIN (ANALYZE, BUFFERS) ${HELD_RANGES.replace(':space', `'${asked}'`).replace(':from', `'${bounds.from}'`).replace(':to', `'${bounds.to}'`)}`)).rows.map((r) => r['QUERY PLAN']),
  );
  const heldRows = await withClient(url, async (c) => (await c.query(`SELECT count(*)::int AS n FROM bookings WHERE space_id = $1 AND held && tstzrange($2, $3, '[)')`, [asked, bounds.from, bounds.to])).rows[0].n);

  log(`availability warm-up, then ${rate}/s for ${duration} s (${seeded} bookings seeded, ${answer.slots.length} free windows answered)`);
  await runPaced({ url: availabilityUrl, rate, duration: Math.min(3, duration), connections: 8 });
  const quiet = { availability: await waitForQuiet() };
  const availability = await withCpu(service.child.pid, () => runPaced({ url: availabilityUrl, rate, duration, connections: 8 }));

  // --- 2. booking creation under clashing load.
  const tokens = await Promise.all(Array.from({ length: persons }, (_, n) => service.token({ sub: `bench-person-${n}`, roles: ['resident'], authMethods: ['strong'] }).then((t) => `Bearer ${t}`)));
  const plan = { attemptsPerSlot, spaces: httpSpaces, persons };
  const state = { sent: 0, today };
  const first = attemptOf(0, plan);
  const firstDate = helsinkiDate(today, first.day);
  const sanity = await fetch(`${service.base}/premises/spaces/${first.spaceId}/bookings`, {
    method: 'POST',
    headers: { authorization: tokens[first.person], 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ begin: helsinkiIso(firstDate, first.minute), end: helsinkiIso(firstDate, first.minute + 60) }),
  });
  if (sanity.status !== 201) throw new Error(`POST booking answered ${sanity.status}: ${await sanity.text()}`);
  state.sent = 1;
  await checkpoint(url);
  quiet.booking = await waitForQuiet();
  log(`booking: autocannon POST bookings, ${connections} connections, ${duration} s, ${attemptsPerSlot} attempts per slot on ${spacesCount} spaces`);
  const booking = await withCpu(service.child.pid, () => runBookings({ base: service.base, tokens, plan, connections, duration, state }));

  // --- the baselines, with the service stopped (its relay would publish pgbench's outbox rows).
  await service.stop();
  await checkpoint(url);
  quiet.availabilityPgbench = await waitForQuiet();
  const availabilityPg = await withCpu(-1, () => runPgbench({
    database: DATABASE,
    script: AVAILABILITY_SQL,
    defines: { space: asked, ...bounds },
    clients: 1,
    threads: 1,
    duration,
    rate,
    label: 'availability same SQL',
  }));

  await withClient(url, (c) => c.query('CREATE SEQUENCE bench_premises_attempts MINVALUE 1'));
  const before = await withClient(url, async (c) => Number((await c.query(`SELECT count(*) FROM bookings WHERE space_id = ANY($1::uuid[])`, [pgbenchSpaces])).rows[0].count));
  await checkpoint(url);
  quiet.bookingPgbench = await waitForQuiet();
  const bookingPg = await withCpu(-1, () => runPgbench({
    database: DATABASE,
    script: BOOKING_SQL,
    defines: { k: attemptsPerSlot, nspaces: spacesCount, spaces: pgbenchSpaces.join(','), persons },
    clients: connections,
    duration,
    label: 'booking same SQL',
  }));
  const pgCreated = await withClient(url, async (c) => Number((await c.query(`SELECT count(*) FROM bookings WHERE space_id = ANY($1::uuid[])`, [pgbenchSpaces])).rows[0].count)) - before;
  bookingPg.created = pgCreated;
  bookingPg.clashPercent = round((100 * (bookingPg.transactions - pgCreated)) / Math.max(1, bookingPg.transactions), 1);

  const perRequest = (c, n) => Object.fromEntries(Object.entries(c.cpuSeconds).map(([k, v]) => [k, round((1000 * v) / Math.max(1, n), 3)]));
  const results = {
    benchmark: NAME,
    environment: env,
    postgres: server,
    parameters: { durationSeconds: duration, rate, connections, attemptsPerSlot, spaces: spacesCount, persons, availabilityDays: AVAILABILITY_DAYS, seededBookings: seeded, rateLimits: 'off' },
    quietBeforeMeasuring: quiet,
    goals: GOALS,
    availability: {
      from,
      to,
      freeWindows: answer.slots.length,
      heldRangesRead: heldRows,
      service: availability,
      pgbenchSameSql: { ...availabilityPg, script: AVAILABILITY_SQL.trim(), plan: heldPlan },
      cpuMsPerRequest: { service: perRequest(availability.cpu, availability.requests), pgbench: perRequest(availabilityPg.cpu, availabilityPg.transactions) },
      ratioP99: round(availability.latencyMs.p99 / availabilityPg.latencyMs.p99, 1),
    },
    booking: {
      service: booking,
      pgbenchSameSql: { ...bookingPg, script: BOOKING_SQL.trim() },
      cpuMsPerAnswer: { service: perRequest(booking.cpu, booking.requests), pgbench: perRequest(bookingPg.cpu, bookingPg.transactions) },
      ratioThroughput: round(booking.answersPerSecond / bookingPg.tps, 3),
    },
    verdict: {
      availabilityP99: verdict(availability.latencyMs.p99 <= GOALS.availabilityP99Ms && availability.non2xx === 0),
      bookingNo5xx: verdict(booking.serverErrors === 0 && booking.errors === 0),
    },
  };
  const file = writeResults(NAME, results);

  console.log(`\n== ${NAME} (commit ${env.commit.slice(0, 8)}; calibration ${env.calibration.sha256Of64MiBMs} ms CPU, ${env.calibration.stat20kMs} ms syscalls)`);
  console.log(`availability ${from}..${to}: ${seeded} bookings seeded, ${heldRows} held ranges read, ${answer.slots.length} free windows; ${rate}/s for ${duration} s`);
  console.log(
    table([
      ['', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-2xx'],
      ['service (HTTP)', availability.okPerSecond, availability.latencyMs.p50, availability.latencyMs.p90, availability.latencyMs.p99, availability.latencyMs.max, availability.non2xx + availability.errors],
      ['pgbench same SQL', availabilityPg.tps, availabilityPg.latencyMs.p50, availabilityPg.latencyMs.p90, availabilityPg.latencyMs.p99, availabilityPg.latencyMs.max, availabilityPg.failed],
    ]),
  );
  console.log(`availability p99 ${availability.latencyMs.p99} ms (goal ≤ ${GOALS.availabilityP99Ms} ms: ${results.verdict.availabilityP99})`);
  console.log(`\nbooking under clashes: ${connections} connections, ${duration} s, ${attemptsPerSlot} attempts per slot, ${spacesCount} spaces`);
  console.log(
    table([
      ['', 'answers/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'created', 'clash %', '5xx/failed'],
      ['service (HTTP)', booking.answersPerSecond, booking.latencyMs.p50, booking.latencyMs.p90, booking.latencyMs.p99, booking.latencyMs.max, booking.created, booking.clashPercent, booking.serverErrors + booking.errors],
      ['pgbench same SQL', bookingPg.tps, bookingPg.latencyMs.p50, bookingPg.latencyMs.p90, bookingPg.latencyMs.p99, bookingPg.latencyMs.max, pgCreated, bookingPg.clashPercent, bookingPg.failed],
    ]),
  );
  console.log(`status codes: ${JSON.stringify(booking.statusCodes)}; ratio service/pgbench = ${round(100 * results.booking.ratioThroughput, 1)}%; 5xx: ${results.verdict.bookingNo5xx}`);
  console.log(`CPU ms per answer: availability ${JSON.stringify(results.availability.cpuMsPerRequest)}; booking ${JSON.stringify(results.booking.cpuMsPerAnswer)}`);
  for (const [label, c] of [['availability', availability.cpu], ['booking', booking.cpu]]) {
    if (c.otherPercent > 5) console.log(`NOTE: other processes used ${c.otherPercent}% of the machine during the ${label} run: numbers are disturbed`);
  }
  console.log(`results: ${file}`);
  return { name: NAME, file, verdict: results.verdict };
}
