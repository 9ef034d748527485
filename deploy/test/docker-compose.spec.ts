/**
 * docker-compose.yml runs the whole platform on one machine with stand-ins for what a city
 * connects to. Without a Docker engine in CI, these checks read the file: every registered
 * service is there with its port and entry points, every address a service is given names a
 * compose service listening on that port (or a port published to the browser), and every
 * container has an image that exists or is built.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const repoRoot = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

type ComposeService = {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  depends_on?: Record<string, unknown> | string[];
};
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
const registry = JSON.parse(read('deploy/services.json')) as { name: string; port: number; main: string; cli?: string; database?: string }[];
const services = compose.services;
const env = (name: string) => Object.fromEntries(Object.entries(services[name]?.environment ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]));
const commandOf = (s: ComposeService) => (Array.isArray(s.command) ? s.command : (s.command ?? '').split(/\s+/).filter(Boolean));

/** Addresses a resident's browser opens (links in emails, the calendar feed, map tiles): not compose names. */
const browserFacing = ['PUBLIC_URL', 'PORTAL_URL', 'CALENDAR_FEED_URL', 'MAP_TILE_URL'];

/** The ports the infrastructure images listen on. */
const imagePorts: [RegExp, number[]][] = [
  [/^postgres:/, [5432]],
  [/^redis:/, [6379]],
  [/^nats:/, [4222, 8222]],
  [/^maildev\/maildev:/, [1025, 1080]],
];

/** The ports a compose service listens on inside the network. */
function listeningPorts(name: string): number[] {
  const service = services[name];
  const vaikuta = env(name).PORT;
  if (vaikuta) return [Number(vaikuta)];
  const script = commandOf(service).find((word) => /^scripts\/[\w-]+\.mjs$/.test(word));
  if (script) {
    // A stand-in listens on VAIKUTA_<X>_PORT, or on the default its script names.
    return [...read(script).matchAll(/process\.env\.(VAIKUTA_\w+_PORT) \|\| (\d+)/g)].map(([, variable, fallback]) => Number(env(name)[variable] || fallback));
  }
  return imagePorts.find(([image]) => image.test(service.image ?? ''))?.[1] ?? [];
}

const publishedPorts = () =>
  Object.values(services).flatMap((s) => (s.ports ?? []).map((p) => String(p).split(':')).filter((parts) => parts[0] === '127.0.0.1').map((parts) => Number(parts[1])));

describe('docker-compose.yml', () => {
  it('runs every service of deploy/services.json with its port and entry points', () => {
    for (const service of registry) {
      expect([service.name, Object.keys(services).includes(service.name)]).toEqual([service.name, true]);
      const e = env(service.name);
      expect(e.PORT).toBe(String(service.port));
      expect(e.MAIN).toBe(service.main);
      expect(e.CLI).toBe(service.cli ?? '');
      expect(services[service.name].ports).toContain(`127.0.0.1:${service.port}:${service.port}`);
      if (service.database) expect(new URL(e.DATABASE_URL).pathname).toBe(`/${service.database}`);
    }
  });

  it('gives every service the addresses of the systems it talks to, as read by its configuration', () => {
    const unset: string[] = [];
    for (const service of registry) {
      const needs = new Set(['NATS_URL', 'REDIS_URL']);
      if (service.database) needs.add('DATABASE_URL');
      if (service.name === 'portal') for (const other of registry.filter((s) => s.name !== 'portal')) needs.add(`${other.name.toUpperCase()}_URL`);
      let config = '';
      try {
        config = read(`services/${service.name}/src/${service.name}-config.ts`);
      } catch {
        // no configuration file of its own
      }
      for (const [name] of config.matchAll(/\b[A-Z][A-Z0-9_]*_URL\b/g)) if (!name.startsWith('DEFAULT_') && !browserFacing.includes(name)) needs.add(name);
      for (const name of needs) if (!env(service.name)[name]) unset.push(`${service.name}: ${name}`);
    }
    expect(unset).toEqual([]);
  });

  it('points every address at a compose service listening on that port, or at a port published to the browser', () => {
    const wrong: string[] = [];
    for (const name of Object.keys(services)) {
      for (const [variable, value] of Object.entries(env(name))) {
        if (!/_URL$|_ENDPOINT$/.test(variable) || !/^[a-z]+:\/\//.test(value)) continue;
        const url = new URL(value);
        const port = Number(url.port) || { http: 80, https: 443, smtp: 25 }[url.protocol.slice(0, -1)] || 0;
        if (['localhost', '127.0.0.1'].includes(url.hostname)) {
          if (!browserFacing.includes(variable) || !publishedPorts().includes(port)) wrong.push(`${name} ${variable}=${value}: localhost is the container itself`);
        } else if (!services[url.hostname]) {
          wrong.push(`${name} ${variable}=${value}: no compose service ${url.hostname}`);
        } else if (!listeningPorts(url.hostname).includes(port)) {
          wrong.push(`${name} ${variable}=${value}: ${url.hostname} listens on ${listeningPorts(url.hostname).join(', ') || 'no known port'}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('depends only on services it defines', () => {
    const unknown = Object.entries(services).flatMap(([name, s]) => {
      const deps = Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {});
      return deps.filter((d) => !services[d]).map((d) => `${name} → ${d}`);
    });
    expect(unknown).toEqual([]);
  });

  it('gives every container an image that is pulled or built here', () => {
    const built = new Set(Object.values(services).filter((s) => s.build).map((s) => s.image));
    const problems = Object.entries(services).flatMap(([name, s]) => {
      if (!s.image && !s.build) return [`${name}: neither image nor build`];
      if (s.image && !s.build && s.image.startsWith('vaikuta:') && !built.has(s.image)) return [`${name}: ${s.image} is built by no service`];
      if (s.image && !s.build && !/:[\w][\w.-]*$/.test(s.image)) return [`${name}: ${s.image} has no fixed tag`];
      return [];
    });
    expect(problems).toEqual([]);
  });

  it('runs only stand-in scripts the image carries', () => {
    const dockerfile = read('Dockerfile');
    const scripts = Object.values(services).flatMap((s) => commandOf(s).filter((word) => /^scripts\/[\w-]+\.mjs$/.test(word)));
    expect(scripts.length).toBeGreaterThanOrEqual(5);
    expect(scripts.filter((script) => !dockerfile.includes(`/app/${script}`))).toEqual([]);
  });
});
