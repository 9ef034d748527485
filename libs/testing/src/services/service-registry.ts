import fs from 'node:fs';
import path from 'node:path';

/** The repository root: libs/testing/src/services → four levels up. */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** One service as deploy/services.json lists it (the fields the test harness reads). */
export interface RegisteredService {
  name: string;
  port: number;
  /** The built entry point, e.g. `dist/services/feedback/src/main.js`. */
  main: string;
  cli?: string;
  /** Node options the service runs with (e.g. a larger young generation). */
  nodeArgs?: string[];
  database?: string;
  env?: Record<string, string>;
  /** Public paths the portal forwards to the service as they are (besides /api/<name>). */
  proxy?: string[];
}

/** Every service deploy/services.json lists, read afresh (the registry is small). */
export function registeredServices(): RegisteredService[] {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'deploy/services.json'), 'utf8')) as RegisteredService[];
}

export function registeredService(name: string): RegisteredService {
  const service = registeredServices().find((s) => s.name === name);
  if (!service) throw new Error(`deploy/services.json lists no service "${name}"`);
  return service;
}

/**
 * `services/<name>/test/test-seed.ts` when the service has one: a script the harness runs once
 * the service answers, with its environment, filling in what its tests assume (feedback's
 * demo catalogue). Run as a process, so a test of another service never imports it.
 */
export function testSeedOf(name: string): string | undefined {
  const seed = path.join(REPO_ROOT, 'services', name, 'test', 'test-seed.ts');
  return fs.existsSync(seed) ? seed : undefined;
}

/** The TypeScript source of a built file: `dist/services/x/src/main.js` → `<repo>/services/x/src/main.ts`. */
export function sourceOf(built: string): string {
  const source = path.join(REPO_ROOT, built.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
  if (!fs.existsSync(source)) throw new Error(`${built} has no TypeScript source at ${source}`);
  return source;
}
