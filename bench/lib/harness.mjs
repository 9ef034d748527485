// Shared machinery of the benchmarks: build, a database and a NATS namespace of their own,
// the feedback service as a child process, tokens, pgbench, CPU accounting and results.
// Plain Node ESM; the compiled service code (dist/) is loaded with require().
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const require = createRequire(path.join(repoRoot, 'package.json'));
export const resultsDir = path.join(repoRoot, 'bench', 'results');

const pg = require('pg');

export const PG_HOST = process.env.BENCH_PGHOST ?? '127.0.0.1';
export const PG_PORT = Number(process.env.BENCH_PGPORT ?? 5432);
export const PG_USER = process.env.BENCH_PGUSER ?? 'postgres';
export const NATS_URL = process.env.BENCH_NATS_URL ?? 'nats://127.0.0.1:4222';

export function databaseUrl(database) {
  return `postgres://${PG_USER}@${PG_HOST}:${PG_PORT}/${database}`;
}

export function log(message) {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

// ---------------------------------------------------------------- arguments

export function parseArgs(argv) {
  const options = { build: true, positionals: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-build') options.build = false;
    else if (a.startsWith('--')) {
      const [key, inline] = a.slice(2).split('=', 2);
      const value = inline ?? (argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'true');
      options[key.replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = value;
    } else options.positionals.push(a);
  }
  return options;
}

export function numberOption(options, name, fallback) {
  if (options[name] === undefined) return fallback;
  const value = Number(options[name]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, not ${options[name]}`);
  return value;
}

// ---------------------------------------------------------------- build and environment

export function build() {
  log('npm run build');
  const r = spawnSync('npm', ['run', '-s', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
}

/**
 * How fast this machine is right now: the same fixed work in every run, so runs on a
 * shared or throttled VM can be compared (higher ms = a slower machine at that moment).
 */
export function calibrate() {
  const crypto = require('node:crypto');
  const block = Buffer.alloc(1 << 20, 7);
  let t = performance.now();
  for (let i = 0; i < 64; i++) crypto.createHash('sha256').update(block).digest();
  const cpuMs = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < 20_000; i++) fs.statSync('/proc/self');
  const syscallMs = performance.now() - t;
  return { sha256Of64MiBMs: round(cpuMs, 1), stat20kMs: round(syscallMs, 1) };
}

export function environment() {
  const git = (args) => spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).stdout?.trim() ?? '';
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    commit: git(['rev-parse', 'HEAD']),
    commitSubject: git(['log', '-1', '--format=%s']),
    // Other engineers edit the tree while benchmarks run: say what was not committed.
    dirtyFiles: git(['status', '--porcelain']).split('\n').filter(Boolean).length,
    node: process.version,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    calibration: calibrate(),
    platform: `${os.type()} ${os.release()}`,
    pgbench: spawnSync('pgbench', ['--version'], { encoding: 'utf8' }).stdout?.trim(),
    note: 'loopback only; load generator, service, PostgreSQL and NATS share the same cores',
    // Set when the service ran from another tree (an A/B experiment) or with extra Node flags.
    serviceRoot: process.env.BENCH_SERVICE_ROOT,
    serviceNodeArgs: process.env.BENCH_SERVICE_NODE_ARGS,
  };
}

// ---------------------------------------------------------------- PostgreSQL

export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function recreateDatabase(database) {
  await withClient(databaseUrl('postgres'), async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${database}"`);
  });
}

