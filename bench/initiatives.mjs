#!/usr/bin/env node
// initiatives: the public list of 100,000 initiatives — first page, next page and a Finnish /
// Swedish text search — at a steady rate, against pgbench of the same SQL (bench/README.md).
//
//   node bench/initiatives.mjs [--rows 100000] [--duration 10] [--rate 50] [--no-build]
//
// Builds the service (swc, libs + services/initiatives), starts it on 127.0.0.1:3904 with its
// own database and namespace, seeds the rows in SQL, measures, cleans up, and writes
// bench/results/initiatives-<timestamp>.json. Goal: p99 ≤ 20 ms for each of the three.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  databaseUrl,
  deleteStreams,
  dropDatabase,
  environment,
  log,
  NATS_URL,
  numberOption,
  parseArgs,
  recreateDatabase,
  repoRoot,
  round,
  runPaced,
  runPgbench,
  table,
  verdict,
  waitForQuiet,
  withClient,
  writeResults,
} from './lib/harness.mjs';

const GOAL_P99_MS = 20;
const NAME = 'initiatives';
const DATABASE = 'vaikuta_bench_initiatives';
const NAMESPACE = 'bench_initiatives';
const LIMIT = 20;

/** The columns the service selects (InitiativeListRepository, from the Initiative entity's mapping). */
const COLUMNS = `i.id, i.case_id, i.type, i.advocacy_body, i.language, i.title, i.body, i.status, i.version, i.support_count, i.filed_at,
  i.sort_at, to_char(i.council_deadline, 'YYYY-MM-DD') AS council_deadline, i.next_due_at, i.department_code, i.preparer_id, i.proposed_to,
  i.proposal, i.decision, i.measures, i.measures_at, i.closing_reason, i.combined_into, i.ahjo_case_id, i.source_system, i.external_id,
  i.source_url, i.source_fingerprint, i.public, i.created_by, i.created_at, i.updated_at`;
const SEARCH = `i.search_vector @@ (websearch_to_tsquery('pg_catalog.finnish', $1) || websearch_to_tsquery('pg_catalog.swedish', $1) || websearch_to_tsquery('pg_catalog.english', $1))`;

/** The service's three statements (services/initiatives/src/initiatives/initiative-list.repository.ts). */
const QUERIES = {
  first: () => ({ sql: `SELECT ${COLUMNS} FROM initiatives i WHERE i.public ORDER BY i.sort_at DESC, i.id DESC LIMIT $1`, params: [LIMIT + 1] }),
  next: ([at, id]) => ({
    sql: `SELECT ${COLUMNS} FROM initiatives i WHERE i.public AND (i.sort_at, i.id) < ($1::timestamptz, $2::uuid) ORDER BY i.sort_at DESC, i.id DESC LIMIT $3`,
    params: [at, id, LIMIT + 1],
  }),
  // A search walks at most 2000 rows along the list; when that does not fill the page, the search index finds the rest.
  search: (q) => ({
    sql: `SELECT ${COLUMNS} FROM (SELECT * FROM initiatives i WHERE i.public ORDER BY i.sort_at DESC, i.id DESC LIMIT $2) i WHERE ${SEARCH} ORDER BY i.sort_at DESC, i.id DESC LIMIT $3`,
    params: [q, 2000, LIMIT + 1],
  }),
  searchFew: (q) => ({
    sql: `WITH hits AS MATERIALIZED (SELECT i.id, i.sort_at FROM initiatives i WHERE i.public AND ${SEARCH}) SELECT ${COLUMNS} FROM hits h JOIN initiatives i ON i.id = h.id ORDER BY i.sort_at DESC, i.id DESC LIMIT $2`,
    params: [q, LIMIT + 1],
  }),
};

/** Ten topics in Finnish and ten in Swedish: a Finnish topic word is in about 8 % of the rows, a Swedish one in 2 %. */
const TOPICS_FI = ['pyöräpysäköinti', 'koirapuisto', 'uimaranta', 'kirjastoauto', 'leikkipuisto', 'katuvalo', 'penkki', 'nuorisotila', 'kävelykatu', 'luistelurata'];
const TOPICS_SV = ['cykelparkering', 'hundpark', 'badstrand', 'bokbuss', 'lekpark', 'gatubelysning', 'bänk', 'ungdomsgård', 'gågata', 'skridskobana'];
const PLACES = ['Kallio', 'Malmi', 'Kannelmäki', 'Lauttasaari', 'Kamppi', 'Itäkeskus', 'Vuosaari', 'Pasila', 'Herttoniemi', 'Töölö'];

