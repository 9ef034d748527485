// platform: the whole platform's cold start and idle memory, every service and the portal from
// dist/ as `npm start` runs them, on databases, ports, a NATS namespace and a Redis database of
// its own (a running `npm start` is not disturbed).
//
//   npm run bench -- platform [--idle 60] [--no-build] [--base-port 3960] [--heap-snapshots]
//   node bench/platform.mjs  [same options]
//
// 1. Fresh databases, no streams. Every process is spawned at once; cold start is the time from
//    spawn to /health/ready = 200, per process and for the last one. This first start also
//    migrates every database (as a first deployment does).
// 2. After --idle seconds with no requests, the RSS of every process and its children
//    (/proc/<pid>/status VmRSS, plus VmHWM, the peak), per service and summed.
// 3. Everything is stopped and started again on the migrated databases and existing streams:
//    the restart a crash, a scale-out or a rolling update sees (migrations run as Jobs in
//    deploy/k8s). Its cold start is measured the same way; the goal applies to both.
// Writes bench/results/platform-<timestamp>.json.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import {
  build,
  databaseUrl,
  dropDatabase,
  environment,
  log,
  natsConnect,
  NATS_URL,
  numberOption,
  parseArgs,
  recreateDatabase,
  repoRoot,
  require,
  round,
  table,
  verdict,
  writeResults,
} from './lib/harness.mjs';
import { startAhjoStub } from '../scripts/ahjo-stub.mjs';
import { startGeocoderStub } from '../scripts/geocoder-stub.mjs';
import { startKuntalaisaloiteStub } from '../scripts/kuntalaisaloite-stub.mjs';
import { startLockStub } from '../scripts/lock-stub.mjs';
import { startSmsSink } from '../scripts/sms-sink.mjs';

// 1.2 GB read strictly: 1.2 × 10⁹ bytes = 1,144 MiB.
export const GOALS = { idleRssMiB: 1144, coldStartMs: 30_000 };

const NAMESPACE = 'bench_platform';
const STREAM_PREFIX = 'BENCH_PLATFORM_';
/** Its own Redis database: rate-limit counters, idempotency records and BullMQ queues apart from npm start's. */
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/11';
const READY_TIMEOUT_MS = 120_000;

const registry = () => JSON.parse(fs.readFileSync(path.join(repoRoot, 'deploy', 'services.json'), 'utf8'));
const databaseOf = (s) => `vaikuta_pbench_${s.name}`;

// ---------------------------------------------------------------- memory of a process tree

function readStatus(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
    // Proportional set size: shared pages (the node binary, mapped by every process) counted
    // once across processes instead of once in each, as VmRSS does.
    let pssKiB = 0;
    try {
      pssKiB = Number(/^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      /* not readable */
    }
    return { rssKiB: kib('VmRSS'), hwmKiB: kib('VmHWM'), anonKiB: kib('RssAnon'), fileKiB: kib('RssFile'), pssKiB, threads: kib('Threads') };
  } catch {
    return undefined;
  }
}

/** The pid and every descendant of it, from /proc/<pid>/stat's parent field. */
function processTree(root) {
  const parentOf = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: the fields start after ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      /* gone */
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parentOf) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) used so far by the pid and its descendants. */
function cpuSecondsOf(rootPid) {
  let ticks = 0;
  for (const pid of processTree(rootPid)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* gone */
    }
  }
  return round(ticks / TICKS_PER_SECOND, 2);
}

function memoryOf(rootPid) {
  const pids = processTree(rootPid);
  const parts = pids.map((pid) => ({ pid, ...readStatus(pid) })).filter((p) => p.rssKiB !== undefined);
  const sum = (k) => parts.reduce((a, p) => a + (p[k] ?? 0), 0);
  return { processes: parts.length, rssMiB: round(sum('rssKiB') / 1024, 1), pssMiB: round(sum('pssKiB') / 1024, 1), anonMiB: round(sum('anonKiB') / 1024, 1), fileMiB: round(sum('fileKiB') / 1024, 1), peakMiB: round(sum('hwmKiB') / 1024, 1), threads: sum('threads') };
}

// ---------------------------------------------------------------- the platform

class PlatformProcess {
  constructor(service, port, env, logFile) {
    this.service = service;
    this.port = port;
    this.env = env;
    this.logFile = logFile;
    this.child = undefined;
  }

  get name() {
    return this.service.name;
  }

