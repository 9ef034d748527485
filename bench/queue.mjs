// queue: GET /feedback/queues/KYMP over 1,000,000 requests, against pgbench of the same SQL.
//
//   npm run bench -- queue [--duration 15] [--connections 8] [--rows 1000000] [--compare-open-queue-index]
//                          [--open-within-days <n>] [--profile] [--no-build]
import {
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
import { seedSql } from './queue-seed.mjs';

export const GOALS = { p99Ms: 20 };
const DEPARTMENT = 'KYMP';
const LIMIT = 50;
const OPEN_STATES = ['received', 'in_process'];

/**
 * The service's query, copied from services/feedback/src/queue/feedback-queue.service.ts
 * (FeedbackQueueService.queue, built there with listing/sql-conditions.ts) with the same
 * parameter numbering: $1 department, $2 statuses
 * (text[]), then the optional filters in the service's order, the cursor pair, and limit + 1.
 */
export function queueQuery(department, query) {
  const where = ['r.department_code = $1'];
  const params = [department];
  const add = (sql, value) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  add('r.status = ANY(?)', query.status?.length ? query.status : OPEN_STATES);
  if (query.kind?.length) add('r.kind = ANY(?)', query.kind);
  if (query.category) add('r.category_code = ?', query.category);
  if (query.district) add('r.district_code = ?', query.district);
  if (query.overdue === 'true') where.push(`r.due_at < now() AND r.status IN ('received', 'in_process')`);
  if (query.overdue === 'false') where.push(`NOT (r.due_at < now() AND r.status IN ('received', 'in_process'))`);
  if (query.cursor) {
    // listing/keyset-cursor.ts: base64url of [at, id]
    const [dueAt, id] = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8'));
    params.push(dueAt, id);
    where.push(`(r.due_at, r.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push((query.limit ?? LIMIT) + 1);
  const sql = `SELECT r.id, r.tracking_code, r.kind, r.status, r.category_code, r.district_code, r.title,
              left(r.description, 160) AS excerpt, r.assignee_id, r.submitted_at, r.due_at,
              r.published_at IS NOT NULL AS published, r.version,
              (SELECT count(*)::int FROM feedback_photos p WHERE p.request_id = r.id) AS photo_count
         FROM feedback_requests r
        WHERE ${where.join(' AND ')}
        ORDER BY r.due_at, r.id
        LIMIT $${params.length}`;
  return { sql, params };
}

/** The same statement as a pgbench script: $n becomes :pn, values go in with -D (as text, like node-postgres sends them). */
function pgbenchScript({ sql, params }) {
  const script = sql.replace(/\$(\d+)/g, (_, n) => `:p${n}`).replace(/\s+/g, ' ').trim() + ';\n';
  const defines = Object.fromEntries(params.map((v, i) => [`p${i + 1}`, Array.isArray(v) ? `{${v.join(',')}}` : String(v)]));
  return { script, defines };
}

function httpQuery(query) {
  const q = new URLSearchParams({ limit: String(LIMIT) });
  if (query.status) q.set('status', query.status.join(','));
  if (query.kind) q.set('kind', query.kind.join(','));
  if (query.district) q.set('district', query.district);
  if (query.overdue) q.set('overdue', query.overdue);
  if (query.cursor) q.set('cursor', query.cursor);
  return q.toString();
}

async function explain(url, { sql, params }) {
  return withClient(url, async (c) => {
    await c.query({ text: sql, values: params }); // warm, as the measured runs are
    const { rows } = await c.query({ text: `EXPLAIN (ANALYZE, BUFFERS) ${sql}`, values: params });
    return rows.map((r) => r['QUERY PLAN']);
  });
}

async function measureVariants({ ctx, token, variants, duration, connections, label }) {
  const measured = [];
  for (const variant of variants) {
    const { sql, params } = queueQuery(DEPARTMENT, variant.query);
    const url = `${ctx.service.base}/feedback/queues/${DEPARTMENT}?${httpQuery(variant.query)}`;
    const headers = { authorization: `Bearer ${token}` };

    // The copied SQL must answer what the service answers.
    const page = await (await fetch(url, { headers })).json();
    const direct = await withClient(ctx.url, (c) => c.query({ text: sql, values: params }));
    const sameRows = JSON.stringify(page.items?.map((i) => i.id)) === JSON.stringify(direct.rows.slice(0, LIMIT).map((r) => r.id));
    if (!page.items) throw new Error(`${variant.name}: the service answered ${JSON.stringify(page)}`);
    if (!sameRows) log(`WARNING ${variant.name}: the service's page and the copied SQL's rows differ; the query may have changed`);

    const quiet = await waitForQuiet();
    log(`${label}${variant.name}: HTTP ${connections} connections ${duration} s`);
    const cpu = new CpuMeter(standardCpuGroups(ctx.service.pid));
    await cpu.start();
    const http = await runAutocannon({ url, headers, connections, duration });
    const httpCpu = await cpu.stop();

    // First and next page also at a steady half of that rate: latency when not saturated.
    let paced;
    if (variant.paced) {
      const rate = Math.max(10, Math.round(http.okPerSecond / 2));
      await waitForQuiet();
      log(`${label}${variant.name}: steady ${rate} req/s for ${duration} s`);
      const pacedCpu = new CpuMeter(standardCpuGroups(ctx.service.pid));
      await pacedCpu.start();
      paced = await runPaced({ url, headers, connections, duration, rate });
      paced.cpu = await pacedCpu.stop();
    }

    const bench = pgbenchScript({ sql, params });
    const quietBaseline = await waitForQuiet();
    const sqlCpu = new CpuMeter(standardCpuGroups(ctx.service.pid));
    await sqlCpu.start();
    const baseline = await runPgbench({
      database: ctx.database,
      script: bench.script,
      defines: bench.defines,
      clients: connections,
      duration,
      mode: 'extended',
      label: `${label}${variant.name} baseline`,
    });
    const baselineCpu = await sqlCpu.stop();

    measured.push({
      name: `${label}${variant.name}`,
      query: variant.query,
      url: url.replace(ctx.service.base, ''),
      itemsOnPage: page.items.length,
      sameRowsAsSql: sameRows,
      quietBeforeMeasuring: { service: quiet, baseline: quietBaseline },
      service: { ...http, cpu: httpCpu },
      serviceAtHalfRate: paced,
      baseline: { ...baseline, cpu: baselineCpu, sql, params, pgbenchScript: bench.script },
      cpuMsPerRequest: {
        service: round((1000 * (httpCpu.cpuSeconds.service ?? 0)) / http.requests, 3),
        postgresDuringHttp: round((1000 * (httpCpu.cpuSeconds.postgres ?? 0)) / http.requests, 3),
        postgresDuringPgbench: round((1000 * (baselineCpu.cpuSeconds.postgres ?? 0)) / baseline.transactions, 3),
      },
      ratios: {
        throughput: round(http.okPerSecond / baseline.tps, 3),
        p50: round(http.latencyMs.p50 / baseline.latencyMs.p50, 2),
        p99: round(http.latencyMs.p99 / baseline.latencyMs.p99, 2),
      },
      explain: await explain(ctx.url, { sql, params }),
    });
  }
  return measured;
}

export async function run(options) {
  const duration = numberOption(options, 'duration', 15);
  const connections = numberOption(options, 'connections', 8);
  const rows = numberOption(options, 'rows', 1_000_000);
  // Runs first page, next page and overdue again with the partial index on open requests
  // toggled: created if the schema lacks it, dropped if the migration (1763800000200) made it.
  const withIndex = options.compareOpenQueueIndex === 'true' || options.withOpenQueueIndex === 'true';
  const openWithinDays = options.openWithinDays === undefined ? 0 : numberOption(options, 'openWithinDays', 0);
  const variantCount = withIndex ? 9 : 6;
  // Seeding, the variants, and the bounded waits for a quiet machine before each measurement.
  const deadlineMs = (300 + (rows / 1_000_000) * 300 + variantCount * (3 * duration + 10 + 3 * 180)) * 1000;

  const profile = options.profile === 'true';
  return withBenchmark({ name: 'queue', port: numberOption(options, 'port', 3902), deadlineMs, profile }, async (ctx) => {
    const env = environment();
    await ctx.service.start();
    await seedCatalog(ctx.url);
    const server = await serverInfo(ctx.url);

    log(`seeding ${rows.toLocaleString('en')} requests with one INSERT … SELECT generate_series`);
    const seedStart = performance.now();
    const stats = await withClient(ctx.url, async (c) => {
      await c.query(seedSql(rows));
      const seededMs = performance.now() - seedStart;
      if (openWithinDays) {
        // A city that keeps up: only what was sent in the last N days is still open.
        const closed = await c.query(
          `UPDATE feedback_requests SET status = 'resolved', closed_at = submitted_at + interval '3 days', version = 5
            WHERE status IN ('received', 'in_process') AND submitted_at < now() - make_interval(days => $1)`,
          [openWithinDays],
        );
        log(`--open-within-days ${openWithinDays}: closed ${closed.rowCount} older open requests`);
      }
      // VACUUM as well as ANALYZE: a table that has been in use has its visibility map set.
      await c.query('VACUUM ANALYZE feedback_requests');
      await c.query('VACUUM ANALYZE feedback_photos');
      // Write the seed out now rather than in a checkpoint during the measurements.
      await c.query('CHECKPOINT');
      const byStatus = await c.query(
        `SELECT status, count(*)::int AS n, count(*) FILTER (WHERE due_at < now())::int AS overdue
           FROM feedback_requests WHERE department_code = $1 GROUP BY status ORDER BY status`,
        [DEPARTMENT],
      );
      const size = await c.query(`SELECT pg_total_relation_size('feedback_requests') AS total, pg_relation_size('feedback_requests') AS heap`);
      return {
        rows,
        openWithinDays: openWithinDays || undefined,
        seedSeconds: round(seededMs / 1000, 1),
        seedAndVacuumSeconds: round((performance.now() - seedStart) / 1000, 1),
        kympByStatus: byStatus.rows,
        tableMiB: round(Number(size.rows[0].total) / 2 ** 20, 0),
        heapMiB: round(Number(size.rows[0].heap) / 2 ** 20, 0),
      };
    });
    log(`seeded in ${stats.seedSeconds} s (+ VACUUM ANALYZE: ${stats.seedAndVacuumSeconds} s), table ${stats.tableMiB} MiB`);

    const token = ctx.service.token(['case_worker'], [DEPARTMENT]);
    const first = await (await fetch(`${ctx.service.base}/feedback/queues/${DEPARTMENT}?limit=${LIMIT}`, { headers: { authorization: `Bearer ${token}` } })).json();
    if (!first.nextCursor) throw new Error(`first page has no nextCursor: ${JSON.stringify(first).slice(0, 300)}`);
    const variants = [
      { name: 'first page', query: {}, paced: true },
      { name: 'next page', query: { cursor: first.nextCursor }, paced: true },
      { name: 'status=received', query: { status: ['received'] } },
      { name: 'kind=fault', query: { kind: ['fault'] } },
      { name: 'district=kallio', query: { district: 'kallio' } },
      { name: 'overdue=true', query: { overdue: 'true' } },
    ];
    // A short warm-up so that the first variant does not pay for cold caches and JIT alone.
    await runAutocannon({ url: `${ctx.service.base}/feedback/queues/${DEPARTMENT}?limit=${LIMIT}`, headers: { authorization: `Bearer ${token}` }, connections, duration: 2 });

    const measured = await measureVariants({ ctx, token, variants, duration, connections, label: '' });

    const indexes = async () =>
      withClient(ctx.url, async (c) =>
        (await c.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'feedback_requests' ORDER BY indexname`)).rows,
      );
    const indexesMeasured = await indexes();
    let openQueueIndexComparison;
    if (withIndex) {
      const present = indexesMeasured.some((i) => i.indexname === 'feedback_queue_open');
      const change = present ? 'dropped feedback_queue_open' : 'created feedback_queue_open';
      log(`${change} for the comparison`);
      await withClient(ctx.url, async (c) => {
        if (present) await c.query('DROP INDEX feedback_queue_open');
        else await c.query(`CREATE INDEX feedback_queue_open ON feedback_requests (department_code, due_at, id) WHERE status IN ('received', 'in_process')`);
        await c.query('ANALYZE feedback_requests');
      });
      openQueueIndexComparison = {
        change,
        variants: await measureVariants({
          ctx, token, duration, connections, label: present ? '-index ' : '+index ',
          variants: variants.filter((v) => ['first page', 'next page', 'overdue=true'].includes(v.name)),
        }),
      };
    }

    await ctx.service.stop();
    const serviceProfile = ctx.service.profileSummary();

    const main = measured.filter((m) => m.name === 'first page' || m.name === 'next page');
    const results = {
      benchmark: 'queue',
      environment: env,
      postgres: server,
      parameters: { department: DEPARTMENT, limit: LIMIT, connections, durationSecondsPerVariant: duration, pgbenchMode: 'extended (unnamed statements, planned per execution, like node-postgres)' },
      data: stats,
      goals: GOALS,
      variants: measured,
      indexes: indexesMeasured,
      openQueueIndexComparison,
      serviceProfile,
      verdict: Object.fromEntries(
        main.flatMap((m) => [
          [`${m.name} p99 (${connections} connections)`, verdict(m.service.latencyMs.p99 <= GOALS.p99Ms)],
          [`${m.name} p99 (steady ${m.serviceAtHalfRate.targetRate}/s)`, verdict(m.serviceAtHalfRate.latencyMs.p99 <= GOALS.p99Ms)],
        ]),
      ),
    };
    const file = writeResults('queue', results);

    console.log(`\n== queue: GET /feedback/queues/${DEPARTMENT} (limit ${LIMIT}) over ${rows.toLocaleString('en')} requests, ${connections} connections, ${duration} s each (commit ${env.commit.slice(0, 8)}; calibration ${env.calibration.sha256Of64MiBMs} ms CPU, ${env.calibration.stat20kMs} ms syscalls)`);
    const all = [...measured, ...(openQueueIndexComparison?.variants ?? [])];
    console.log(
      table([
        ['variant', 'HTTP req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'non-2xx', 'SQL tps', 'SQL p50', 'SQL p99', 'HTTP/SQL tps', 'exec ms', 'svc CPU ms/req', 'other CPU%'],
        ...all.map((m) => [
          m.name,
          m.service.okPerSecond,
          m.service.latencyMs.p50,
          m.service.latencyMs.p90,
          m.service.latencyMs.p99,
          m.service.non2xx + m.service.errors,
          m.baseline.tps,
          m.baseline.latencyMs.p50,
          m.baseline.latencyMs.p99,
          `${round(100 * m.ratios.throughput, 1)}%`,
          m.explain.find((l) => l.startsWith('Execution Time'))?.replace(/[^\d.]/g, ''),
          m.cpuMsPerRequest.service,
          `${m.service.cpu.otherPercent}/${m.baseline.cpu.otherPercent}`,
        ]),
      ]),
    );
    const hasOpenIndex = indexesMeasured.some((i) => i.indexname === 'feedback_queue_open');
    console.log(`schema as migrated: feedback_queue_open ${hasOpenIndex ? 'present' : 'absent'}${openQueueIndexComparison ? `; ±index rows: ${openQueueIndexComparison.change}` : ''}${openWithinDays ? `; open requests only from the last ${openWithinDays} days` : ''}`);
    for (const m of all.filter((x) => x.serviceAtHalfRate)) {
      const p = m.serviceAtHalfRate;
      console.log(`${m.name} at a steady ${p.targetRate} req/s: p50 ${p.latencyMs.p50} ms, p90 ${p.latencyMs.p90} ms, p99 ${p.latencyMs.p99} ms, max ${p.latencyMs.max} ms, non-2xx ${p.non2xx + p.errors}`);
    }
    for (const m of main) console.log(`${m.name}: p99 ${m.service.latencyMs.p99} ms at ${connections} busy connections (goal ≤ ${GOALS.p99Ms} ms: ${verdict(m.service.latencyMs.p99 <= GOALS.p99Ms)})`);
    const firstCpu = measured[0].service.cpu;
    console.log(`CPU during first page HTTP (% of machine): ${JSON.stringify(firstCpu.percentOfMachine)}, machine busy ${firstCpu.machineBusyPercent}%, steal ${firstCpu.stealPercent}%`);
    console.log(`EXPLAIN (ANALYZE, BUFFERS) of every variant is in the results file.`);
    if (serviceProfile) {
      console.log(`service CPU profile (self time, whole process life; --profile):`);
      for (const p of serviceProfile.byPackage.slice(0, 12)) console.log(`  ${String(p.selfPercent).padStart(5)}%  ${p.name}`);
    }
    console.log(`results: ${file}`);
    return { name: 'queue', file, verdict: results.verdict };
  });
}
