#!/usr/bin/env node
// `npm start`: the whole platform on one machine, no containers.
//
//   1. PostgreSQL, Redis and NATS answer (scripts/infra.mjs starts local ones if needed)
//   1b. maildev (SMTP 1025, web inbox 1080) and the SMS sink (scripts/sms-sink.mjs, page on 1081)
//       when the notifications service is listed; the trace sink (scripts/trace-sink.mjs, 1087)
//   2. npm run build                                   (skip with --no-build)
//   3. for each service in deploy/services.json: <cli> migrate, then <cli> seed-demo
//   4. start each service's main, wait for GET /health/ready = 200, print the URLs
//   Ctrl-C stops the services (the infrastructure keeps running: `node scripts/infra.mjs down`).
//
// Options:  --no-build  --no-seed  --only <name>[,<name>]  --verbose (show info logs too)
// Env:      VAIKUTA_SERVICES_FILE (default deploy/services.json), VAIKUTA_READY_TIMEOUT_MS (60000),
//           VAIKUTA_PG_PORT / VAIKUTA_REDIS_PORT / VAIKUTA_NATS_PORT and the *_URL variables
//           (see scripts/infra.mjs), OPEN311_DEMO_API_KEY (default demo-key),
//           VAIKUTA_SMTP_PORT (1025) / VAIKUTA_MAIL_WEB_PORT (1080) / VAIKUTA_SMS_WEB_PORT (1081);
//           SMS_PROVIDER_URL set: text messages go there and no SMS sink is started.
//           VAIKUTA_GEOCODER_PORT (1082): the address search stand-in (scripts/geocoder-stub.mjs)
//           for the report form's map; GEOCODER_URL set: that geocoder is used and none is started.
//           VAIKUTA_KUNTALAISALOITE_PORT (1084) / VAIKUTA_AHJO_PORT (1085): the initiatives service's
//           stand-ins (scripts/kuntalaisaloite-stub.mjs, scripts/ahjo-stub.mjs), not started when
//           KUNTALAISALOITE_API_URL / AHJO_API_URL name real ones.
//           VAIKUTA_LOCK_PORT (1086): the door-code lock stand-in for the grants service
//           (scripts/lock-stub.mjs), not started when LOCK_API_URL names a real lock provider.
//           VAIKUTA_TRACE_SINK_PORT (1087): the OpenTelemetry trace sink every process exports to
//           (scripts/trace-sink.mjs), not started when OTEL_EXPORTER_OTLP_ENDPOINT names a collector.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { ensureInfrastructure, repoRoot } from './infra.mjs';
import { startSmsSink } from './sms-sink.mjs';
import { startGeocoderStub } from './geocoder-stub.mjs';
import { startKuntalaisaloiteStub } from './kuntalaisaloite-stub.mjs';
import { startAhjoStub } from './ahjo-stub.mjs';
import { startLockStub } from './lock-stub.mjs';
import { startTraceSink } from './trace-sink.mjs';

// ---------------------------------------------------------------------------------------------
// Options

const USAGE = `usage: npm start [-- --no-build] [--no-seed] [--only feedback,portal] [--verbose]`;
const opts = { build: true, seed: true, only: undefined, verbose: process.env.VAIKUTA_LOG === 'all' };
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-build') opts.build = false;
    else if (a === '--no-seed') opts.seed = false;
    else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--only') opts.only = (argv[++i] || '').split(',').filter(Boolean);
    else if (a.startsWith('--only=')) opts.only = a.slice(7).split(',').filter(Boolean);
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`unknown option ${a}\n${USAGE}`);
      process.exit(2);
    }
  }
}
const READY_TIMEOUT_MS = Number(process.env.VAIKUTA_READY_TIMEOUT_MS || 60_000);
const STOP_TIMEOUT_MS = Number(process.env.VAIKUTA_STOP_TIMEOUT_MS || 15_000);
const LOG_DIR = path.join(repoRoot, '.vaikuta', 'logs');

