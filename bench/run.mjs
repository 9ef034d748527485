#!/usr/bin/env node
// Benchmarks of the services, run on demand (never part of npm test):
//
//   npm run bench -- intake|queue|relay|initiatives|budgeting-rules|budgeting-tally|budgeting-intake|premises|all [--no-build] [--duration <s>] [other options]
//
// Each builds (unless --no-build), makes its own database and NATS namespace, starts the
// service on 127.0.0.1, measures against a raw baseline in the same run, cleans up and writes
// bench/results/<name>-<timestamp>.json. See bench/README.md.
import { build, log, parseArgs } from './lib/harness.mjs';

const BENCHMARKS = {
  intake: () => import('./intake.mjs'),
  queue: () => import('./queue.mjs'),
  relay: () => import('./relay.mjs'),
  initiatives: () => import('./initiatives.mjs'),
  'budgeting-rules': () => import('./budgeting-rules.mjs'),
  'budgeting-tally': () => import('./budgeting-tally.mjs'),
  'budgeting-intake': () => import('./budgeting-intake.mjs'),
  premises: () => import('./premises.mjs'),
  platform: () => import('./platform.mjs'),
  scaling: () => import('./scaling.mjs'),
};

const USAGE = `Usage: npm run bench -- <intake|queue|relay|initiatives|budgeting-rules|budgeting-tally|budgeting-intake|premises|platform|scaling|all> [--no-build] [options]

  intake   POST /feedback/requests, autocannon vs pgbench of the same SQL
           --duration <s> (30) --connections <n> (32) --pgbench-mode prepared|extended --baseline-sql current|previous
  queue    GET /feedback/queues/KYMP over 1,000,000 requests vs pgbench of the same query
           --duration <s> per variant (15) --connections <n> (8) --rows <n> (1000000)
           --compare-open-queue-index  first/next/overdue again with feedback_queue_open toggled
           --open-within-days <n>   close every open request older than n days after seeding
  relay    outbox commit -> JetStream receipt at a fixed rate vs raw js.publish
           --duration <s> (20) --rate <per s> (1000) --writers <n> (8)
  initiatives  GET /initiatives over 100,000 rows: first page, next page, fi/sv text search vs pgbench
           --rows <n> (100000) --duration <s> (10) --rate <per s> (50)
  budgeting-rules  greedy and equal shares with completion on a generated round, no database
           --voters <n> per district (50000) --plans <n> (40) --districts <n> (8) --repeat <n> (3) --seed <n> (1)
  budgeting-tally  the results tally (SQL) over 1,000,000 counted ballots seeded with generate_series
           --ballots <n> (1000000) --repeat <n> (5) --keep-database
  budgeting-intake  PUT /budgeting/rounds/{id}/ballot from many voters, autocannon vs pgbench of the same SQL
           --duration <s> (30) --connections <n> (32) --voters <n> (20000) --pgbench-mode prepared|extended
  premises  a space's availability over 90 days at a steady rate, and clashing POST bookings, vs pgbench of the same SQL
           --duration <s> (20) --rate <per s> (50) --connections <n> (32) --attempts-per-slot <n> (8)
           --spaces <n> (4) --persons <n> (500)
  platform  every service and the portal from dist/: cold start (first start and restart) and idle RSS per process
           --idle <s> (60) --base-port <n> (3960) --heap-snapshots --keep-logs
  scaling  each service's main write path with 1 and 2 replicas on a 3-node NATS cluster (R3 streams), vs raw node:http 1 and 2
           --duration <s> (15) --connections <n> (32) --services feedback,initiatives,budgeting,grants,notifications
  all      all of them, one after another

Common: --no-build (use dist/ as it is), --port <n> (intake 3901, queue 3902, relay 3903),
        --profile (a V8 CPU profile of the service, summarised; the file stays in bench/results)
Environment: see bench/README.md (BENCH_SERVICE_ROOT for A/B runs, BENCH_SERVICE_NODE_ARGS, ...)`;

const options = parseArgs(process.argv.slice(2));
const [which = ''] = options.positionals;
if (options.help || !which || !(which in BENCHMARKS || which === 'all')) {
  console.log(USAGE);
  process.exit(which || options.help ? (options.help ? 0 : 2) : 2);
}

const names = which === 'all' ? Object.keys(BENCHMARKS) : [which];
if (options.build) build();

const summaries = [];
let failed = false;
for (const name of names) {
  try {
    const { run } = await BENCHMARKS[name]();
    summaries.push(await run(options));
  } catch (error) {
    failed = true;
    log(`${name} failed: ${error?.stack ?? error}`);
  }
}

if (summaries.length > 1) {
  console.log('\n== summary');
  for (const s of summaries) console.log(`${s.name}: ${Object.entries(s.verdict).map(([k, v]) => `${k} ${v}`).join(', ')}  (${s.file})`);
}
process.exit(failed ? 1 : 0);
