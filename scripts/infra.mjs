#!/usr/bin/env node
// Makes sure PostgreSQL, Redis and NATS (with JetStream) answer, starting local processes where
// the binaries are installed. No containers needed. See deploy/local/README.md.
//
//   node scripts/infra.mjs          ensure all three answer (start what is missing), exit 0/1
//   node scripts/infra.mjs status   only report what answers
//   node scripts/infra.mjs down     stop the processes this script started (data in .vaikuta/data)
//
// Importable: `import { ensureInfrastructure } from './infra.mjs'`.
//
// Environment (all optional):
//   DATABASE_URL / REDIS_URL / NATS_URL      host, port and credentials of the servers to use
//   VAIKUTA_PG_PORT / VAIKUTA_REDIS_PORT / VAIKUTA_NATS_PORT   override just the port
//   VAIKUTA_DATA_DIR                         where locally started servers keep data
//                                            (default <repo>/.vaikuta/data)
//
// Servers on a non-loopback host are only checked, never started. Processes started here keep
// running after `npm start` exits (the next start is then quick); `down` stops them.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

// ---------------------------------------------------------------------------------------------
// Configuration

function portFrom(env, envName, url, fallback) {
  const raw = env[envName];
  if (raw) {
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error(`${envName}=${raw} is not a port`);
    return n;
  }
  if (url?.port) return Number(url.port);
  return fallback;
}

function parseUrl(env, envName) {
  const raw = env[envName];
  if (!raw) return undefined;
  try {
    return new URL(raw);
  } catch {
    throw new Error(`${envName} is not a URL: ${raw}`);
  }
}

function userinfo(url) {
  if (!url?.username) return '';
  return url.username + (url.password ? ':' + url.password : '');
}

/** Where the three servers are expected, from env with loopback defaults. */
export function infrastructureConfig(env = process.env) {
  const db = parseUrl(env, 'DATABASE_URL');
  const redis = parseUrl(env, 'REDIS_URL');
  const nats = parseUrl(env, 'NATS_URL');
  return {
    dataDir: path.resolve(env.VAIKUTA_DATA_DIR || path.join(repoRoot, '.vaikuta', 'data')),
    postgres: {
      host: db?.hostname || '127.0.0.1',
      port: portFrom(env, 'VAIKUTA_PG_PORT', db, 5432),
      user: db?.username ? decodeURIComponent(db.username) : 'postgres',
      password: db?.password ? decodeURIComponent(db.password) : '',
    },
    redis: {
      host: redis?.hostname || '127.0.0.1',
      port: portFrom(env, 'VAIKUTA_REDIS_PORT', redis, 6379),
      auth: userinfo(redis),
    },
    nats: {
      host: nats?.hostname || '127.0.0.1',
      port: portFrom(env, 'VAIKUTA_NATS_PORT', nats, 4222),
      auth: userinfo(nats),
    },
  };
}

/** postgres://user@host:port/<database> for the servers this config points at. */
export function databaseUrl(cfg, database) {
  const { host, port, user, password } = cfg.postgres;
  const cred = encodeURIComponent(user) + (password ? ':' + encodeURIComponent(password) : '');
  return `postgres://${cred}@${hostForUrl(host)}:${port}/${database}`;
}
export function redisUrl(cfg) {
  const { host, port, auth } = cfg.redis;
  return `redis://${auth ? auth + '@' : ''}${hostForUrl(host)}:${port}`;
}
export function natsUrl(cfg) {
  const { host, port, auth } = cfg.nats;
  return `nats://${auth ? auth + '@' : ''}${hostForUrl(host)}:${port}`;
}
function hostForUrl(h) {
  return h.includes(':') && !h.startsWith('[') ? `[${h}]` : h;
}

// ---------------------------------------------------------------------------------------------
// Probes: connect and check that the right protocol answers.

/**
 * Opens a TCP connection, optionally writes `hello`, and collects what the server sends until
 * `done(buffer)` is true or the timeout passes. Resolves { ok, data } or { ok: false, error }.
 */