function seedSql(rows) {
  const fi = `ARRAY[${TOPICS_FI.map((t) => `'${t}'`).join(',')}]`;
  const sv = `ARRAY[${TOPICS_SV.map((t) => `'${t}'`).join(',')}]`;
  const places = `ARRAY[${PLACES.map((t) => `'${t}'`).join(',')}]`;
  return `
    INSERT INTO initiatives (id, type, language, title, body, status, version, support_count, filed_at, sort_at, public, created_at, updated_at)
    SELECT gen_random_uuid(),
           (ARRAY['resident','council_member','advocacy_body'])[1 + n % 3],
           CASE WHEN n % 5 = 0 THEN 'sv' ELSE 'fi' END,
           CASE WHEN n % 5 = 0
             THEN jsonb_build_object('sv', 'Ny ' || (${sv})[1 + (n / 10) % 10] || ' i ' || (${places})[1 + n % 10] || ' nr ' || n)
             ELSE jsonb_build_object('fi', 'Uusi ' || (${fi})[1 + (n / 10) % 10] || ' ' || (${places})[1 + n % 10] || 'n alueelle nro ' || n) END,
           'Esitämme, että kaupunki toteuttaa tämän aloitteen asukkaiden hyväksi. ' || repeat('Perustelut ovat pitkät. ', 8) || n,
           (ARRAY['filed','registered','assigned','statements_requested','proposed','decided','measures_taken','closed'])[1 + n % 8],
           1, n % 500, now() - (n || ' minutes')::interval, now() - (n || ' minutes')::interval, n % 50 <> 0, now(), now()
      FROM generate_series(1, ${rows}) AS n`;
}

function pgbenchScript({ sql, params }) {
  const script = sql.replace(/\$(\d+)/g, (_, n) => `:p${n}`).replace(/\s+/g, ' ').trim() + ';\n';
  return { script, defines: Object.fromEntries(params.map((v, i) => [`p${i + 1}`, String(v)])) };
}

async function startService(port, tmp) {
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !['NODE_ENV', 'DATABASE_URL', 'NATS_NAMESPACE', 'PORT', 'HOST'].includes(k))),
    DATABASE_URL: databaseUrl(DATABASE),
    NATS_URL,
    NATS_NAMESPACE: NAMESPACE,
    PORT: String(port),
    HOST: '127.0.0.1',
    AUTH_DEV_ISSUER: 'true',
    AUTH_DEV_KEYS_DIR: path.join(tmp, 'dev-keys'),
    LOG_LEVEL: 'warn',
    KUNTALAISALOITE_IMPORT_INTERVAL_MINUTES: '0',
    REMINDER_INTERVAL_MINUTES: '0',
    RATE_LIMITS: 'off',
  };
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist/services/initiatives/src/main.js')], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output = (output + d).slice(-20_000)));
  child.stderr.on('data', (d) => (output = (output + d).slice(-20_000)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`initiatives service exited during start-up:\n${output}`);
    const ready = await fetch(`${base}/health/ready`).then((r) => r.status === 200).catch(() => false);
    if (ready) return { child, base, stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM')))) };
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`initiatives service not ready:\n${output}`);
}

