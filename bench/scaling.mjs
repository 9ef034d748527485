// scaling: each service's main write path with one replica and with two, on the scale-out layout
// (a 3-node NATS JetStream cluster, streams replicated ×3, both replicas on one database, their
// relays and consumers sharing the work), under the same autocannon load; the scaling factor
// per service, against a raw baseline in the same run: plain Node HTTP processes doing no work,
// one and two, which shows how far two processes can scale on this machine at all.
//
//   npm run bench -- scaling [--duration 15] [--connections 32] [--services feedback,initiatives,...] [--no-build]
//
// Two replicas on the two cores we have cannot double anything: the service, PostgreSQL, NATS
// and the load generator share them. So CPU is counted per process, and the table gives CPU ms
// per request: the factor reads as "capacity per core", and what two replicas would give on
// their own cores is throughput × (service CPU share). See bench/README.md, "Scaling out".
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CpuMeter,
  databaseUrl,
  dropDatabase,
  environment,
  log,
  numberOption,
  recreateDatabase,
  repoRoot,
  require,
  round,
  seedCatalog,
  summarize,
  table,
  waitForQuiet,
  withClient,
  writeResults,
} from './lib/harness.mjs';
import { FAULT_REPORT } from './intake.mjs';
import { startNatsCluster } from '../scripts/platform/nats-cluster.mjs';
import { startLockStub } from '../scripts/lock-stub.mjs';
import { startGeocoderStub } from '../scripts/geocoder-stub.mjs';
import { startSmsSink } from '../scripts/sms-sink.mjs';
import { startKuntalaisaloiteStub } from '../scripts/kuntalaisaloite-stub.mjs';
import { startAhjoStub } from '../scripts/ahjo-stub.mjs';

const NAME = 'scaling';
const NAMESPACE = 'bench_scaling';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/13';
const READY_TIMEOUT_MS = 120_000;

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// ---------------------------------------------------------------- processes

/** One replica of a service from dist/, with the run's environment; its output goes to a file. */
class Replica {
  constructor(service, index, env, logDir) {
    this.service = service;
    this.label = `${service}-${index + 1}`;
    this.env = env;
    this.logFile = path.join(logDir, `${this.label}.log`);
  }

  async start() {
    this.port = await freePort();
    this.base = `http://127.0.0.1:${this.port}`;
    const out = fs.openSync(this.logFile, 'a');
    this.child = spawn(process.execPath, [path.join(repoRoot, `dist/services/${this.service}/src/main.js`)], {
      cwd: repoRoot,
      env: { ...this.env, PORT: String(this.port) },
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`${this.label} exited during start-up; see ${this.logFile}`);
      if (await fetch(`${this.base}/health/ready`).then((r) => r.status === 200, () => false)) {
        log(`${this.label} ready on ${this.base} (pid ${this.child.pid})`);
        return;
      }
      await sleep(250);
    }
    throw new Error(`${this.label} not ready after ${READY_TIMEOUT_MS / 1000} s; see ${this.logFile}`);
  }

  get pid() {
    return this.child?.pid;
  }

  async stop() {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    if (!(await Promise.race([this.exited.then(() => true), sleep(15_000).then(() => false)]))) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

// The raw baseline: a Node HTTP server that reads the body and answers 201 with a small JSON,
// what every service does around its work. One process, then two.
const RAW_SERVER = `
const http = require('node:http');
const body = JSON.stringify({ id: '00000000-0000-4000-8000-000000000000', status: 'received' });
http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(201, { 'content-type': 'application/json' }); res.end(body); });
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.send && process.send('ready'));
`;

async function startRawServer() {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', RAW_SERVER], { env: { PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', () => reject(new Error('raw server exited')));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

// ---------------------------------------------------------------- load

/**
 * autocannon over every replica's URL (its connections are spread over them, as a load balancer
 * would), each request built by `next()` (a token, a key, a body of its own).
 */
async function runLoad({ urls, connections, duration, next }) {
  const autocannon = require('autocannon');
  const ok = [];
  const statusCodes = {};
  const result = await new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: urls.length === 1 ? urls[0] : urls,
        connections,
        duration,
        pipelining: 1,
        timeout: 10,
        requests: [{ setupRequest: (req) => ({ ...req, ...next() }) }],
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) ok.push(responseTime);
    });
  });
  return {
    connections,
    durationSeconds: round(result.duration, 2),
    requests: result.requests.total,
    okPerSecond: round(ok.length / result.duration, 1),
    non2xx: result.requests.total - ok.length,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    latencyMs: summarize(ok),
  };
}