// ---------------------------------------------------------------------------------------------
// Output

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code) => (s) => (useColor ? `\x1b[${code}m${s}\x1b[0m` : String(s));
const c = { dim: paint(2), bold: paint(1), red: paint(31), green: paint(32), yellow: paint(33), cyan: paint(36) };
const SERVICE_COLORS = [36, 35, 34, 32, 33, 96, 95, 94];
const say = (...a) => console.log(...a);
const fail = (msg) => console.error(c.red(`✗ ${msg}`));

const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const LEVEL_NUM = { trace: 10, debug: 20, info: 30, log: 30, warn: 40, warning: 40, error: 50, fatal: 60 };

const ANSI = /\x1b\[[0-9;]*m/g;
// NestJS's own console logger, used before the JSON logger takes over:
// "[Nest] 123  - 11/22/2026, 7:25:41 PM     LOG [InstanceLoader] ..."
const NEST_LINE = /^\[Nest\]\s+\d+\s+-\s+.*?\s(VERBOSE|DEBUG|LOG|WARN|ERROR|FATAL)\s/;
const NEST_LEVELS = { VERBOSE: 10, DEBUG: 20, LOG: 30, WARN: 40, ERROR: 50, FATAL: 60 };

/**
 * Turns one log line into { level, text } for the terminal: pino JSON is formatted, NestJS
 * console lines keep their look but get a level, anything else (stack traces, console.log)
 * is shown as it is.
 */
function formatLine(line) {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) {
    const nest = NEST_LINE.exec(trimmed.replace(ANSI, ''));
    if (nest) return { level: NEST_LEVELS[nest[1]], text: line };
    return { level: 30, text: line, plain: true };
  }
  let o;
  try {
    o = JSON.parse(trimmed);
  } catch {
    return { level: 30, text: line, plain: true };
  }
  const level = typeof o.level === 'number' ? o.level : LEVEL_NUM[String(o.level).toLowerCase()] ?? 30;
  const label = LEVELS[Math.floor(level / 10) * 10] || String(o.level);
  const paintLevel = level >= 50 ? c.red : level >= 40 ? c.yellow : c.dim;
  const time = o.time ? new Date(o.time).toTimeString().slice(0, 8) : '';
  let text = `${c.dim(time)} ${paintLevel(label.padEnd(5))} `;
  if (o.context) text += c.dim(`[${o.context}] `);
  text += o.msg ?? o.message ?? '';
  if (o.req?.method) text += c.dim(` ${o.req.method} ${o.req.url ?? ''}`);
  if (o.res?.statusCode) text += c.dim(` → ${o.res.statusCode}`);
  if (o.responseTime !== undefined) text += c.dim(` ${o.responseTime} ms`);
  const err = o.err || o.error;
  if (err && typeof err === 'object') {
    const detail = err.stack || err.message;
    if (detail && !text.includes(detail)) text += '\n' + String(detail).replace(/^/gm, '      ');
  } else if (typeof err === 'string') {
    text += ` ${err}`;
  }
  return { level, text };
}

// ---------------------------------------------------------------------------------------------
// Child processes. Each runs in its own process group (detached), so a Ctrl-C in the terminal
// reaches only this script, which then sends exactly one SIGTERM to each: NestJS's shutdown
// hooks are not interrupted by a second signal.

const children = new Set();

function killGroup(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* gone */
    }
  }
}

process.on('exit', () => {
  for (const child of children) killGroup(child, 'SIGTERM');
});

class Output {
  constructor(name, width, colorIndex) {
    this.name = name;
    this.prefix = `${paint(SERVICE_COLORS[colorIndex % SERVICE_COLORS.length])(name.padEnd(width))} ${c.dim('│')} `;
    this.recent = []; // the last lines, all levels, shown when the service fails
    fs.mkdirSync(LOG_DIR, { recursive: true });
    this.file = path.join(LOG_DIR, `${name}.log`);
    this.fd = fs.openSync(this.file, 'w');
  }
  attach(child, minLevel) {
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.line(line, minLevel));
    }
  }
  line(line, minLevel) {
    fs.writeSync(this.fd, line + '\n');
    if (!line.trim()) return;
    const f = formatLine(line);
    const shown = f.plain || f.level >= minLevel;
    this.recent.push({ text: f.text, shown });
    if (this.recent.length > 25) this.recent.shift();
    if (shown) this.print(f.text);
  }
  print(text) {
    for (const l of text.split('\n')) console.log(this.prefix + l);
  }
  /** After a failure: the recent lines that were hidden by the level filter, for context. */
  showRecent(n = 20) {
    const where = path.relative(process.cwd(), this.file);
    const hidden = this.recent.slice(-n).filter((r) => !r.shown);
    if (hidden.length === 0) {
      say(c.dim(`  its whole log: ${where}`));
      return;
    }
    say(c.dim(`  recent lines from ${this.name} not shown above (whole log: ${where}):`));
    for (const r of hidden) this.print(r.text);
  }
}

