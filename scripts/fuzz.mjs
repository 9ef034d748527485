#!/usr/bin/env node
// `npm run fuzz`: the fuzz specs of every service with FUZZ_RUNS generated bad requests per
// route (default 10,000; `npm run fuzz -- 500` for fewer), against real PostgreSQL, NATS and
// Redis. Targets run in FUZZ_WORKERS parallel Jest workers (default 2, one per core of the
// reference machine), each writing its own counts after every route; they are merged into
// bench/fuzz-report.json — also when the run is stopped early (kill its Jest process), in which
// case a target's entry says how many of its routes it reached.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureInfrastructure, repoRoot } from './infra.mjs';

const runs = process.argv[2] ?? process.env.FUZZ_RUNS ?? '10000';
const workers = process.env.FUZZ_WORKERS ?? '2';
const report = path.join(repoRoot, 'bench', 'fuzz-report.json');
const infra = await ensureInfrastructure();
if (!infra.ok) process.exit(1);
const parts = mkdtempSync(path.join(os.tmpdir(), 'vaikuta-fuzz-'));
const started = Date.now();
const jest = spawnSync(
  path.join(repoRoot, 'node_modules', '.bin', 'jest'),
  [`--maxWorkers=${workers}`, '--testTimeout=36000000', 'services/[^/]+/test/fuzz\\.spec\\.ts$'],
  { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test', FUZZ_RUNS: runs, FUZZ_REPORT_DIR: parts } },
);
const all = {};
for (const file of readdirSync(parts).sort()) Object.assign(all, JSON.parse(readFileSync(path.join(parts, file), 'utf8')));
rmSync(parts, { recursive: true, force: true });
if (Object.keys(all).length) {
  writeFileSync(report, JSON.stringify(all, null, 2));
  for (const [target, r] of Object.entries(all)) {
    const routes = Object.entries(r.routes);
    const requests = routes.reduce((sum, [, counts]) => sum + Object.values(counts).reduce((a, b) => a + b, 0), 0);
    const cut = r.routesDone !== undefined ? ` — CUT SHORT after ${r.routesDone} of ${r.routesTotal} routes` : '';
    console.log(`${target}: ${routes.length} routes, ${requests} requests (${r.runsPerRoute} per route), ${r.serverErrors} 5xx or hangs, seed ${r.seed}${cut}`);
  }
  console.log(`in ${Math.round((Date.now() - started) / 60_000)} min; per route and status: ${path.relative(repoRoot, report)}`);
}
process.exit(jest.status ?? 1);