  start(extraNodeArgs) {
    const out = fs.openSync(this.logFile, 'a');
    const args = [...(this.service.nodeArgs ?? []), ...extraNodeArgs, this.service.main];
    this.spawnedAt = performance.now();
    this.child = spawn(process.execPath, args, { cwd: repoRoot, env: this.env, stdio: ['ignore', out, out], detached: true });
    fs.closeSync(out);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  async waitReady() {
    const url = `http://127.0.0.1:${this.port}/health/ready`;
    let last = 'no answer';
    while (performance.now() - this.spawnedAt < READY_TIMEOUT_MS) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) throw new Error(`${this.name} exited (${this.child.exitCode ?? this.child.signalCode}); see ${this.logFile}`);
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return round(performance.now() - this.spawnedAt, 0);
        last = `${res.status} ${(await res.text()).slice(0, 200)}`;
      } catch (error) {
        last = error.cause?.code ?? error.name;
      }
      // A short poll: the measured start is at most this much late.
      await sleep(50);
    }
    throw new Error(`${this.name} not ready within ${READY_TIMEOUT_MS / 1000} s (last: ${last}); see ${this.logFile}`);
  }

  async stop() {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    try {
      process.kill(-this.child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const stopped = await Promise.race([this.exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!stopped) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      await this.exited;
    }
  }
}

async function freePort(preferred) {
  const net = await import('node:net');
  for (let port = preferred; port < preferred + 200; port++) {
    const free = await new Promise((resolve) => {
      const server = net.createServer().once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port from ${preferred}`);
}

async function startSmtpSink(port) {
  const { SMTPServer } = require('smtp-server');
  const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData: (stream, _session, done) => stream.resume().on('end', () => done()) });
  await new Promise((resolve, reject) => server.listen(port, '127.0.0.1', resolve).once('error', reject));
  return { close: () => new Promise((resolve) => server.close(resolve)) };
}

async function deletePlatformStreams() {
  const { jetstreamManager } = require('@nats-io/jetstream');
  const nc = await natsConnect();
  try {
    const jsm = await jetstreamManager(nc);
    const names = [];
    for await (const name of jsm.streams.names()) if (name.startsWith(STREAM_PREFIX)) names.push(name);
    for (const name of names) await jsm.streams.delete(name);
    return names;
  } finally {
    await nc.close();
  }
}

async function flushRedisDatabase() {
  const IORedis = require('ioredis');
  const redis = new IORedis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

/** Starts every process at once and waits until each answers ready: one cold start. */
async function coldStart(processes, extraNodeArgs) {
  const t0 = performance.now();
  for (const p of processes) p.start(extraNodeArgs);
  const cpuSecondsAtReady = {};
  const perProcess = Object.fromEntries(
    await Promise.all(
      processes.map(async (p) => {
        const ms = await p.waitReady();
        cpuSecondsAtReady[p.name] = cpuSecondsOf(p.child.pid);
        return [p.name, ms];
      }),
    ),
  );
  const cpuTotal = round(Object.values(cpuSecondsAtReady).reduce((a, b) => a + b, 0), 2);
  // What the start costs regardless of other load: on an idle machine it cannot take less than
  // the CPU seconds spread over every core.
  return { allReadyMs: round(performance.now() - t0, 0), perProcessMs: perProcess, cpuSecondsAtReady, cpuSecondsTotal: cpuTotal, floorOnIdleCoresMs: round((1000 * cpuTotal) / os.cpus().length, 0) };
}

function memoryNow(processes) {
  const perProcess = Object.fromEntries(processes.map((p) => [p.name, memoryOf(p.child.pid)]));
  const total = Object.values(perProcess).reduce((a, m) => a + m.rssMiB, 0);
  const totalPss = Object.values(perProcess).reduce((a, m) => a + m.pssMiB, 0);
  return { totalRssMiB: round(total, 1), totalPssMiB: round(totalPss, 1), perProcess };
}

/** One V8 heap snapshot of each process, through SIGUSR2 and --heapsnapshot-signal; kept in bench/results. */
async function heapSnapshots(processes, dir) {
  const files = {};
  for (const p of processes) {
    const before = new Set(fs.readdirSync(dir));
    process.kill(p.child.pid, 'SIGUSR2');
    const deadline = performance.now() + 60_000;
    let file;
    while (!file && performance.now() < deadline) {
      await sleep(500);
      file = fs.readdirSync(dir).find((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
    }
    if (file) {
      // Wait until the writer is done: the size stops growing.
      let size = -1;
      while (size !== fs.statSync(path.join(dir, file)).size) {
        size = fs.statSync(path.join(dir, file)).size;
        await sleep(1000);
      }
      const target = path.join(dir, `platform-${p.name}.heapsnapshot`);
      fs.renameSync(path.join(dir, file), target);
      files[p.name] = target;
    }
  }
  return files;
}

export async function run(options) {
  const idleSeconds = numberOption(options, 'idle', 60);
  const basePort = numberOption(options, 'basePort', 3960);
  const snapshots = options.heapSnapshots === 'true';
  const env = environment();
  const services = registry();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vaikuta-bench-platform-'));
  const logDir = path.join(workDir, 'logs');
  fs.mkdirSync(logDir);
  const resultsDir = path.join(repoRoot, 'bench', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });

  // Ports: every service and every stand-in its own, none of npm start's.
  let next = basePort;
  const take = async () => {
    const port = await freePort(next);
    next = port + 1;
    return port;
  };
  const ports = {};
  for (const s of services) ports[s.name] = await take();
  const standInPorts = { smtp: await take(), sms: await take(), geocoder: await take(), kuntalaisaloite: await take(), ahjo: await take(), lock: await take() };

  const standIns = [];
  const processes = [];
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    log('cleaning up: stopping the platform, dropping its databases, deleting its streams');
    await Promise.all(processes.map((p) => p.stop().catch(() => undefined)));
    await Promise.all(standIns.map((s) => s.close().catch(() => undefined)));
    for (const s of services) if (s.database) await dropDatabase(databaseOf(s)).catch((e) => log(`drop ${databaseOf(s)}: ${e.message}`));
    await deletePlatformStreams().catch((e) => log(`delete streams: ${e.message}`));
    await flushRedisDatabase().catch((e) => log(`flush redis: ${e.message}`));
    if (!options.keepLogs) fs.rmSync(workDir, { recursive: true, force: true });
  };
  const onSignal = () => {
    log('interrupted');
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    for (const s of services) if (s.database) await recreateDatabase(databaseOf(s));
    await deletePlatformStreams();
    await flushRedisDatabase();
    standIns.push(await startSmtpSink(standInPorts.smtp));
    standIns.push(await startSmsSink({ port: standInPorts.sms, token: 'bench-sms-token' }));
    standIns.push(await startGeocoderStub({ port: standInPorts.geocoder }));
    standIns.push(await startKuntalaisaloiteStub({ port: standInPorts.kuntalaisaloite }));
    standIns.push(await startAhjoStub({ port: standInPorts.ahjo }));
    standIns.push(await startLockStub({ port: standInPorts.lock }));

    // As scripts/start.mjs sets them, with this run's own places.
    const baseEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      NO_COLOR: '1',
      HOST: '127.0.0.1',
      AUTH_DEV_ISSUER: 'true',
      AUTH_DEV_KEYS_DIR: path.join(workDir, 'keys'),
      PHOTO_STORAGE_DIR: path.join(workDir, 'photos'),
      NATS_URL,
      NATS_NAMESPACE: NAMESPACE,
      REDIS_URL,
      SMTP_URL: `smtp://127.0.0.1:${standInPorts.smtp}`,
      SMS_PROVIDER_URL: `http://127.0.0.1:${standInPorts.sms}/messages`,
      SMS_PROVIDER_TOKEN: 'bench-sms-token',
      GEOCODER_PROVIDER: 'nominatim',
      GEOCODER_URL: `http://127.0.0.1:${standInPorts.geocoder}`,
      KUNTALAISALOITE_API_URL: `http://127.0.0.1:${standInPorts.kuntalaisaloite}/api/v1`,
      AHJO_API_URL: `http://127.0.0.1:${standInPorts.ahjo}/ahjorest/v1`,
      LOCK_API_URL: `http://127.0.0.1:${standInPorts.lock}/lock/v1`,
      OPEN311_DEMO_API_KEY: 'demo-key',
      // The portal finds every service at this run's port.
      ...Object.fromEntries(services.map((s) => [`${s.name.toUpperCase()}_URL`, `http://127.0.0.1:${ports[s.name]}`])),
    };
    for (const s of services) {
      const processEnv = { ...baseEnv, ...(s.env ?? {}), PORT: String(ports[s.name]) };
      if (s.name === 'notifications') processEnv.PUBLIC_URL = `http://127.0.0.1:${ports.portal ?? 8080}`;
      if (s.database) processEnv.DATABASE_URL = databaseUrl(databaseOf(s));
      processes.push(new PlatformProcess(s, ports[s.name], processEnv, path.join(logDir, `${s.name}.log`)));
    }
    const nodeArgs = snapshots ? [`--heapsnapshot-signal=SIGUSR2`, `--diagnostic-dir=${resultsDir}`] : [];
    const loadAtStart = os.loadavg().map((x) => round(x, 2));

    log(`first start: ${processes.length} processes from dist/, fresh databases (each migrates as it starts)`);
    const first = await coldStart(processes, nodeArgs);
    log(`all ready in ${first.allReadyMs} ms: ${JSON.stringify(first.perProcessMs)}`);
    const atReady = memoryNow(processes);

    log(`idle for ${idleSeconds} s`);
    const cpuBefore = fs.readFileSync('/proc/stat', 'utf8');
    await sleep(idleSeconds * 1000);
    const idle = memoryNow(processes);
    const machineBusyPercent = busyBetween(cpuBefore, fs.readFileSync('/proc/stat', 'utf8'));
    log(`idle RSS ${idle.totalRssMiB} MiB`);
    const heapFiles = snapshots ? await heapSnapshots(processes, resultsDir) : {};

    log('stopping, then starting again on the migrated databases');
    await Promise.all(processes.map((p) => p.stop()));
    const restart = await coldStart(processes, []);
    log(`all ready again in ${restart.allReadyMs} ms: ${JSON.stringify(restart.perProcessMs)}`);

    const worstStart = Math.max(first.allReadyMs, restart.allReadyMs);
    const results = {
      benchmark: 'platform',
      environment: { ...env, loadAverageBeforeStart: loadAtStart, machineBusyPercentWhileIdle: machineBusyPercent },
      parameters: { idleSeconds, ports, standInPorts, namespace: NAMESPACE, redis: REDIS_URL, nodeArgs: Object.fromEntries(services.map((s) => [s.name, s.nodeArgs ?? []])) },
      goals: GOALS,
      firstStart: first,
      restart,
      memoryAtReady: atReady,
      memoryAfterIdle: idle,
      heapSnapshots: heapFiles,
      verdict: { idleRss: verdict(idle.totalRssMiB <= GOALS.idleRssMiB), coldStart: verdict(worstStart <= GOALS.coldStartMs) },
    };
    const file = writeResults('platform', results);

    console.log(`\n== platform: ${processes.length} processes (commit ${env.commit.slice(0, 8)}; load at start ${loadAtStart.join(' ')}; machine ${machineBusyPercent}% busy while idle)`);
    console.log(
      table([
        ['process', 'first start ms', 'restart ms', 'CPU s to ready (first / restart)', 'RSS at ready MiB', `RSS after ${idleSeconds} s idle MiB`, 'PSS MiB', 'anon MiB', 'peak MiB', 'processes'],
        ...processes.map((p) => {
          const m = idle.perProcess[p.name];
          return [p.name, first.perProcessMs[p.name], restart.perProcessMs[p.name], `${first.cpuSecondsAtReady[p.name]} / ${restart.cpuSecondsAtReady[p.name]}`, atReady.perProcess[p.name].rssMiB, m.rssMiB, m.pssMiB, m.anonMiB, m.peakMiB, m.processes];
        }),
        ['all', first.allReadyMs, restart.allReadyMs, `${first.cpuSecondsTotal} / ${restart.cpuSecondsTotal}`, atReady.totalRssMiB, idle.totalRssMiB, idle.totalPssMiB, '', '', ''],
      ]),
    );
    console.log(`idle RSS ${idle.totalRssMiB} MiB (goal ≤ ${GOALS.idleRssMiB} MiB: ${results.verdict.idleRss}); cold start ${first.allReadyMs} ms first, ${restart.allReadyMs} ms restart (goal ≤ ${GOALS.coldStartMs} ms: ${results.verdict.coldStart})`);
    console.log(`CPU to ready: ${first.cpuSecondsTotal} s first, ${restart.cpuSecondsTotal} s restart, i.e. at least ${first.floorOnIdleCoresMs} / ${restart.floorOnIdleCoresMs} ms on ${os.cpus().length} idle cores`);
    console.log(`results: ${file}`);
    return { name: 'platform', file, verdict: results.verdict };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}

/** Percent of the machine busy between two /proc/stat readings. */
function busyBetween(before, after) {
  const total = (text) => {
    const f = text.split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { all: f.reduce((a, b) => a + b, 0), idle: f[3] + f[4] };
  };
  const a = total(before);
  const b = total(after);
  return round((100 * (b.all - b.idle - (a.all - a.idle))) / (b.all - a.all), 1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = parseArgs(process.argv.slice(2));
  if (options.build) build();
  run(options).then(
    () => process.exit(0),
    (error) => {
      log(`platform failed: ${error?.stack ?? error}`);
      process.exit(1);
    },
  );
}
