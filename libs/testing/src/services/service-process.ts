import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { issueDevToken } from '@vaikuta/auth';
import type { EventDefinition } from '@vaikuta/contracts';
import { createTestDatabase, TestDatabase } from '@vaikuta/persistence';
import { StreamReader } from '../stream-reader';
import { testNamespace } from '../test-namespace';
import { waitFor } from '../wait-for';
import { REPO_ROOT, registeredService, sourceOf, testSeedOf } from './service-registry';

/** `node -r <this>` runs TypeScript from source (swc, the workspace's .swcrc). */
export const TS_REGISTER = path.join(__dirname, 'ts-register.js');

export interface ServiceProcessOptions {
  /** Names the database and, unless `namespace` is given, the NATS namespace. */
  label: string;
  /** Shared by services wired by events: each reads the others' streams in it. */
  namespace?: string;
  /** Shared by services that must accept each other's (and the test's) dev tokens. */
  keysDir?: string;
  /** Port to listen on (e.g. one reserved with `freePort()` before its address was needed). */
  port?: number;
  /** Extra environment, over deploy/services.json's `env`; a function gets the service's scratch folder. */
  env?: Record<string, string> | ((scratchDir: string) => Record<string, string>);
  /** How long to wait for /health/ready (ms). */
  readyTimeoutMs?: number;
}

/** A service running from its own main.ts in a child process, on real PostgreSQL, NATS and Redis. */
export interface ServiceProcess {
  name: string;
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  namespace: string;
  /** The service's own stream, `<NS>_<NAME>`. */
  stream: string;
  keysDir: string;
  /** A folder for the service's files (photos, …), removed on close. */
  scratchDir: string;
  db: TestDatabase;
  /** A plain connection to the service's database, for a test's own queries. */
  dataSource: DataSource;
  reader: StreamReader;
  http(): ReturnType<typeof request>;
  /** A dev token the service (and every service sharing `keysDir`) accepts. */
  token(role: string, departments?: string[], sub?: string, name?: string): Promise<string>;
  /** Publishes a catalogue event onto the namespace's stream, as a producer's relay would; returns its id. */
  publish(definition: EventDefinition, data: unknown, id?: string): Promise<string>;
  /** The last lines the process wrote (stdout and stderr), for a failing test's message. */
  output(): string;
  close(): Promise<void>;
}

/** A port free at the moment of asking: for a service whose address others must know before it starts. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const OUTPUT_LIMIT = 64 * 1024;

/**
 * Starts a service listed in deploy/services.json from its TypeScript main, as `npm start`
 * runs the built one: its own database (migrated by the service on start) and NATS
 * namespace, dev tokens from a keys folder, request limits off. Resolves once
 * /health/ready answers 200 and the service's test seed (if any) has run.
 */