/** Runs a short step to completion. Resolves the exit code. */
function runStep(cmd, args, { env, output, minLevel = 30, inherit = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: repoRoot,
      env,
      detached: true,
      stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    if (output) output.attach(child, minLevel);
    child.on('error', (err) => {
      fail(`${cmd}: ${err.message}`);
    });
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Shutdown

let stopping = false;
let smsSink; // the development SMS sink, when this script runs it (in this process)
let geocoderStub; // the development geocoder, likewise
let initiativeStubs = []; // the kuntalaisaloite.fi and Ahjo stand-ins, likewise
let lockStub; // the door-code lock stand-in, likewise
let traceSink; // the OpenTelemetry trace sink, likewise

async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  const running = [...children];
  const names = running
    .map((ch) => ch.vaikutaName || 'step')
    .concat(smsSink ? ['SMS sink'] : [], geocoderStub ? ['geocoder'] : [], initiativeStubs.map((st) => st.name), lockStub ? ['lock stand-in'] : [], traceSink ? ['trace sink'] : []);
  if (names.length) say(c.dim(`\nStopping ${names.join(', ')}…`));
  await Promise.all([
    smsSink?.close().then(() => say(c.dim('  SMS sink stopped'))),
    geocoderStub?.close().then(() => say(c.dim('  geocoder stopped'))),
    ...initiativeStubs.map((st) => st.stub.close().then(() => say(c.dim(`  ${st.name} stopped`)))),
    lockStub?.close().then(() => say(c.dim('  lock stand-in stopped'))),
    traceSink?.close().then(() => say(c.dim('  trace sink stopped'))),
    ...running.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => {
            say(c.yellow(`  ${child.vaikutaName || 'step'} did not stop within ${STOP_TIMEOUT_MS / 1000} s; killing it`));
            killGroup(child, 'SIGKILL');
          }, STOP_TIMEOUT_MS);
          child.once('close', () => {
            clearTimeout(timer);
            if (child.vaikutaName) say(c.dim(`  ${child.vaikutaName} stopped`));
            resolve();
          });
          killGroup(child, 'SIGTERM');
        }),
    ),
  ]);
  process.exit(exitCode);
}

// Under `npm start` one Ctrl-C arrives twice: from the terminal and forwarded by npm. A signal
// within 1.5 s of the first counts as the same one; a later one forces the stop.
let firstSignalAt = 0;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    const now = Date.now();
    if (firstSignalAt && now - firstSignalAt < 1500) return;
    if (firstSignalAt) {
      say(c.yellow('Forced stop.'));
      for (const child of children) killGroup(child, 'SIGKILL');
      process.exit(130);
    }
    firstSignalAt = now;
    stopAll(0);
  });
}

async function abort(msg, output) {
  if (stopping) return;
  fail(msg);
  output?.showRecent();
  await stopAll(1);
}

// ---------------------------------------------------------------------------------------------
// Services