function talk(host, port, { hello, done = () => true, timeoutMs = 1500 } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: host === 'localhost' ? '127.0.0.1' : host, port });
    let data = Buffer.alloc(0);
    let connected = false;
    const finish = (result) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish(connected ? { ok: true, data, partial: true } : { ok: false, error: 'timeout' }),
      timeoutMs,
    );
    socket.on('connect', () => {
      connected = true;
      if (hello) socket.write(hello);
      else if (done(data)) finish({ ok: true, data });
    });
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      if (done(data)) finish({ ok: true, data });
    });
    socket.on('error', (err) => finish({ ok: false, error: err.code || err.message }));
    socket.on('close', () => finish(connected ? { ok: true, data } : { ok: false, error: 'closed' }));
  });
}

/** PostgreSQL: an SSLRequest is answered by a single 'S' or 'N' byte. */
export async function probePostgres(host, port) {
  const sslRequest = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);
  const r = await talk(host, port, { hello: sslRequest, done: (d) => d.length >= 1 });
  if (!r.ok) return { up: false, reason: r.error };
  const b = r.data[0];
  if (b === 0x53 || b === 0x4e) return { up: true };
  return { up: true, foreign: true, reason: 'the port answers, but not as PostgreSQL' };
}

/** Redis: PING is answered by +PONG (or an auth error, which is still Redis). */
export async function probeRedis(host, port) {
  const r = await talk(host, port, { hello: 'PING\r\n', done: (d) => d.includes(0x0a) });
  if (!r.ok) return { up: false, reason: r.error };
  const line = r.data.toString('utf8');
  if (line.startsWith('+PONG') || /^-(NOAUTH|WRONGPASS|ERR)/.test(line)) return { up: true };
  return { up: true, foreign: true, reason: 'the port answers, but not as Redis' };
}

/** NATS: the server speaks first, `INFO {json}`; the JSON says whether JetStream is on. */
export async function probeNats(host, port) {
  const r = await talk(host, port, { done: (d) => d.includes(0x0a) });
  if (!r.ok) return { up: false, reason: r.error };
  const line = r.data.toString('utf8').split('\n')[0].trim();
  if (!line.startsWith('INFO ')) return { up: true, foreign: true, reason: 'the port answers, but not as NATS' };
  let info;
  try {
    info = JSON.parse(line.slice(5));
  } catch {
    return { up: true, foreign: true, reason: 'NATS INFO line is not JSON' };
  }
  return { up: true, jetstream: info.jetstream === true, version: info.version };
}

async function waitFor(probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last.up) return last;
    await sleep(250);
  }
  return last;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Finding binaries

function which(cmd) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