export async function dropDatabase(database) {
  await withClient(databaseUrl('postgres'), (c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
}

export async function serverInfo(url) {
  return withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT name, setting, unit FROM pg_settings
        WHERE name IN ('server_version', 'shared_buffers', 'synchronous_commit', 'fsync', 'max_connections', 'work_mem', 'jit')`,
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.unit ? `${r.setting} ${r.unit}` : r.setting]));
  });
}

export async function checkpoint(url) {
  await withClient(url, (c) => c.query('CHECKPOINT'));
}

/** The demo catalogue, through the service's own compiled seed function and a TypeORM DataSource. */
export async function seedCatalog(url) {
  const { DataSource } = require('typeorm');
  const { seedCatalog: seed } = require(path.join(repoRoot, 'dist/services/feedback/src/seed/demo-catalog.js'));
  const ds = new DataSource({ type: 'postgres', url });
  await ds.initialize();
  try {
    await seed(ds);
  } finally {
    await ds.destroy();
  }
}

// ---------------------------------------------------------------- Redis

/**
 * Deletes the keys a run's services wrote to Redis (Idempotency-Keys and rate-limit counters
 * live a day): every service prefixes them `<service>:<namespace>:`. Left behind, one ballot
 * bench run kept 60,000 keys in the machine's Redis for 24 hours.
 */
export async function deleteRedisKeysOf(namespace) {
  const Redis = require('ioredis');
  const redis = new Redis(process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let deleted = 0;
    for await (const keys of redis.scanStream({ match: `*:${namespace}:*`, count: 1000 })) {
      if (keys.length) deleted += await redis.unlink(...keys);
    }
    return deleted;
  } finally {
    redis.disconnect();
  }
}

// ---------------------------------------------------------------- NATS

export async function natsConnect() {
  const { connect } = require('@nats-io/transport-node');
  return connect({ servers: NATS_URL, name: 'vaikuta-bench' });
}

export async function deleteStreams(names) {
  const { jetstreamManager } = require('@nats-io/jetstream');
  const nc = await natsConnect();
  try {
    const jsm = await jetstreamManager(nc);
    for (const name of names) {
      await jsm.streams.delete(name).catch((e) => {
        if (!/not found/i.test(String(e?.message))) throw e;
      });
    }
  } finally {
    await nc.close();
  }
}

// ---------------------------------------------------------------- the service

function withoutKeys(object, keys) {
  return Object.fromEntries(Object.entries(object).filter(([k]) => !keys.includes(k)));
}

/**
 * A feedback service of the benchmark's own: own database, NATS namespace, photo dir and dev
 * keys; listening on 127.0.0.1 only.
 */
export class FeedbackService {
  constructor({ name, port = 3901, database, namespace, profile = false }) {
    this.name = name;
    this.profile = profile;
    this.port = port;
    this.database = database;
    this.namespace = namespace;
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), `vaikuta-bench-${name}-`));
    this.env = {
      ...withoutKeys(process.env, ['NODE_ENV', 'DATABASE_URL', 'NATS_NAMESPACE', 'PORT', 'HOST']),
      DATABASE_URL: databaseUrl(database),
      NATS_URL,
      NATS_NAMESPACE: namespace,
      PORT: String(port),
      HOST: '127.0.0.1',
      AUTH_DEV_ISSUER: 'true',
      AUTH_DEV_KEYS_DIR: path.join(this.tmp, 'dev-keys'),
      LOG_LEVEL: 'warn',
      PHOTO_STORAGE_DIR: path.join(this.tmp, 'photos'),
      // Every request comes from one address here: with the limits on, the run measures the limiter's 429s.
      RATE_LIMITS: 'off',
    };
    this.base = `http://127.0.0.1:${port}`;
    this.stderr = '';
  }

  async start({ timeoutMs = 60_000 } = {}) {
    log(`starting feedback service on ${this.base} (db ${this.database}, namespace ${this.namespace})`);
    // --profile: a V8 CPU profile of the service, summarised into the results (profileSummary()).
    const execArgv = this.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(this.tmp, 'profile')}`] : [];
    // For digging: BENCH_SERVICE_NODE_ARGS="--trace-gc" and BENCH_SERVICE_LOG=<file> for its output.
    if (process.env.BENCH_SERVICE_NODE_ARGS) execArgv.push(...process.env.BENCH_SERVICE_NODE_ARGS.split(/\s+/).filter(Boolean));
    // BENCH_SERVICE_ROOT: run the service from another tree's dist/ (e.g. a patched copy with
    // node_modules linked), to A/B a change without touching this one. See README.
    const serviceRoot = process.env.BENCH_SERVICE_ROOT ?? repoRoot;
    this.child = spawn(process.execPath, [...execArgv, path.join(serviceRoot, 'dist/services/feedback/src/main.js')], {
      cwd: repoRoot,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    const keep = (chunk) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-20_000);
    };
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);
    if (process.env.BENCH_SERVICE_LOG) {
      const out = fs.createWriteStream(process.env.BENCH_SERVICE_LOG, { flags: 'a' });
      this.child.stdout.pipe(out);
      this.child.stderr.pipe(out);
    }
    const deadline = Date.now() + timeoutMs;
    let token;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`feedback service exited during start-up:\n${this.stderr}`);
      try {
        // A valid token is harmless on a public route; before commit 939f77f the auth guard
        // asked for one on /health/ready too.
        token ??= this.token(['resident']);
        const res = await fetch(`${this.base}/health/ready`, { headers: { authorization: `Bearer ${token}` } });
        if (res.status === 200) {
          log(`service ready (pid ${this.child.pid})`);
          return;
        }
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`feedback service not ready after ${timeoutMs} ms:\n${this.stderr}`);
  }

  /** A development token from scripts/dev-token.mjs, with the service's key directory. */
  token(roles, departments = []) {
    const args = ['scripts/dev-token.mjs', ...roles.flatMap((r) => ['--role', r]), ...departments.flatMap((d) => ['--department', d]), '--ttl', '7200'];
    const r = spawnSync(process.execPath, args, { cwd: repoRoot, env: this.env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`dev-token failed: ${r.stderr}`);
    return r.stdout.trim();
  }

  get pid() {
    return this.child?.pid;
  }

  async stop({ timeoutMs = 15_000 } = {}) {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const result = await Promise.race([this.exited, sleep(timeoutMs).then(() => 'timeout')]);
    if (result === 'timeout') {
      log('service did not stop on SIGTERM; killing it');
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  /**
   * Self time of the service's CPU profile (written when it stops), grouped by package and by
   * function: where the single Node thread spends its time.
   */
  profileSummary(top = 25) {
    const dir = path.join(this.tmp, 'profile');
    if (!fs.existsSync(dir)) return undefined;
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) return undefined;
    // Kept beside the results for Chrome DevTools / speedscope.
    fs.mkdirSync(resultsDir, { recursive: true });
    const kept = path.join(resultsDir, `${this.name}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
    fs.copyFileSync(path.join(dir, file), kept);
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const selfTicks = new Map();
    for (const id of profile.samples) selfTicks.set(id, (selfTicks.get(id) ?? 0) + 1);
    const total = profile.samples.length;
    const byPackage = new Map();
    const byFunction = new Map();
    for (const [id, ticks] of selfTicks) {
      const { functionName, url, lineNumber } = byId.get(id).callFrame;
      const where = url.replace(/^file:\/\//, '').replace(repoRoot + '/', '');
      const pkg = where.includes('node_modules/')
        ? where.split('node_modules/').pop().split('/').slice(0, where.split('node_modules/').pop().startsWith('@') ? 2 : 1).join('/')
        : where.startsWith('dist/') ? where.split('/').slice(0, 3).join('/')
        : where.startsWith('node:') ? 'node:' + where.slice(5).split('/')[0]
        : where === '' ? `(${functionName || 'native'})` : where;
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ticks);
      const fn = `${functionName || '(anonymous)'} ${where}${where ? ':' + (lineNumber + 1) : ''}`;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + ticks);
    }
    const share = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => ({ name: k, selfPercent: round((100 * v) / total, 1) }));
    return { file: kept, samples: total, byPackage: share(byPackage), byFunction: share(byFunction) };
  }

  cleanupFiles() {
    fs.rmSync(this.tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- CPU accounting

const CLK_TCK = 100;

function totalCpuTicks() {
  // user nice system idle iowait irq softirq steal (guest time is already in user)
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1, 9).map(Number);
  const idle = line[3] + (line[4] ?? 0);
  return { total: line.reduce((a, b) => a + b, 0), idle, steal: line[7] ?? 0 };
}

// Runs in a worker thread: reading /proc takes a few milliseconds here (system calls are dear in
// this VM), and doing it on the load generator's event loop would add that to response times.
const SAMPLER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { groups, intervalMs } = workerData;
const seen = new Map();
let started = false;
function classify(pid, comm) {
  for (const [label, g] of Object.entries(groups)) if ((g.pid && g.pid === pid) || (g.comm && g.comm === comm)) return label;
}
function sample() {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\\d+$/.test(entry)) continue;
    const pid = Number(entry);
    let stat;
    try { stat = fs.readFileSync('/proc/' + pid + '/stat', 'utf8'); } catch { continue; }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]);
    const known = seen.get(pid);
    if (known) known.last = ticks;
    else {
      const label = classify(pid, comm);
      // A process born during the measurement started from zero ticks.
      if (label) seen.set(pid, { label, first: started ? 0 : ticks, last: ticks });
    }
  }
}
sample();
started = true;
const timer = setInterval(sample, intervalMs);
parentPort.postMessage('started');
parentPort.on('message', () => {
  clearInterval(timer);
  sample();
  parentPort.postMessage([...seen.values()]);
});
`;

/**
 * CPU seconds spent by each party during a measurement: the service process, all PostgreSQL
 * processes, nats-server, this process (load generator) and pgbench, sampled from /proc every
 * 250 ms in a worker thread (so short-lived processes such as pgbench's are counted too).
 */
export class CpuMeter {
  constructor(groups) {
    this.groups = groups; // { label: { pid } | { comm } }
  }

  async start() {
    const { Worker } = await import('node:worker_threads');
    this.worker = new Worker(SAMPLER_SOURCE, { eval: true, workerData: { groups: this.groups, intervalMs: 250 } });
    await new Promise((resolve, reject) => {
      this.worker.once('message', resolve);
      this.worker.once('error', reject);
    });
    this.system0 = totalCpuTicks();
    this.t0 = performance.now();
  }

  async stop() {
    const seconds = (performance.now() - this.t0) / 1000;
    const system1 = totalCpuTicks();
    const seen = await new Promise((resolve, reject) => {
      this.worker.once('message', resolve);
      this.worker.once('error', reject);
      this.worker.postMessage('stop');
    });
    await this.worker.terminate();
    const byGroup = {};
    for (const { label, first, last } of seen) byGroup[label] = (byGroup[label] ?? 0) + (last - first) / CLK_TCK;
    const cores = os.cpus().length;
    const busy = system1.total - system1.idle - (this.system0.total - this.system0.idle);
    const machineBusy = (100 * busy) / (system1.total - this.system0.total);
    const ours = Object.values(byGroup).reduce((a, b) => a + b, 0);
    return {
      wallSeconds: round(seconds, 2),
      machineBusyPercent: round(machineBusy, 1),
      // Time the hypervisor gave our virtual CPUs to someone else.
      stealPercent: round((100 * (system1.steal - this.system0.steal)) / (system1.total - this.system0.total), 1),
      // Everything else: other people's tests and builds on the same machine, the kernel.
      otherPercent: round(Math.max(0, machineBusy - (100 * ours) / (seconds * cores)), 1),
      // Percent of the whole machine (100% = all cores busy).
      percentOfMachine: Object.fromEntries(Object.entries(byGroup).map(([k, v]) => [k, round((100 * v) / (seconds * cores), 1)])),
      cpuSeconds: Object.fromEntries(Object.entries(byGroup).map(([k, v]) => [k, round(v, 2)])),
    };
  }
}

/** Percent of the machine busy over a short window. */
export async function machineBusy(windowMs = 2000) {
  const a = totalCpuTicks();
  await sleep(windowMs);
  const b = totalCpuTicks();
  return (100 * (b.total - b.idle - (a.total - a.idle))) / (b.total - a.total);
}

/**
 * Waits (bounded) until the machine is nearly idle before a measurement: others' test runs
 * and builds on the same two cores would otherwise be measured too. Proceeds with a warning
 * after maxWaitMs; the CPU accounting of each measurement shows what else was running.
 */
export async function waitForQuiet({ thresholdPercent = 12, maxWaitMs = Number(process.env.BENCH_QUIET_WAIT_MS ?? 180_000) } = {}) {
  const start = performance.now();
  let busy = await machineBusy();
  while (busy > thresholdPercent && performance.now() - start < maxWaitMs) {
    log(`machine ${round(busy, 0)}% busy with other work; waiting for it to calm down`);
    await sleep(5000);
    busy = await machineBusy();
  }
  if (busy > thresholdPercent) log(`WARNING: machine still ${round(busy, 0)}% busy with other work; measuring anyway`);
  return { waitedSeconds: round((performance.now() - start) / 1000, 1), busyPercentBefore: round(busy, 1) };
}

export function standardCpuGroups(servicePid) {
  return {
    service: { pid: servicePid },
    loadgen: { pid: process.pid },
    postgres: { comm: 'postgres' },
    pgbench: { comm: 'pgbench' },
    nats: { comm: 'nats-server' },
  };
}

// ---------------------------------------------------------------- statistics

export function round(x, digits = 2) {
  if (x === undefined || x === null || Number.isNaN(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Percentiles of raw samples (ms), nearest-rank. */
export function summarize(samples) {
  if (!samples.length) return { count: 0 };
  const s = Float64Array.from(samples).sort();
  const at = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return {
    count: s.length,
    min: round(s[0], 3),
    mean: round(mean, 3),
    p50: round(at(50), 3),
    p90: round(at(90), 3),
    p99: round(at(99), 3),
    p999: round(at(99.9), 3),
    max: round(s[s.length - 1], 3),
  };
}

// ---------------------------------------------------------------- autocannon

/**
 * autocannon against the service, keeping every response time (autocannon's own histogram
 * rounds to whole milliseconds), split by 2xx and other.
 */
export async function runAutocannon({ url, method = 'GET', headers = {}, body, connections, duration, title, overallRate }) {
  const autocannon = require('autocannon');
  const ok = [];
  let non2xx = 0;
  const statusCodes = {};
  const result = await new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, method, headers, body, connections, duration, title, pipelining: 1, timeout: 10, ...(overallRate ? { overallRate } : {}) },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) ok.push(responseTime);
      else non2xx++;
    });
  });
  const seconds = result.duration;
  return {
    connections,
    durationSeconds: round(seconds, 2),
    requests: result.requests.total,
    requestsPerSecond: round(result.requests.total / seconds, 1),
    okPerSecond: round(ok.length / seconds, 1),
    non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    latencyMs: summarize(ok),
    autocannonLatencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  };
}

/**
 * Open-loop load at a steady rate: requests are started at evenly spaced times (not in bursts
 * at the start of each second, as autocannon's rate limit does) over a keep-alive pool of
 * `connections` sockets. Latency is counted from the scheduled start, so waiting for a free
 * socket counts too.
 */
export async function runPaced({ url, method = 'GET', headers = {}, body, rate, duration, connections = 32 }) {
  const http = await import('node:http');
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const ok = [];
  let non2xx = 0;
  let errors = 0;
  const statusCodes = {};
  // Per second of the run: how many requests and the slowest, to tell steady tails from stalls.
  const timeline = [];
  let start;
  const one = (scheduledAt) =>
    new Promise((resolve) => {
      const req = http.request(
        { host: target.hostname, port: target.port, path: target.pathname + target.search, method, headers, agent },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => {
            const ms = performance.now() - scheduledAt;
            const second = Math.floor((scheduledAt - start) / 1000);
            const slot = (timeline[second] ??= { second, requests: 0, maxMs: 0 });
            slot.requests++;
            slot.maxMs = Math.max(slot.maxMs, round(ms, 1));
            statusCodes[res.statusCode] = (statusCodes[res.statusCode] ?? 0) + 1;
            if (res.statusCode >= 200 && res.statusCode < 300) ok.push(ms);
            else non2xx++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      if (body) req.end(body);
      else req.end();
    });
  start = performance.now();
  const interval = 1000 / rate;
  const inFlight = [];
  let issued = 0;
  while (performance.now() - start < duration * 1000) {
    const due = Math.floor((performance.now() - start) / interval);
    while (issued <= due) inFlight.push(one(start + issued++ * interval));
    await sleep(Math.max(0, start + issued * interval - performance.now()));
  }
  await Promise.all(inFlight);
  agent.destroy();
  const seconds = (performance.now() - start) / 1000;
  return {
    targetRate: rate,
    connections,
    durationSeconds: round(seconds, 2),
    requests: issued,
    okPerSecond: round(ok.length / seconds, 1),
    non2xx,
    errors,
    statusCodes,
    latencyMs: summarize(ok),
    timeline: timeline.filter(Boolean),
  };
}

// ---------------------------------------------------------------- pgbench

/**
 * pgbench with a custom script; per-transaction latencies are read from its log (-l) so the
 * baseline has the same percentiles as the HTTP side.
 */
/**
 * pgbench of a script; `rate` paces it (-R) like a paced HTTP run, so both sides see the same
 * idle gaps (a warm back-to-back loop answers several times faster than one woken per request).
 */
export async function runPgbench({ database, script, clients, threads = 2, duration, mode = 'prepared', defines = {}, label = 'pgbench', rate }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vaikuta-pgbench-'));
  try {
    const scriptFile = path.join(dir, 'script.sql');
    fs.writeFileSync(scriptFile, script);
    const args = [
      '-h', PG_HOST, '-p', String(PG_PORT), '-U', PG_USER,
      '-n', '-c', String(clients), '-j', String(threads), '-T', String(duration), '-M', mode,
      '-f', scriptFile, '-l', `--log-prefix=${path.join(dir, 'tx')}`,
      ...(rate ? ['-R', String(rate)] : []),
      ...Object.entries(defines).flatMap(([k, v]) => ['-D', `${k}=${v}`]),
      database,
    ];
    log(`${label}: pgbench -c ${clients} -j ${threads} -T ${duration} -M ${mode}${rate ? ` -R ${rate}` : ''}`);
    const { code, stdout, stderr } = await new Promise((resolve) => {
      const child = spawn('pgbench', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.on('exit', (c) => resolve({ code: c, stdout: out, stderr: err }));
    });
    if (code !== 0) throw new Error(`pgbench failed (exit ${code}):\n${stderr}\n${stdout}`);
    const num = (re) => {
      const m = stdout.match(re);
      return m ? Number(m[1]) : undefined;
    };
    const latencies = [];
    for (const file of fs.readdirSync(dir).filter((f) => f.startsWith('tx'))) {
      for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
        const f = line.split(' ');
        if (f.length >= 6 && f[2] !== 'skipped' && f[2] !== 'failed') latencies.push(Number(f[2]) / 1000);
      }
    }
    return {
      clients,
      threads,
      mode,
      durationSeconds: duration,
      transactions: num(/number of transactions actually processed: (\d+)/),
      failed: num(/number of failed transactions: (\d+)/) ?? 0,
      tps: round(num(/tps = ([\d.]+) \(without initial connection time\)/), 1),
      latencyAverageMs: num(/latency average = ([\d.]+) ms/),
      latencyMs: summarize(latencies),
      stderr: stderr.trim() ? stderr.trim().split('\n').slice(-5) : undefined,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- results

export function writeResults(name, results) {
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(resultsDir, `${name}-${stamp}.json`);
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  return file;
}

export function verdict(ok) {
  return ok ? 'MET' : 'MISSED';
}

export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => String(c ?? '').padEnd(widths[i])).join('  ')).join('\n');
}

/**
 * Runs one benchmark with its own service, database and streams, and always cleans up —
 * also on Ctrl-C and on an overall deadline, so a run is bounded in time.
 */
export async function withBenchmark({ name, port, deadlineMs, profile = false, extraStreams = [] }, fn) {
  const database = `vaikuta_bench_${name}`;
  const namespace = `bench_${name}`;
  const streams = [`BENCH_${name.toUpperCase()}_FEEDBACK`, ...extraStreams];
  const service = new FeedbackService({ name, port, database, namespace, profile });
  const context = { name, database, namespace, streams, service, url: databaseUrl(database) };
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    log(`cleaning up: stopping service, dropping ${database}, deleting ${streams.join(', ')}`);
    await service.stop().catch((e) => log(`stop: ${e.message}`));
    await dropDatabase(database).catch((e) => log(`drop database: ${e.message}`));
    await deleteStreams(streams).catch((e) => log(`delete streams: ${e.message}`));
    await deleteRedisKeysOf(namespace).catch((e) => log(`delete Redis keys: ${e.message}`));
    service.cleanupFiles();
  };
  const onSignal = () => {
    log('interrupted');
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const deadline = setTimeout(() => {
    log(`${name}: over its deadline of ${Math.round(deadlineMs / 1000)} s; aborting`);
    cleanup().finally(() => process.exit(124));
  }, deadlineMs);
  try {
    await recreateDatabase(database);
    await deleteStreams(streams);
    return await fn(context);
  } finally {
    clearTimeout(deadline);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}
