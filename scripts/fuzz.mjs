#!/usr/bin/env node
// `npm run fuzz`: the fuzz specs of every service with FUZZ_RUNS generated bad requests per
// route (default 10,000; `npm run fuzz -- 500` for fewer), against real PostgreSQL, NATS and
// Redis. The counts per route and status are written to bench/fuzz-report.json.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureInfrastructure, repoRoot } from './infra.mjs';

const runs = process.argv[2] ?? process.env.FUZZ_RUNS ?? '10000';
const report = path.join(repoRoot, 'bench', 'fuzz-report.json');
const infra = await ensureInfrastructure();
if (!infra.ok) process.exit(1);
rmSync(report, { force: true });
const jest = spawnSync(
  path.join(repoRoot, 'node_modules', '.bin', 'jest'),
  ['--maxWorkers=1', '--testTimeout=36000000', 'services/[^/]+/test/fuzz\\.spec\\.ts$'],
  { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test', FUZZ_RUNS: runs, FUZZ_REPORT: report } },
);
if (existsSync(report)) {
  const all = JSON.parse(readFileSync(report, 'utf8'));
  for (const [target, r] of Object.entries(all)) {
    const routes = Object.entries(r.routes);
    const requests = routes.reduce((sum, [, counts]) => sum + Object.values(counts).reduce((a, b) => a + b, 0), 0);
    console.log(`${target}: ${routes.length} routes, ${requests} requests (${r.runsPerRoute} per route), ${r.serverErrors} 5xx or hangs, seed ${r.seed}`);
  }
  console.log(`per route and status: ${path.relative(repoRoot, report)}`);
}
process.exit(jest.status ?? 1);