function isExecutable(p) {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function globDirs(parent, re) {
  try {
    return fs
      .readdirSync(parent)
      .filter((n) => re.test(n))
      .map((n) => path.join(parent, n));
  } catch {
    return [];
  }
}

/** Candidate PostgreSQL bin directories, newest major first: [{ dir, major }]. */
export function findPostgresBinDirs() {
  const dirs = [
    ...globDirs('/usr/lib/postgresql', /^\d+$/).map((d) => path.join(d, 'bin')), // Debian/Ubuntu
    ...globDirs('/usr', /^pgsql-\d+$/).map((d) => path.join(d, 'bin')), // RHEL/Fedora PGDG
    ...globDirs('/opt/homebrew/opt', /^postgresql(@\d+)?$/).map((d) => path.join(d, 'bin')),
    ...globDirs('/usr/local/opt', /^postgresql(@\d+)?$/).map((d) => path.join(d, 'bin')),
    ...globDirs('/Applications/Postgres.app/Contents/Versions', /^\d+$/).map((d) => path.join(d, 'bin')),
  ];
  const onPath = which('pg_ctl');
  if (onPath) dirs.push(path.dirname(fs.realpathSync(onPath)));
  const seen = new Set();
  const found = [];
  for (const dir of dirs) {
    if (seen.has(dir)) continue;
    seen.add(dir);
    if (!isExecutable(path.join(dir, 'initdb')) || !isExecutable(path.join(dir, 'pg_ctl'))) continue;
    const out = spawnSync(path.join(dir, 'pg_ctl'), ['--version'], { encoding: 'utf8' }).stdout || '';
    const major = Number((out.match(/(\d+)(?:\.\d+)?/) || [])[1]);
    found.push({ dir, major: Number.isFinite(major) ? major : 0 });
  }
  return found.sort((a, b) => b.major - a.major);
}

function findBinary(name) {
  return which(name) || ['/usr/sbin', '/usr/local/sbin', '/usr/bin', '/usr/local/bin', '/opt/homebrew/bin']
    .map((d) => path.join(d, name))
    .find(isExecutable);
}

// ---------------------------------------------------------------------------------------------
// Starting local servers

class InfraError extends Error {}

function tail(file, lines = 15) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** A path as the user would type it: relative when under the current directory. */
function shown(p) {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

function indent(text) {
  return text
    .split('\n')
    .map((l) => '    ' + l)
    .join('\n');
}

/** Runs a command (as the postgres user when we are root); throws with its output on failure. */
function runAs(user, file, args, what) {
  let cmd = file;
  let argv = args;
  if (user) {
    if (isExecutable('/usr/sbin/runuser') || which('runuser')) {
      cmd = which('runuser') || '/usr/sbin/runuser';
      argv = ['-u', user, '--', file, ...args];
    } else {
      cmd = 'su';
      argv = [user, '-s', '/bin/sh', '-c', [file, ...args].map(shellQuote).join(' ')];
    }
  }
  const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: os.tmpdir() });
  if (r.error) throw new InfraError(`${what} failed: ${r.error.message}`);
  if (r.status !== 0) {
    throw new InfraError(`${what} failed (exit ${r.status}):\n${indent(((r.stdout || '') + (r.stderr || '')).trim())}`);
  }
  return r;
}