export async function run(options) {
  const rows = numberOption(options, 'rows', 100_000);
  const duration = numberOption(options, 'duration', 10);
  const rate = numberOption(options, 'rate', 50);
  const port = numberOption(options, 'port', 3904);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vaikuta-bench-initiatives-'));
  const streams = [`${NAMESPACE.toUpperCase()}_INITIATIVES`];
  await recreateDatabase(DATABASE);
  await deleteStreams(streams);
  let service;
  try {
    service = await startService(port, tmp);
    log(`seeding ${rows} initiatives`);
    await withClient(databaseUrl(DATABASE), async (c) => {
      await c.query(seedSql(rows));
      await c.query('VACUUM ANALYZE initiatives');
    });
    const first = await (await fetch(`${service.base}/initiatives?limit=${LIMIT}`)).json();
    const cursor = JSON.parse(Buffer.from(first.nextCursor, 'base64url').toString('utf8'));
    const word = 'koirapuisto';
    const variants = [
      { name: 'first page', url: `/initiatives?limit=${LIMIT}`, query: QUERIES.first() },
      { name: 'next page', url: `/initiatives?limit=${LIMIT}&cursor=${first.nextCursor}`, query: QUERIES.next(cursor) },
      { name: `search "${word}"`, url: `/initiatives?limit=${LIMIT}&q=${encodeURIComponent(word)}`, query: QUERIES.search(word) },
      { name: 'search "hundpark"', url: `/initiatives?limit=${LIMIT}&q=hundpark`, query: QUERIES.search('hundpark') },
      // The worst case of a keyset walk with a filter: nothing matches, so the whole list is read.
      { name: 'search, no match', url: `/initiatives?limit=${LIMIT}&q=kuusenkerkkä`, query: QUERIES.search('kuusenkerkkä'), then: QUERIES.searchFew('kuusenkerkkä') },
    ];
    const measured = [];
    for (const v of variants) {
      // The copied SQL must answer what the service answers.
      const page = await (await fetch(`${service.base}${v.url}`)).json();
      const last = v.then ?? v.query;
      const direct = await withClient(databaseUrl(DATABASE), (c) => c.query({ text: last.sql, values: last.params }));
      const same = JSON.stringify(page.items.map((i) => i.id)) === JSON.stringify(direct.rows.slice(0, LIMIT).map((r) => r.id));
      if (!same) log(`WARNING ${v.name}: the service's page and the copied SQL differ`);
      const plan = await withClient(databaseUrl(DATABASE), async (c) =>
        (await c.query({ text: `EXPLAIN (ANALYZE, BUFFERS) ${v.query.sql}`, values: v.query.params })).rows.map((r) => r['QUERY PLAN']),
      );
      await waitForQuiet();
      log(`${v.name}: HTTP ${rate}/s for ${duration} s`);
      const http = await runPaced({ url: `${service.base}${v.url}`, rate, duration, connections: 8 });
      await waitForQuiet();
      // Both statements when the service makes both (a search the walk did not fill).
      const first = pgbenchScript(v.query);
      const second = v.then ? pgbenchScript({ sql: v.then.sql.replace(/\$(\d+)/g, (_, n) => `$${Number(n) + v.query.params.length}`), params: v.then.params }) : undefined;
      const script = first.script + (second?.script ?? '');
      const defines = { ...first.defines, ...(second?.defines ?? {}) };
      const pg = await runPgbench({ database: DATABASE, script, defines, clients: 1, threads: 1, duration, mode: 'prepared', label: v.name, rate });
      measured.push({ ...v, items: page.items.length, sameRows: same, http, pgbench: pg, plan, ratioP99: round(http.latencyMs.p99 / pg.latencyMs.p99, 1) });
    }
    console.log(
      '\n' +
        table([
          ['variant', 'items', 'HTTP p50', 'HTTP p99', 'pgbench p50', 'pgbench p99', 'ratio p99', `p99 ≤ ${GOAL_P99_MS} ms`],
          ...measured.map((m) => [m.name, m.items, m.http.latencyMs.p50, m.http.latencyMs.p99, m.pgbench.latencyMs.p50, m.pgbench.latencyMs.p99, m.ratioP99, verdict(m.http.latencyMs.p99 <= GOAL_P99_MS)]),
        ]),
    );
    const file = writeResults(NAME, {
      name: NAME,
      environment: environment(),
      rows,
      rate,
      durationSeconds: duration,
      goals: { p99Ms: GOAL_P99_MS },
      measured: measured.map(({ query, then, ...m }) => ({ ...m, sql: [query.sql, then?.sql].filter(Boolean), params: [query.params, then?.params].filter(Boolean) })),
    });
    log(`results: ${file}`);
    return { name: NAME, file, verdict: Object.fromEntries(measured.map((m) => [m.name, verdict(m.http.latencyMs.p99 <= GOAL_P99_MS)])) };
  } finally {
    await service?.stop();
    await dropDatabase(DATABASE).catch(() => undefined);
    await deleteStreams(streams).catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(repoRoot, 'bench/initiatives.mjs')) {
  const options = parseArgs(process.argv.slice(2));
  if (options.build) {
    log('building libs and services/initiatives (swc)');
    const built = spawnSync('npx', ['swc', 'libs', 'services/initiatives', '-d', 'dist', '--copy-files', '-q'], { cwd: repoRoot, stdio: 'inherit' });
    if (built.status !== 0) process.exit(1);
  }
  run(options).then(
    () => process.exit(0),
    (error) => {
      log(`initiatives failed: ${error?.stack ?? error}`);
      process.exit(1);
    },
  );
}