/** One request as autocannon will send it (node:http, not fetch: an early answer stays readable). */
async function probeRequest(url, { method, headers, body }) {
  const http = await import('node:http');
  return new Promise((resolve, reject) => {
    // agent: false — a kept-alive socket from the readiness poll may have been closed by the service meanwhile.
    const req = http.request(url, { agent: false, method, headers: { ...headers, 'content-length': Buffer.byteLength(body ?? '') } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// ---------------------------------------------------------------- the write paths

async function devTokens(keysDir, claims, count) {
  const { signDevToken } = require(path.join(repoRoot, 'libs/auth/dev-issuer.cjs'));
  const tokens = [];
  for (let i = 0; i < count; i += 500) {
    const batch = Array.from({ length: Math.min(500, count - i) }, (_, j) => signDevToken(claims(i + j), { keysDir, ttlSeconds: 7200 }));
    tokens.push(...(await Promise.all(batch)).map((t) => `Bearer ${t}`));
  }
  return tokens;
}

const resident = (prefix) => (n) => ({ sub: `bench-${prefix}-${n}`, roles: ['resident'], birthdate: '1990-05-17', municipality: '091', authMethods: ['strong'] });
const json = { 'content-type': 'application/json' };

/**
 * Per service: what its main write path is, and a `prepare` that seeds what it needs (through the
 * API where it can) and answers the path and a `next()` that builds each request.
 */
const WRITE_PATHS = {
  feedback: {
    what: 'POST /feedback/requests (anonymous fault report)',
    async prepare({ database }) {
      await seedCatalog(databaseUrl(database));
      const body = JSON.stringify(FAULT_REPORT);
      return { path: '/feedback/requests', next: () => ({ method: 'POST', path: '/feedback/requests', headers: json, body }) };
    },
  },
  initiatives: {
    what: 'POST /initiatives (a resident files an initiative, Idempotency-Key)',
    async prepare({ keysDir }) {
      const tokens = await devTokens(keysDir, resident('initiator'), 2000);
      let n = 0;
      const body = (i) =>
        JSON.stringify({ type: 'resident', language: 'fi', title: `Lisää penkkejä puistoon ${i}`, body: 'Puistossa ei ole tarpeeksi penkkejä iäkkäille.', initiatorName: `Asukas ${i}` });
      return {
        path: '/initiatives',
        next: () => {
          const i = n++;
          return { method: 'POST', path: '/initiatives', headers: { ...json, authorization: tokens[i % tokens.length], 'idempotency-key': randomUUID() }, body: body(i) };
        },
      };
    },
  },
  budgeting: {
    what: 'PUT /budgeting/rounds/{id}/ballot (online ballots, a different voter each, then changes)',
    async prepare({ keysDir, base, database }) {
      require('reflect-metadata');
      const { roundRequest } = require(path.join(repoRoot, 'dist/services/budgeting/test/budgeting-test-app.js'));
      const [coordinator] = await devTokens(keysDir, () => ({ sub: 'bench-coordinator', roles: ['coordinator'] }), 1);
      const created = await probeRequest(`${base}/budgeting/rounds`, {
        method: 'POST',
        headers: { ...json, authorization: coordinator },
        body: JSON.stringify(roundRequest(new Date(), { title: { fi: 'Skaalaustesti', en: 'Scaling test' }, reconciliationPolicy: 'latest' })),
      });
      if (created.status !== 201) throw new Error(`POST /budgeting/rounds answered ${created.status}: ${created.text}`);
      const roundId = JSON.parse(created.text).id;
      const plans = { keskinen: [], city: [] };
      await withClient(databaseUrl(database), async (c) => {
        for (const code of Object.keys(plans)) {
          for (let i = 0; i < 6; i++) {
            const id = randomUUID();
            await c.query(`INSERT INTO plans (id, round_id, district_code, title, description, cost, status) VALUES ($1, $2, $3, $4, $4, 10000, 'on_ballot')`, [id, roundId, code, { fi: `Suunnitelma ${i + 1}` }]);
            plans[code].push(id);
          }
        }
      });
      const voters = await devTokens(keysDir, resident('voter'), 20_000);
      const url = `/budgeting/rounds/${roundId}/ballot`;
      let n = 0;
      return {
        path: url,
        next: () => {
          const i = n++;
          const choice = { districtCode: 'keskinen', district: [plans.keskinen[i % 6], plans.keskinen[(i + 1) % 6]], cityWide: i % 2 ? [plans.city[i % 6]] : [], confirmed: true };
          return { method: 'PUT', path: url, headers: { ...json, authorization: voters[i % voters.length], 'idempotency-key': randomUUID() }, body: JSON.stringify(choice) };
        },
      };
    },
  },
  grants: {
    what: 'POST /grants/associations (a resident registers an unregistered group)',
    async prepare({ keysDir }) {
      const tokens = await devTokens(keysDir, resident('registrant'), 2000);
      let n = 0;
      return {
        path: '/grants/associations',
        next: () => {
          const i = n++;
          const body = JSON.stringify({ name: `Kallion pihapiiri ${i}`, unregisteredGroup: true, role: 'contact' });
          return { method: 'POST', path: '/grants/associations', headers: { ...json, authorization: tokens[i % tokens.length], 'idempotency-key': randomUUID() }, body };
        },
      };
    },
  },
  notifications: {
    what: "PUT /notifications/preferences (a resident's channels and address)",
    async prepare({ keysDir }) {
      const tokens = await devTokens(keysDir, resident('recipient'), 5000);
      let n = 0;
      return {
        path: '/notifications/preferences',
        next: () => {
          const i = n++;
          const body = JSON.stringify({ language: 'fi', channels: ['email', 'inapp'], digest: 'immediate', email: `asukas${i % 5000}@example.fi` });
          return { method: 'PUT', path: '/notifications/preferences', headers: { ...json, authorization: tokens[i % tokens.length] }, body };
        },
      };
    },
  },
};

// ---------------------------------------------------------------- measurement

const cpuGroups = (pids) => ({
  ...Object.fromEntries(pids.map(([label, pid]) => [label, { pid }])),
  loadgen: { pid: process.pid },
  postgres: { comm: 'postgres' },
  nats: { comm: 'nats-server' },
  redis: { comm: 'redis-server' },
});

/** One measured run with CPU per process; warm-up first, so JIT and pools are ready. */
async function measure({ urls, pids, connections, duration, warmup, next }) {
  await runLoad({ urls, connections, duration: warmup, next });
  await sleep(500);
  // Twelve measurements: a shorter wait for quiet than the harness's 3 minutes; what else ran is
  // in each measurement's CPU accounting (otherPercent).
  const quiet = await waitForQuiet({ maxWaitMs: Number(process.env.BENCH_QUIET_WAIT_MS ?? 30_000) });
  const cpu = new CpuMeter(cpuGroups(pids));
  await cpu.start();
  const load = await runLoad({ urls, connections, duration, next });
  const used = await cpu.stop();
  const perRequestMs = Object.fromEntries(Object.entries(used.cpuSeconds).map(([k, v]) => [k, round((1000 * v) / Math.max(1, load.requests), 3)]));
  return { ...load, quiet, cpu: used, cpuMsPerRequest: perRequestMs };
}

const serviceCpuPercent = (m) =>
  round(Object.entries(m.cpu.percentOfMachine).filter(([k]) => /-\d$|^raw/.test(k)).reduce((a, [, v]) => a + v, 0), 1);

export async function run(options) {
  const duration = numberOption(options, 'duration', 15);
  const connections = numberOption(options, 'connections', 32);
  const warmup = Math.min(3, Math.max(1, Math.round(duration / 5)));
  const chosen = (options.services ?? Object.keys(WRITE_PATHS).join(',')).split(',').map((s) => s.trim());
  for (const s of chosen) if (!WRITE_PATHS[s]) throw new Error(`--services: no write path for ${s} (${Object.keys(WRITE_PATHS).join(', ')})`);

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vaikuta-bench-scaling-'));
  const logDir = path.join(workDir, 'logs');
  fs.mkdirSync(logDir);
  const ports = [];
  for (let i = 0; i < 9; i++) ports.push(await freePort());
  const stops = [];
  const results = { benchmark: NAME, environment: environment(), parameters: { connections, durationSeconds: duration, warmupSeconds: warmup }, layout: {}, raw: {}, services: {} };
  try {
    log('starting a 3-node NATS cluster');
    const cluster = await startNatsCluster({ nodes: 3, clientPorts: ports.slice(0, 3), clusterPorts: ports.slice(3, 6), monitorPorts: ports.slice(6, 9), dir: path.join(workDir, 'nats') });
    stops.push(() => cluster.stop());
    results.layout = { nats: cluster.urls, streamReplicas: 3, replicasPerService: [1, 2], redis: REDIS_URL };

    const { SMTPServer } = require('smtp-server');
    const smtpPort = await freePort();
    const smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData: (stream, _s, done) => stream.resume().on('end', () => done()) });
    await new Promise((resolve, reject) => smtp.listen(smtpPort, '127.0.0.1', resolve).once('error', reject));
    stops.push(() => new Promise((resolve) => smtp.close(resolve)));
    const sms = await startSmsSink({ port: 0, token: 'bench-sms-token' });
    const geocoder = await startGeocoderStub({ port: 0 });
    const kuntalaisaloite = await startKuntalaisaloiteStub({ port: 0 });
    const ahjo = await startAhjoStub({ port: 0 });
    const lock = await startLockStub({ port: 0 });
    for (const s of [sms, geocoder, kuntalaisaloite, ahjo, lock]) stops.push(() => s.close());

    const keysDir = path.join(workDir, 'keys');
    const baseEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      NO_COLOR: '1',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      // One client address for every caller: address limits would measure the limiter.
      RATE_LIMITS: 'off',
      AUTH_DEV_ISSUER: 'true',
      AUTH_DEV_KEYS_DIR: keysDir,
      PHOTO_STORAGE_DIR: path.join(workDir, 'photos'),
      NATS_URL: cluster.urls,
      NATS_NAMESPACE: NAMESPACE,
      NATS_STREAM_REPLICAS: '3',
      REDIS_URL,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      SMS_PROVIDER_URL: `${sms.url}/messages`,
      SMS_PROVIDER_TOKEN: 'bench-sms-token',
      GEOCODER_PROVIDER: 'nominatim',
      GEOCODER_URL: `http://127.0.0.1:${geocoder.port}`,
      KUNTALAISALOITE_API_URL: `http://127.0.0.1:${kuntalaisaloite.port}/api/v1`,
      AHJO_API_URL: `http://127.0.0.1:${ahjo.port}/ahjorest/v1`,
      LOCK_API_URL: lock.url,
      PUBLIC_URL: 'http://127.0.0.1:8080',
    };

    // --- raw baseline
    log('raw baseline: plain Node HTTP, one process then two');
    const raws = [await startRawServer(), await startRawServer()];
    stops.push(() => Promise.all(raws.map((r) => r.stop())));
    const rawNext = () => ({ method: 'POST', path: '/', headers: json, body: JSON.stringify(FAULT_REPORT) });
    results.raw.one = await measure({ urls: [raws[0].base], pids: [['raw-1', raws[0].pid]], connections, duration, warmup, next: rawNext });
    results.raw.two = await measure({ urls: raws.map((r) => r.base), pids: raws.map((r, i) => [`raw-${i + 1}`, r.pid]), connections, duration, warmup, next: rawNext });
    results.raw.factor = round(results.raw.two.okPerSecond / results.raw.one.okPerSecond, 2);
    await Promise.all(raws.map((r) => r.stop()));

    for (const service of chosen) {
      const database = `vaikuta_bench_scaling_${service}`;
      await recreateDatabase(database);
      const env = { ...baseEnv, DATABASE_URL: databaseUrl(database) };
      const replicas = [new Replica(service, 0, env, logDir), new Replica(service, 1, { ...env, DB_MIGRATE_ON_START: 'false' }, logDir)];
      try {
        await replicas[0].start();
        const paths = await WRITE_PATHS[service].prepare({ keysDir, base: replicas[0].base, database });
        const probe = paths.next();
        const answer = await probeRequest(`${replicas[0].base}${probe.path}`, probe);
        if (answer.status >= 300) throw new Error(`${service}: ${probe.method} ${probe.path} answered ${answer.status}: ${answer.text.slice(0, 500)}`);
        log(`${service}: one replica, ${WRITE_PATHS[service].what}`);
        const one = await measure({ urls: [replicas[0].base], pids: [[replicas[0].label, replicas[0].pid]], connections, duration, warmup, next: paths.next });
        await replicas[1].start();
        log(`${service}: two replicas`);
        const two = await measure({ urls: replicas.map((r) => r.base), pids: replicas.map((r) => [r.label, r.pid]), connections, duration, warmup, next: paths.next });
        log(`${service}: ${one.okPerSecond} → ${two.okPerSecond} ok/s`);
        const pending = await withClient(databaseUrl(database), async (c) => Number((await c.query('SELECT count(*) FROM outbox WHERE published_at IS NULL')).rows[0].count));
        results.services[service] = { writePath: WRITE_PATHS[service].what, one, two, factor: round(two.okPerSecond / one.okPerSecond, 2), outboxPendingAfter: pending };
      } catch (error) {
        const message = error.cause ? `${error.message}: ${error.cause.code ?? error.cause.message}` : error.message;
        log(`${service}: ${message}`);
        results.services[service] = { writePath: WRITE_PATHS[service].what, error: message };
      } finally {
        log(`${service}: stopping its replicas`);
        await Promise.all(replicas.map((r) => r.stop()));
        await dropDatabase(database).catch((e) => log(`drop ${database}: ${e.message}`));
      }
    }
  } finally {
    log('stopping the cluster and the stand-ins');
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
    // --keep-logs keeps the replicas' logs and the NATS stores for digging.
    if (options.keepLogs) log(`logs kept in ${logDir}`);
    else fs.rmSync(workDir, { recursive: true, force: true });
  }

  const file = writeResults(NAME, results);
  const rows = [['', 'write path', '1 replica ok/s', '2 replicas ok/s', 'factor', 'p99 ms 1 / 2', 'non-2xx 1 / 2', 'service CPU % 1 / 2', 'postgres % 1 / 2', 'machine busy % 1 / 2']];
  const row = (name, what, m) =>
    m.error
      ? [name, what, 'error', m.error.slice(0, 60), '', '', '', '', '', '']
      : [
          name,
          what,
          m.one.okPerSecond,
          m.two.okPerSecond,
          m.factor,
          `${m.one.latencyMs.p99} / ${m.two.latencyMs.p99}`,
          `${m.one.non2xx} / ${m.two.non2xx}`,
          `${serviceCpuPercent(m.one)} / ${serviceCpuPercent(m.two)}`,
          `${m.one.cpu.percentOfMachine.postgres ?? 0} / ${m.two.cpu.percentOfMachine.postgres ?? 0}`,
          `${m.one.cpu.machineBusyPercent} / ${m.two.cpu.machineBusyPercent}`,
        ];
  rows.push(row('raw node:http', 'POST, no work', results.raw));
  for (const [name, m] of Object.entries(results.services)) rows.push(row(name, m.writePath?.split(' (')[0] ?? '', m));
  console.log(`\n== scaling: 1 vs 2 replicas on a 3-node NATS cluster (R3 streams), ${connections} connections, ${duration} s each, ${results.environment.cpus} cores`);
  console.log(table(rows));
  console.log('CPU ms per request (by process), 1 replica → 2 replicas:');
  for (const [name, m] of [['raw', results.raw], ...Object.entries(results.services)]) {
    if (m.one) console.log(`  ${name}: ${JSON.stringify(m.one.cpuMsPerRequest)} → ${JSON.stringify(m.two.cpuMsPerRequest)}`);
  }
  console.log(`results: ${file}`);
  return { name: NAME, file };
}