function shellQuote(s) {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${String(s).replace(/'/g, `'\\''`)}'`;
}

function userExists(name) {
  return spawnSync('id', ['-u', name], { stdio: 'ignore' }).status === 0;
}

function canUserWrite(user, dir) {
  return spawnSync(which('runuser') || '/usr/sbin/runuser', ['-u', user, '--', 'test', '-w', dir], { stdio: 'ignore' })
    .status === 0;
}

/**
 * PostgreSQL refuses to run as root. As root we run initdb/pg_ctl as the `postgres` user, which
 * must be able to reach the data directory; a repository under /root is not reachable, so then
 * the data goes to /var/tmp/vaikuta-<hash>/postgres instead.
 */
function postgresDataDir(dataDir) {
  const preferred = path.join(dataDir, 'postgres');
  if (!isRoot) return preferred;
  fs.mkdirSync(preferred, { recursive: true });
  fs.chmodSync(preferred, 0o700);
  spawnSync('chown', ['postgres:', preferred]);
  if (canUserWrite('postgres', preferred)) return preferred;
  // The postgres user cannot reach the repository (e.g. it lives under /root).
  try {
    fs.rmdirSync(preferred); // only if empty: never drop data
  } catch {
    /* keep it */
  }
  const hash = createHash('sha1').update(dataDir).digest('hex').slice(0, 8);
  const fallback = path.join('/var/tmp', `vaikuta-${hash}`, 'postgres');
  fs.mkdirSync(fallback, { recursive: true });
  fs.chmodSync(fallback, 0o700);
  spawnSync('chown', ['postgres:', fallback]);
  return fallback;
}

function startPostgres(cfg, log) {
  const bins = findPostgresBinDirs();
  if (bins.length === 0) return { installed: false };
  if (isRoot && !userExists('postgres')) {
    throw new InfraError(
      'PostgreSQL refuses to run as root and there is no "postgres" user to run it as. ' +
        'Create one (useradd --system --home /var/lib/postgresql postgres) or run npm start as a normal user.',
    );
  }
  const dir = postgresDataDir(cfg.dataDir);
  const asUser = isRoot ? 'postgres' : undefined;
  let bin = bins[0];
  const versionFile = path.join(dir, 'PG_VERSION');
  if (fs.existsSync(versionFile)) {
    const major = Number(fs.readFileSync(versionFile, 'utf8').trim());
    const match = bins.find((b) => b.major === major);
    if (!match) {
      throw new InfraError(
        `${dir} holds a PostgreSQL ${major} cluster but only ${bins.map((b) => b.major).join(', ')} is installed. ` +
          `It holds only local demo data: remove the directory (rm -rf ${dir}) and run again.`,
      );
    }
    bin = match;
  } else {
    // No cluster yet (or a half-made one from an interrupted initdb): start from an empty dir.
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (isRoot) spawnSync('chown', ['postgres:', dir]);
    log(`  … initialising a PostgreSQL ${bin.major} cluster in ${shown(dir)}`);
    runAs(
      asUser,
      path.join(bin.dir, 'initdb'),
      ['-D', dir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-instructions'].filter(
        (a) => bin.major >= 14 || a !== '--no-instructions',
      ),
      'initdb',
    );
  }
  // Unix socket inside the data dir (socket paths are limited to ~107 bytes; TCP-only if longer).
  const socketDir = path.join(dir).length + 20 < 100 ? dir : '';
  const logFile = path.join(dir, 'server.log');
  const opts = [
    `-p ${cfg.postgres.port}`,
    `-c listen_addresses=${cfg.postgres.host === 'localhost' ? '127.0.0.1' : cfg.postgres.host.replace(/^\[|\]$/g, '')}`,
    `-c ${shellQuote(`unix_socket_directories=${socketDir}`)}`,
    '-c max_connections=200',
  ].join(' ');
  try {
    runAs(asUser, path.join(bin.dir, 'pg_ctl'), ['start', '-D', dir, '-l', logFile, '-w', '-t', '60', '-o', opts], 'pg_ctl start');
  } catch (err) {
    const t = tail(logFile);
    throw new InfraError(`${err.message}${t ? `\n  last lines of ${logFile}:\n${indent(t)}` : ''}`);
  }
  return { installed: true, how: `started from ${bin.dir}`, dir };
}

function startRedis(cfg) {
  const bin = findBinary('redis-server');
  if (!bin) return { installed: false };
  const dir = path.join(cfg.dataDir, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, 'redis.log');
  const args = [
    '--port', String(cfg.redis.port),
    '--bind', cfg.redis.host === 'localhost' ? '127.0.0.1' : cfg.redis.host.replace(/^\[|\]$/g, ''),
    '--dir', dir,
    '--save', '',
    '--appendonly', 'no',
    '--daemonize', 'yes',
    '--pidfile', path.join(dir, 'redis.pid'),
    '--logfile', logFile,
  ];
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new InfraError(`redis-server failed (exit ${r.status}):\n${indent(((r.stdout || '') + (r.stderr || '') + tail(logFile)).trim())}`);
  }
  return { installed: true, how: `started from ${bin}`, dir, logFile };
}

function startNats(cfg) {
  const bin = findBinary('nats-server');
  if (!bin) return { installed: false };
  const dir = path.join(cfg.dataDir, 'nats');
  fs.mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, 'nats.log');
  const args = [
    '-a', cfg.nats.host === 'localhost' ? '127.0.0.1' : cfg.nats.host.replace(/^\[|\]$/g, ''),
    '-p', String(cfg.nats.port),
    '-js',
    '-sd', dir,
    '-l', logFile,
    '-P', path.join(dir, 'nats.pid'),
  ];
  const child = spawn(bin, args, { detached: true, stdio: 'ignore', cwd: dir });
  child.unref();
  return { installed: true, how: `started from ${bin}`, dir, logFile };
}

