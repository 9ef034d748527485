#!/usr/bin/env node
// `npm run chaos -- --layout single|cluster --duration N`: the whole platform on private
// PostgreSQL, Redis and NATS, under a realistic load while processes and servers are killed;
// then the invariants. Exits 1 when any invariant is broken. See chaos/README.md.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const USAGE = 'usage: npm run chaos -- [--layout single|cluster] [--duration <seconds>] [--no-pause] [--loops <n>]';

const options = { layout: 'single', durationSec: 120, pause: true, loops: 2 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const [flag, inline] = argv[i].split('=', 2);
  const value = () => inline ?? argv[++i];
  if (flag === '--layout') options.layout = value();
  else if (flag === '--duration') options.durationSec = Number(value());
  else if (flag === '--loops') options.loops = Number(value());
  else if (flag === '--no-pause') options.pause = false;
  else if (flag === '--help' || flag === '-h') {
    console.log(USAGE);
    process.exit(0);
  } else {
    console.error(`unknown option ${argv[i]}\n${USAGE}`);
    process.exit(2);
  }
}
if (!['single', 'cluster'].includes(options.layout) || !(options.durationSec > 0) || !(options.loops > 0)) {
  console.error(USAGE);
  process.exit(2);
}

// The suite is TypeScript (shared with its Jest spec); libs/testing's hook compiles it with swc.
const require = createRequire(import.meta.url);
require(path.join(here, '../libs/testing/src/services/ts-register.js'));
const { runChaos, summarise } = require('./src/chaos-run.ts');

const result = await runChaos({ ...options, resultsDir: path.join(here, 'results') });
console.log(summarise(result));
if (result.resultsFile) console.log(`written to ${path.relative(process.cwd(), result.resultsFile)}`);
process.exit(result.violations === 0 ? 0 : 1);
