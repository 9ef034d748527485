import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * One service as deploy/services.json lists it, with the fields the portal reads. The same file
 * drives `npm start`; other fields (main, cli, needs, links) are for it and are ignored here.
 */
const registeredService = z.looseObject({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a lower-case service name'),
  port: z.number().int().positive(),
  /**
   * Extra public paths the portal proxies to the service as they are (e.g. feedback's Open311
   * API at /open311/v2), besides its API at /api/<name>.
   */
  proxy: z.array(z.string().regex(/^\/[a-z0-9/._-]+$/)).default([]),
});
const registry = z.array(registeredService);
export type RegisteredService = z.infer<typeof registeredService>;

/**
 * deploy/services.json of the nearest folder above this file that has one: the repository root
 * from the sources, and also from dist/ (dist/services/portal/… sits one level deeper, so a
 * fixed relative path found dist/deploy/services.json, which does not exist, and the built
 * portal did not start).
 */
export function findRegistryFile(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'deploy', 'services.json');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.resolve(from, '../../../../deploy/services.json');
  }
}

export const DEFAULT_REGISTRY_FILE = findRegistryFile();

/** The services behind the portal: every registered one but the portal itself. */
export function readServiceRegistry(file: string = DEFAULT_REGISTRY_FILE): RegisteredService[] {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the service registry ${file}: ${(error as Error).message}`);
  }
  const parsed = registry.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid service registry ${file}: ${problems}`);
  }
  return parsed.data.filter((s) => s.name !== 'portal');
}

/** `<NAME>_URL`: the environment variable that overrides a service's address. */
export const urlVariable = (name: string) => `${name.toUpperCase().replace(/-/g, '_')}_URL`;

/** A service's base URL: `<NAME>_URL` if set, else its registered port on this host. */
export function serviceUrl(service: RegisteredService, env: NodeJS.ProcessEnv): string {
  const variable = urlVariable(service.name);
  const value = env[variable];
  if (value === undefined || value === '') return `http://127.0.0.1:${service.port}`;
  if (!z.url({ protocol: /^https?$/ }).safeParse(value).success) throw new Error(`Invalid portal configuration: ${variable}: expected an http(s) URL`);
  return value.replace(/\/$/, '');
}