// ---------------------------------------------------------------------------------------------
// What to install

/** Lines telling how to get the missing servers: ['postgres', 'nats'] → install / compose commands. */
export function installHint(missing) {
  const apt = { postgres: 'postgresql', redis: 'redis-server', nats: 'nats-server' };
  const brew = { postgres: 'postgresql@15', redis: 'redis', nats: 'nats-server' };
  const lines = ['To install what is missing, then run this again:'];
  if (process.platform === 'darwin') {
    lines.push(`    brew install ${missing.map((m) => brew[m]).join(' ')}`);
  } else if (fs.existsSync('/etc/debian_version')) {
    lines.push(`    ${isRoot ? '' : 'sudo '}apt-get install ${missing.map((m) => apt[m]).join(' ')}`);
  } else {
    lines.push(`    install ${missing.map((m) => apt[m]).join(', ')} with your package manager`);
  }
  lines.push('or run them in containers (needs Docker):');
  lines.push(`    docker compose up -d ${missing.join(' ')}`);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// The three dependencies

const DEPS = [
  {
    key: 'postgres',
    label: 'PostgreSQL',
    probe: (c) => probePostgres(c.postgres.host, c.postgres.port),
    addr: (c) => `${c.postgres.host}:${c.postgres.port}`,
    start: (c, log) => startPostgres(c, log),
    waitMs: 5000, // pg_ctl -w has already waited
  },
  {
    key: 'redis',
    label: 'Redis',
    probe: (c) => probeRedis(c.redis.host, c.redis.port),
    addr: (c) => `${c.redis.host}:${c.redis.port}`,
    start: (c) => startRedis(c),
    waitMs: 15000,
  },
  {
    key: 'nats',
    label: 'NATS JetStream',
    probe: (c) => probeNats(c.nats.host, c.nats.port),
    addr: (c) => `${c.nats.host}:${c.nats.port}`,
    start: (c) => startNats(c),
    waitMs: 15000,
    check: (p) =>
      p.jetstream
        ? undefined
        : 'NATS answers but JetStream is not enabled; restart that nats-server with -js (and -sd <dir>)',
  },
];

/**
 * Makes sure PostgreSQL, Redis and NATS (JetStream) answer. Starts local processes where the
 * binaries exist. Resolves to { ok, config, results, urls }; never throws for a missing server,
 * reports it instead (ok: false) with what to install.
 */
export async function ensureInfrastructure({ env = process.env, log = console.log, start = true } = {}) {
  const config = infrastructureConfig(env);
  const results = {};
  const notInstalled = [];
  let ok = true;
  // Probe all three at once; start the missing ones one by one (clear output, clear errors).
  const probes = await Promise.all(DEPS.map((d) => d.probe(config)));
  for (const [i, dep] of DEPS.entries()) {
    const addr = dep.addr(config);
    let probe = probes[i];
    let how = 'already running';
    const fail = (msg, extra = []) => {
      ok = false;
      results[dep.key] = { ok: false, error: msg };
      log(`✗ ${dep.label} ${addr}: ${msg}`);
      for (const line of extra) log(`    ${line}`);
    };
    if (probe.foreign) {
      fail(`${probe.reason}. Free the port or point the URL elsewhere.`);
      continue;
    }
    if (!probe.up) {
      if (!start) {
        fail(`not answering (${probe.reason})`);
        continue;
      }
      if (!LOOPBACK.has(config[dep.key].host)) {
        fail(`not answering (${probe.reason}); it is not on this machine, so it is not started here`);
        continue;
      }
      let started;
      try {
        started = await dep.start(config, log);
      } catch (err) {
        fail(err instanceof InfraError ? err.message : String(err.stack || err));
        continue;
      }
      if (!started.installed) {
        fail('not running, and not installed');
        notInstalled.push(dep.key);
        continue;
      }
      probe = await waitFor(() => dep.probe(config), dep.waitMs);
      if (!probe?.up) {
        const t = started.logFile ? tail(started.logFile) : '';
        fail(`${started.how}, but it does not answer${t ? `; last lines of ${started.logFile}:\n${indent(t)}` : ''}`);
        continue;
      }
      how = `${started.how}, data in ${shown(started.dir)}`;
    }
    const problem = dep.check?.(probe);
    if (problem) {
      fail(problem);
      continue;
    }
    results[dep.key] = { ok: true, how };
    log(`✓ ${dep.label} ${addr} (${how})`);
  }
  if (notInstalled.length) {
    log('');
    for (const line of installHint(notInstalled)) log(line);
  }
  return {
    ok,
    config,
    results,
    urls: {
      database: (name) => databaseUrl(config, name),
      redis: redisUrl(config),
      nats: natsUrl(config),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Stopping what we started

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** True when /proc says the pid runs a command line that mentions `needle` (Linux); true elsewhere. */
function pidMatches(pid, needle) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle);
  } catch {
    return process.platform !== 'linux';
  }
}

async function stopByPidFile(label, pidFile, needle, log) {
  let pid;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  } catch {
    log(`· ${label}: not started from ${path.dirname(pidFile)}`);
    return;
  }
  if (!pid || !pidAlive(pid) || !pidMatches(pid, needle)) {
    log(`· ${label}: not running (stale ${pidFile})`);
    fs.rmSync(pidFile, { force: true });
    return;
  }
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 40 && pidAlive(pid); i++) await sleep(250);
  if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
  fs.rmSync(pidFile, { force: true });
  log(`✓ ${label}: stopped (pid ${pid})`);
}