function loadServices() {
  const file = path.resolve(process.env.VAIKUTA_SERVICES_FILE || path.join(repoRoot, 'deploy', 'services.json'));
  let list;
  try {
    list = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the service list ${file}: ${err.message}`);
  }
  if (!Array.isArray(list)) throw new Error(`${file}: expected a JSON array of services`);
  const names = new Set();
  const ports = new Set();
  for (const s of list) {
    if (!s || typeof s.name !== 'string' || !Number.isInteger(s.port) || typeof s.main !== 'string') {
      throw new Error(`${file}: each service needs "name", "port" and "main": ${JSON.stringify(s)}`);
    }
    if (s.nodeArgs !== undefined && !(Array.isArray(s.nodeArgs) && s.nodeArgs.every((a) => typeof a === 'string'))) {
      throw new Error(`${file}: "nodeArgs" of ${s.name} must be a list of strings`);
    }
    if (names.has(s.name)) throw new Error(`${file}: service "${s.name}" is listed twice`);
    if (ports.has(s.port)) throw new Error(`${file}: port ${s.port} is used twice`);
    names.add(s.name);
    ports.add(s.port);
  }
  if (opts.only) {
    const unknown = opts.only.filter((n) => !names.has(n));
    if (unknown.length) throw new Error(`--only: no service named ${unknown.join(', ')} in ${file}`);
    return list.filter((s) => opts.only.includes(s.name));
  }
  return list;
}

function portAnswers(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const done = (v) => {
      s.destroy();
      resolve(v);
    };
    s.setTimeout(1000, () => done(false));
    s.on('connect', () => done(true));
    s.on('error', () => done(false));
  });
}

async function waitReady(service, child) {
  const url = `http://127.0.0.1:${service.port}/health/ready`;
  const started = Date.now();
  let last = 'no answer yet';
  while (Date.now() - started < READY_TIMEOUT_MS) {
    if (child.exitCode !== null || child.signalCode !== null || stopping) return { ok: false, exited: true };
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      const body = (await res.text()).replace(/\s+/g, ' ').slice(0, 300);
      if (res.status === 200) return { ok: true, ms: Date.now() - started };
      last = `${res.status} ${body}`;
    } catch (err) {
      last = err.cause?.code || err.name || String(err);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { ok: false, last, url };
}


// ---------------------------------------------------------------------------------------------
// Mail: a local SMTP server with a web inbox (maildev), so a newcomer sees every email the
// notification service sends. Reused if something already answers on the SMTP port.

const SMTP_PORT = Number(process.env.VAIKUTA_SMTP_PORT || 1025);
const MAIL_WEB_PORT = Number(process.env.VAIKUTA_MAIL_WEB_PORT || 1080);

async function ensureMaildev() {
  if (await portAnswers(SMTP_PORT)) {
    say(`  ✓ SMTP already answers on ${SMTP_PORT} ${c.dim('(using it)')}`);
    return true;
  }
  const bin = path.join(repoRoot, 'node_modules', '.bin', 'maildev');
  if (!fs.existsSync(bin)) {
    say(c.yellow(`  ! maildev is not installed (npm ci installs it); emails will wait in the database until an SMTP server answers on ${SMTP_PORT}`));
    return false;
  }
  const out = new Output('maildev', 12, 7);
  const child = spawn(bin, ['-s', String(SMTP_PORT), '-w', String(MAIL_WEB_PORT), '--ip', '127.0.0.1', '--web-ip', '127.0.0.1'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.vaikutaName = 'maildev';
  children.add(child);
  out.attach(child, 40);
  child.on('close', () => children.delete(child));
  for (let i = 0; i < 40; i++) {
    if (await portAnswers(SMTP_PORT)) {
      say(`  ✓ maildev: SMTP on ${SMTP_PORT}, web inbox on ${MAIL_WEB_PORT}`);
      return true;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  say(c.yellow(`  ! maildev did not start (see ${path.relative(process.cwd(), out.file)}); emails wait until SMTP answers`));
  return false;
}

// Text messages: the same for SMS. scripts/sms-sink.mjs is a stand-in for the SMS provider that
// keeps what it is sent and lists it on a page. It runs in this process; reused if something
// already answers on its port, and not started at all when SMS_PROVIDER_URL names a provider.

const SMS_WEB_PORT = Number(process.env.VAIKUTA_SMS_WEB_PORT || 1081);
const SMS_SINK_TOKEN = 'vaikuta-dev-sms-token';

/** Resolves the notification service's SMS_PROVIDER_* for the sink, {} to leave them as they are. */
async function ensureSmsSink() {
  if (process.env.SMS_PROVIDER_URL) {
    say(`  ✓ SMS_PROVIDER_URL is set: text messages go to that provider ${c.dim('(no SMS sink started)')}`);
    return { external: true, env: {} };
  }
  const env = { SMS_PROVIDER_URL: `http://127.0.0.1:${SMS_WEB_PORT}/messages`, SMS_PROVIDER_TOKEN: SMS_SINK_TOKEN };
  if (await portAnswers(SMS_WEB_PORT)) {
    say(`  ✓ something already answers on ${SMS_WEB_PORT} ${c.dim('(using it as the SMS sink)')}`);
    return { up: true, env };
  }
  try {
    smsSink = await startSmsSink({ port: SMS_WEB_PORT, token: SMS_SINK_TOKEN });
  } catch (err) {
    say(c.yellow(`  ! the SMS sink did not start on ${SMS_WEB_PORT} (${err.code || err.message}); text messages will fail until a provider answers`));
    return { up: false, env };
  }
  say(`  ✓ SMS sink: text messages on ${SMS_WEB_PORT}`);
  return { up: true, env };
}

// Addresses: the report form's map searches addresses through the feedback service, which asks
// a Nominatim-style geocoder. scripts/geocoder-stub.mjs stands in with the demo city's streets,
// in this process; reused if something already answers on its port, not started when
// GEOCODER_URL names a real one.

const GEOCODER_PORT = Number(process.env.VAIKUTA_GEOCODER_PORT || 1082);

/** Resolves the feedback service's GEOCODER_URL for the stand-in, {} to leave it as it is. */
async function ensureGeocoder() {
  if (process.env.GEOCODER_URL) {
    say(`  ✓ GEOCODER_URL is set: addresses are searched there ${c.dim('(no geocoder stand-in started)')}`);
    return { external: true, env: {} };
  }
  const env = { GEOCODER_PROVIDER: 'nominatim', GEOCODER_URL: `http://127.0.0.1:${GEOCODER_PORT}` };
  if (await portAnswers(GEOCODER_PORT)) {
    say(`  ✓ something already answers on ${GEOCODER_PORT} ${c.dim('(using it as the geocoder)')}`);
    return { up: true, env, url: env.GEOCODER_URL };
  }
  try {
    geocoderStub = await startGeocoderStub({ port: GEOCODER_PORT });
  } catch (err) {
    say(c.yellow(`  ! the geocoder stand-in did not start on ${GEOCODER_PORT} (${err.code || err.message}); address search will say it is not available`));
    return { up: false, env };
  }
  say(`  ✓ geocoder stand-in (the demo city's streets): ${geocoderStub.url}`);
  return { up: true, env, url: geocoderStub.url };
}


// Initiatives: the service imports from kuntalaisaloite.fi and reads decisions from Ahjo.
// scripts/kuntalaisaloite-stub.mjs and scripts/ahjo-stub.mjs stand in with demo data, in this
// process, unless KUNTALAISALOITE_API_URL / AHJO_API_URL name real ones.

const KUNTALAISALOITE_PORT = Number(process.env.VAIKUTA_KUNTALAISALOITE_PORT || 1084);
const AHJO_PORT = Number(process.env.VAIKUTA_AHJO_PORT || 1085);

async function ensureInitiativeStandIns() {
  const env = {};
  const standIns = [
    ['KUNTALAISALOITE_API_URL', 'kuntalaisaloite.fi stand-in', KUNTALAISALOITE_PORT, (port) => startKuntalaisaloiteStub({ port }), '/api/v1'],
    ['AHJO_API_URL', 'Ahjo stand-in', AHJO_PORT, (port) => startAhjoStub({ port }), '/ahjorest/v1'],
  ];
  for (const [variable, name, port, start, apiPath] of standIns) {
    if (process.env[variable]) {
      say(`  ✓ ${variable} is set ${c.dim(`(no ${name} started)`)}`);
      continue;
    }
    env[variable] = `http://127.0.0.1:${port}${apiPath}`;
    if (await portAnswers(port)) {
      say(`  ✓ something already answers on ${port} ${c.dim(`(using it as the ${name})`)}`);
      continue;
    }
    try {
      const stub = await start(port);
      initiativeStubs.push({ name, stub });
      say(`  ✓ ${name}: ${stub.url}`);
    } catch (err) {
      say(c.yellow(`  ! the ${name} did not start on ${port} (${err.code || err.message})`));
    }
  }
  return { env };
}

// Door codes: the grants service asks a keyless-entry provider for a code per booking.
// scripts/lock-stub.mjs stands in, in this process, unless LOCK_API_URL names a real one;
// its GET /lock/v1/reservations lists the codes given and revoked.

const LOCK_PORT = Number(process.env.VAIKUTA_LOCK_PORT || 1086);

async function ensureLockStandIn() {
  if (process.env.LOCK_API_URL) {
    say(`  ✓ LOCK_API_URL is set ${c.dim('(no lock stand-in started)')}`);
    return { env: {} };
  }
  const env = { LOCK_API_URL: `http://127.0.0.1:${LOCK_PORT}/lock/v1` };
  if (await portAnswers(LOCK_PORT)) {
    say(`  ✓ something already answers on ${LOCK_PORT} ${c.dim('(using it as the lock stand-in)')}`);
    return { env };
  }
  try {
    lockStub = await startLockStub({ port: LOCK_PORT });
    say(`  ✓ lock stand-in (door codes): ${lockStub.url}/reservations`);
  } catch (err) {
    say(c.yellow(`  ! the lock stand-in did not start on ${LOCK_PORT} (${err.code || err.message}); door codes stay pending`));
  }
  return { env };
}

// Traces: every process (the portal too) exports its spans over OTLP/HTTP to
// scripts/trace-sink.mjs, in this process, so one page request can be followed through the
// services, the events and the email it causes (docs/adr/0017). Reused if something already
// answers on its port; not started when OTEL_EXPORTER_OTLP_ENDPOINT names a collector.

const TRACE_SINK_PORT = Number(process.env.VAIKUTA_TRACE_SINK_PORT || 1087);

/** Resolves every process's OTEL_EXPORTER_OTLP_ENDPOINT for the sink, {} to leave it as it is. */
async function ensureTraceSink() {
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    say(`  ✓ OTEL_EXPORTER_OTLP_ENDPOINT is set: spans go to ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT} ${c.dim('(no trace sink started)')}`);
    return { external: true, env: {} };
  }
  const url = `http://127.0.0.1:${TRACE_SINK_PORT}`;
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: url };
  if (await portAnswers(TRACE_SINK_PORT)) {
    say(`  ✓ something already answers on ${TRACE_SINK_PORT} ${c.dim('(using it as the trace sink)')}`);
    return { up: true, env };
  }
  try {
    traceSink = await startTraceSink({ port: TRACE_SINK_PORT });
  } catch (err) {
    say(c.yellow(`  ! the trace sink did not start on ${TRACE_SINK_PORT} (${err.code || err.message}); spans are dropped`));
    return { up: false, env };
  }
  say(`  ✓ trace sink: ${traceSink.url}`);
  return { up: true, env };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const t0 = Date.now();
  say(c.bold('Vaikuta: starting the platform on this machine\n'));

  let services;
  try {
    services = loadServices();
  } catch (err) {
    fail(err.message);
    process.exit(1);
  }
  if (services.length === 0) {
    fail('the service list is empty');
    process.exit(1);
  }

  // 1. Infrastructure
  say(c.bold('Infrastructure'));
  const infra = await ensureInfrastructure({ log: (l) => say('  ' + l) });
  if (!infra.ok) {
    say(`\n  Fix the ✗ lines above and run ${c.bold('npm start')} again,`);
    say(`  or run the whole platform in containers: ${c.bold('docker compose up')}`);
    process.exit(1);
  }

  const wantsMail = services.some((s) => s.name === 'notifications');
  let mailUp = false;
  let sms = { env: {} };
  if (wantsMail) {
    say(c.bold('\nMail and text messages'));
    mailUp = await ensureMaildev();
    sms = await ensureSmsSink();
  }

  let geocoder = { env: {} };
  if (services.some((s) => s.name === 'feedback')) {
    say(c.bold('\nAddresses'));
    geocoder = await ensureGeocoder();
  }

  let initiativeStandIns = { env: {} };
  if (services.some((s) => s.name === 'initiatives')) {
    say(c.bold('\nInitiatives sources'));
    initiativeStandIns = await ensureInitiativeStandIns();
  }

  let lockStandIn = { env: {} };
  if (services.some((s) => s.name === 'grants')) {
    say(c.bold('\nDoor locks'));
    lockStandIn = await ensureLockStandIn();
  }

  say(c.bold('\nTraces'));
  const traces = await ensureTraceSink();

  // 2. Build
  if (opts.build) {
    if (!fs.existsSync(path.join(repoRoot, 'node_modules'))) {
      fail(`node_modules is missing: run ${c.bold('npm ci')} first (then npm start)`);
      process.exit(1);
    }
    say(c.bold('\nBuild') + c.dim(' (npm run build)'));
    const tb = Date.now();
    const code = await runStep('npm', ['run', '--silent', 'build'], { inherit: true });
    if (stopping) return;
    if (code !== 0) {
      fail(`the build failed (exit ${code}); see the compiler output above`);
      process.exit(1);
    }
    say(`  ✓ built in ${((Date.now() - tb) / 1000).toFixed(1)} s`);
  }
  for (const s of services) {
    for (const key of ['main', 'cli']) {
      if (s[key] && !fs.existsSync(path.resolve(repoRoot, s[key]))) {
        fail(
          `${s.name}: ${s[key]} does not exist` +
            (opts.build ? '; does `npm run build` compile this service?' : '; run without --no-build'),
        );
        process.exit(1);
      }
    }
  }

  // Ports free?
  for (const s of services) {
    if (await portAnswers(s.port)) {
      fail(
        `port ${s.port} (${s.name}) is already in use. Is another \`npm start\` running? ` +
          `(see: ss -ltnp 'sport = :${s.port}' or lsof -i :${s.port})`,
      );
      process.exit(1);
    }
  }

  const width = Math.max(...services.map((s) => s.name.length));
  const outputs = new Map(services.map((s, i) => [s.name, new Output(s.name, width, i)]));
  const baseEnv = {
    ...process.env,
    // Colours only when this terminal shows them (NestJS's console logger colours otherwise too).
    ...(useColor ? {} : { NO_COLOR: '1' }),
    NODE_ENV: 'development',
    AUTH_DEV_ISSUER: 'true',
    NATS_URL: infra.urls.nats,
    REDIS_URL: infra.urls.redis,
    SMTP_URL: process.env.SMTP_URL || `smtp://127.0.0.1:${SMTP_PORT}`,
    ...sms.env,
    ...geocoder.env,
    ...initiativeStandIns.env,
    ...lockStandIn.env,
    ...traces.env,
    OPEN311_DEMO_API_KEY: process.env.OPEN311_DEMO_API_KEY || 'demo-key',
  };
  const envFor = (s) => {
    const env = { ...baseEnv, PORT: String(s.port), ...(s.env || {}) };
    if (s.database) env.DATABASE_URL = infra.urls.database(s.database);
    else delete env.DATABASE_URL;
    return env;
  };

  // 3. Databases: migrate, then the demo city
  if (services.some((s) => s.cli)) {
    say(c.bold('\nDatabases') + c.dim(opts.seed ? ' (migrate, then seed-demo)' : ' (migrate)'));
  }
  for (const s of services) {
    if (!s.cli) continue;
    const out = outputs.get(s.name);
    for (const step of opts.seed ? ['migrate', 'seed-demo'] : ['migrate']) {
      const ts = Date.now();
      const code = await runStep(process.execPath, ['--enable-source-maps', s.cli, step], {
        env: envFor(s),
        output: out,
        minLevel: opts.verbose ? 20 : 40,
      });
      if (stopping) return;
      if (code !== 0) {
        fail(`${s.name}: \`node ${s.cli} ${step}\` failed (exit ${code})`);
        out.showRecent();
        process.exit(1);
      }
      say(`  ✓ ${s.name} ${step}${s.database ? c.dim(` (${s.database})`) : ''} ${c.dim(`${((Date.now() - ts) / 1000).toFixed(1)} s`)}`);
    }
  }

  // 4. Services
  say(c.bold('\nServices') + c.dim(opts.verbose ? '' : ' (warnings and errors are shown here; --verbose for all)'));
  const running = [];
  for (const s of services) {
    const out = outputs.get(s.name);
    const child = spawn(process.execPath, [...(s.nodeArgs ?? []), '--enable-source-maps', s.main], {
      cwd: repoRoot,
      env: envFor(s),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.vaikutaName = s.name;
    children.add(child);
    out.attach(child, opts.verbose ? 30 : 40);
    child.on('error', (err) => abort(`${s.name}: could not start: ${err.message}`, out));
    child.on('close', (code, signal) => {
      children.delete(child);
      if (stopping) return;
      // Let the last lines arrive before the report.
      setTimeout(
        () => abort(`${s.name} exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`, out),
        50,
      );
    });
    say(`  ▸ ${s.name} starting on port ${s.port} ${c.dim(`(pid ${child.pid})`)}`);
    running.push({ s, child, out });
  }

  const results = await Promise.all(running.map(({ s, child }) => waitReady(s, child)));
  if (stopping) return;
  for (const [i, r] of results.entries()) {
    const { s, out } = running[i];
    if (r.exited) return; // the close handler reports it
    if (!r.ok) {
      return abort(
        `${s.name} did not become ready: ${r.url} did not answer 200 within ${READY_TIMEOUT_MS / 1000} s ` +
          `(last answer: ${r.last})`,
        out,
      );
    }
    say(`  ✓ ${s.name} ready ${c.dim(`in ${(r.ms / 1000).toFixed(1)} s`)}`);
  }

  // 5. Where things are
  const apiKey = baseEnv.OPEN311_DEMO_API_KEY;
  say(c.bold(c.green(`\nVaikuta is running`)) + c.dim(` (started in ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`));
  const front = services.find((s) => s.open);
  if (front) say(`  ➜ Open ${c.bold(`http://localhost:${front.port}${front.open}`)} in your browser\n`);
  const label = (k) => `    ${k.padEnd(20)}`;
  for (const s of services) {
    const base = `http://localhost:${s.port}`;
    say(`  ${c.bold(s.name)}  ${c.cyan(base)}`);
    for (const [k, p] of Object.entries(s.links || {})) say(label(k) + c.cyan(base + p));
    say(label('health') + c.cyan(`${base}/health/ready`) + c.dim(`  (and /health/live)`));
    say(label('metrics') + c.cyan(`${base}/metrics`));
    say('');
  }
  if (wantsMail) {
    // maildev 3 serves its inbox at /index.html; its root answers 404.
    say(`  ${c.bold('Emails:')} ${c.cyan(`http://localhost:${MAIL_WEB_PORT}/index.html`)}${mailUp ? '' : c.yellow(' (maildev is not running)')}`);
    if (sms.external) say(`  ${c.bold('Text messages:')} sent to the provider in SMS_PROVIDER_URL`);
    else say(`  ${c.bold('Text messages:')} ${c.cyan(`http://localhost:${SMS_WEB_PORT}`)}${sms.up ? '' : c.yellow(' (the SMS sink is not running)')}`);
    say('');
  }
  if (geocoder.url) {
    say(`  ${c.bold('Address search (geocoder stand-in):')} ${c.cyan(`${geocoder.url}/search?q=Helsinginkatu%2012`)}\n`);
  }
  if (traces.external) say(`  ${c.bold('Traces:')} exported to ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT}\n`);
  else say(`  ${c.bold('Traces:')} ${c.cyan(`http://localhost:${TRACE_SINK_PORT}/`)}${traces.up ? c.dim(' (newest first; JSON at /api/traces)') : c.yellow(' (the trace sink is not running)')}\n`);
  say(`  A bearer token from the development issuer (staff APIs):`);
  say(`    ${c.bold('npm run dev-token -- --role case_worker --department <code>')}`);
  say(`    roles: resident, case_worker, preparer, coordinator, grants_officer, premises_manager, admin`);
  say(`  Open311 demo API key: ${c.bold(apiKey)}`);
  say(`  Full logs: ${path.relative(process.cwd(), LOG_DIR) || LOG_DIR}/<service>.log`);
  say(`  Ctrl-C stops the services; PostgreSQL, Redis and NATS keep running (node scripts/infra.mjs down).\n`);
}

main().catch((err) => {
  console.error(err);
  stopAll(1);
});
