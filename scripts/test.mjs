#!/usr/bin/env node
// `npm test`: every test of every project, against real PostgreSQL, NATS and Redis.
// 1. makes sure the three servers answer (starting local ones where installed, as npm start does),
// 2. type-checks the whole workspace,
// 3. lints it: module boundaries (a service imports libs, never another service) and a few
//    correctness rules (eslint.config.mjs), in the projects and in chaos/, deploy/, bench/, scripts/,
// 4. runs all Jest projects in one process (two workers: the machines have two cores),
// and ends with one plain line "N passed, N failed" that any CI can read.
// Extra arguments go to Jest, e.g. `npm test -- services/feedback/src/queue`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureInfrastructure, repoRoot } from './infra.mjs';

const args = process.argv.slice(2);
const bin = (name) => path.join(repoRoot, 'node_modules', '.bin', name);

const infra = await ensureInfrastructure();
if (!infra.ok) {
  console.error('\nThe tests need PostgreSQL, Redis and NATS (JetStream); see above for how to get them.');
  process.exit(1);
}

if (!args.length) {
  console.log('\n==> type check (tsc --noEmit)');
  const tsc = spawnSync(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'], { cwd: repoRoot, stdio: 'inherit' });
  if (tsc.status !== 0) {
    console.error('Type errors: fix them before the tests run.');
    process.exit(tsc.status ?? 1);
  }

  console.log('\n==> lint (eslint: module boundaries, correctness)');
  const started = Date.now();
  // The projects, and the code around them that runs the platform, tests and measures it.
  const eslint = spawnSync(bin('eslint'), ['--max-warnings=0', 'services', 'libs', 'chaos', 'deploy', 'bench', 'scripts'], { cwd: repoRoot, stdio: 'inherit' });
  if (eslint.status !== 0) {
    console.error('Lint errors: fix them before the tests run.');
    process.exit(eslint.status ?? 1);
  }
  console.log(`lint passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

console.log('\n==> jest');
const out = mkdtempSync(path.join(os.tmpdir(), 'vaikuta-jest-'));
const resultFile = path.join(out, 'results.json');
const jest = spawnSync(bin('jest'), ['--maxWorkers=2', '--json', `--outputFile=${resultFile}`, ...args], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
let summary = '';
try {
  const r = JSON.parse(readFileSync(resultFile, 'utf8'));
  summary = `${r.numPassedTests} passed, ${r.numFailedTests} failed${r.numPendingTests ? `, ${r.numPendingTests} skipped` : ''}`;
} catch {
  summary = '0 passed, 1 failed';
}
rmSync(out, { recursive: true, force: true });
console.log(`\ntests: ${summary}`);
process.exit(jest.status ?? 1);