/** Stops the servers started by ensureInfrastructure() from this data directory, and only those. */
export async function stopLocalInfrastructure({ env = process.env, log = console.log } = {}) {
  const config = infrastructureConfig(env);
  const candidates = [path.join(config.dataDir, 'postgres')];
  if (isRoot) {
    const hash = createHash('sha1').update(config.dataDir).digest('hex').slice(0, 8);
    candidates.push(path.join('/var/tmp', `vaikuta-${hash}`, 'postgres'));
  }
  const pgDir = candidates.find((d) => fs.existsSync(path.join(d, 'postmaster.pid')));
  if (pgDir) {
    const bins = findPostgresBinDirs();
    const major = Number(fs.readFileSync(path.join(pgDir, 'PG_VERSION'), 'utf8').trim());
    const bin = bins.find((b) => b.major === major) || bins[0];
    try {
      runAs(isRoot ? 'postgres' : undefined, path.join(bin.dir, 'pg_ctl'), ['stop', '-D', pgDir, '-m', 'fast', '-w'], 'pg_ctl stop');
      log(`✓ PostgreSQL: stopped (${pgDir})`);
    } catch (err) {
      log(`✗ PostgreSQL: ${err.message}`);
    }
  } else {
    log(`· PostgreSQL: not started from ${candidates[0]}`);
  }
  const redisDir = path.join(config.dataDir, 'redis');
  await stopByPidFile('Redis', path.join(redisDir, 'redis.pid'), 'redis-server', log);
  const natsDir = path.join(config.dataDir, 'nats');
  await stopByPidFile('NATS', path.join(natsDir, 'nats.pid'), natsDir, log);
}

// ---------------------------------------------------------------------------------------------
// Command line

async function main(argv) {
  const cmd = argv[0] || 'up';
  if (cmd === 'up' || cmd === 'ensure') {
    const r = await ensureInfrastructure();
    if (!r.ok) {
      console.log('\nPostgreSQL, Redis and NATS are needed; fix the ✗ lines above and run again.');
      process.exitCode = 1;
    }
  } else if (cmd === 'status') {
    const r = await ensureInfrastructure({ start: false });
    process.exitCode = r.ok ? 0 : 1;
  } else if (cmd === 'down' || cmd === 'stop') {
    await stopLocalInfrastructure();
  } else {
    console.error('usage: node scripts/infra.mjs [up|status|down]');
    process.exitCode = 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