export async function startServiceProcess(name: string, options: ServiceProcessOptions): Promise<ServiceProcess> {
  const entry = registeredService(name);
  const db = await createTestDatabase(`${name}_${options.label}`);
  const namespace = options.namespace ?? testNamespace(options.label);
  const ownNamespace = !options.namespace;
  const keysDir = options.keysDir ?? (await mkdtemp(path.join(os.tmpdir(), 'vaikuta-keys-')));
  const ownKeys = !options.keysDir;
  const scratchDir = await mkdtemp(path.join(os.tmpdir(), `vaikuta-${name}-`));
  const port = options.port ?? (await freePort());
  const extra = typeof options.env === 'function' ? options.env(scratchDir) : (options.env ?? {});
  const env: NodeJS.ProcessEnv = {
    // Every test talks from one address: limits are off unless a test turns them on
    // (RATE_LIMITS=on in its environment or in `env`).
    RATE_LIMITS: 'off',
    ...process.env,
    NODE_ENV: 'test',
    ...entry.env,
    PORT: String(port),
    DATABASE_URL: db.url,
    NATS_NAMESPACE: namespace,
    AUTH_DEV_ISSUER: 'true',
    AUTH_DEV_KEYS_DIR: keysDir,
    ...extra,
  };

  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
  };
  const run = (script: string, args: string[] = []) => {
    const child = spawn(process.execPath, [...(entry.nodeArgs ?? []), '-r', TS_REGISTER, script, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    return child;
  };
  const exited = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

  const child = run(sourceOf(entry.main));
  let stopping = false;
  const died = exited(child).then((code) => {
    if (!stopping) output += `\n[${name} exited with code ${code}]`;
    return code;
  });
  const url = `http://127.0.0.1:${port}`;
  const reader = await StreamReader.open(env.NATS_URL);
  let dataSource: DataSource | undefined;

  const cleanUp = async () => {
    stopping = true;
    if (child.exitCode === null && !child.signalCode) {
      child.kill('SIGTERM');
      // A service that does not shut down within 10 s would hang the test file's end.
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await died;
      clearTimeout(timer);
    }
    await dataSource?.destroy();
    if (ownNamespace) await reader.deleteNamespace(namespace);
    await reader.close();
    await db.drop();
    if (ownKeys) await rm(keysDir, { recursive: true, force: true });
    await rm(scratchDir, { recursive: true, force: true });
  };

  try {
    const state = await waitFor(
      async () => {
        if (child.exitCode !== null || child.signalCode) return 'stopped';
        return (await fetch(`${url}/health/ready`)).status === 200 && 'ready';
      },
      { what: `${name} to answer on ${url}/health/ready`, timeoutMs: options.readyTimeoutMs ?? 90_000, intervalMs: 100 },
    );
    if (state === 'stopped') throw new Error(`${name} stopped before it was ready`);
    const seedScript = testSeedOf(name);
    if (seedScript) {
      const code = await exited(run(seedScript));
      if (code !== 0) throw new Error(`${path.relative(REPO_ROOT, seedScript)} failed with code ${code}`);
    }
    dataSource = await new DataSource({ type: 'postgres', url: db.url, extra: { max: 2 } }).initialize();
  } catch (error) {
    await cleanUp();
    throw new Error(`${(error as Error).message}\n--- ${name} output ---\n${output.slice(-8000)}`);
  }

  return {
    name,
    url,
    port,
    namespace,
    stream: `${namespace.toUpperCase()}_${name.toUpperCase()}`,
    keysDir,
    scratchDir,
    db,
    dataSource,
    reader,
    http: () => request(url),
    token: (role, departments = [], sub = `test-${role}`, displayName) =>
      issueDevToken({ sub, roles: [role as never], departments, ...(displayName ? { name: displayName } : {}) }, { keysDir }),
    publish: (definition, data, id = randomUUID()) => publishTestEvent(reader, namespace, definition, data, id),
    output: () => output,
    close: cleanUp,
  };
}

/**
 * Publishes a catalogue event (a CloudEvents envelope, as libs/messaging's relay writes it)
 * on `<namespace>.<subject>`, deduplicated by its id. Resolves with the id.
 */
export async function publishTestEvent(reader: StreamReader, namespace: string, definition: EventDefinition, data: unknown, id: string = randomUUID()): Promise<string> {
  const envelope = {
    specversion: '1.0',
    id,
    source: 'vaikuta/test',
    type: definition.type,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data,
  };
  await reader.publishRaw(`${namespace}.${definition.subject}`, JSON.stringify(envelope), id);
  return id;
}

/** Waits until an event of `type` matching `where` lands in `stream`, and returns it. */
export async function waitForStreamEvent(
  reader: StreamReader,
  stream: string,
  type: string,
  where: (data: any) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<{ subject: string; event: { id: string; type: string; data: any } }> {
  return waitFor(async () => (await reader.events(stream).catch(() => [])).find((e) => e.event.type === type && where(e.event.data)), {
    what: `a ${type} event in ${stream}`,
    timeoutMs,
  });
}
