import { z } from 'zod';
import { authEnvironment, authEnvShape, type AuthEnvironment } from '@vaikuta/auth';
import { httpEnvShape, httpSettings, rateLimitSettingsFromEnv, RateLimitSettings, type HttpSettings } from '@vaikuta/http';
import { loggingEnvShape, loggingSettings, tracingEnvShape, tracingSettings, type LoggingSettings, type TracingSettings } from '@vaikuta/observability';
import { DEFAULT_REDIS_URL } from '@vaikuta/redis';
import { readServiceRegistry, serviceUrl } from './gateway/service-registry';

const env = z.object({
  // LOG_*, OTEL_*, HOST, TRUST_PROXY, TLS_TERMINATED_IN_FRONT and AUTH_*: the libraries read no environment.
  ...loggingEnvShape,
  ...tracingEnvShape,
  ...httpEnvShape,
  ...authEnvShape,
  PORT: z.coerce.number().int().positive().default(8080),
  /** The service registry (deploy/services.json); each service's `<NAME>_URL` overrides its address. */
  VAIKUTA_SERVICES_FILE: z.string().optional(),
  /** Sets the Secure flag on cookies; on by default in production (behind TLS). */
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  /** Also the demo login (/login); only the exact words, as before. */
  AUTH_DEV_ISSUER: z.enum(['true', 'false']).default('false'),
  /** Sign-in attempt counters, shared by every replica (docs/adr/0007). */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'expected redis:// or rediss://').default(DEFAULT_REDIS_URL),
  /**
   * Map tiles for the report form's map ({z}/{x}/{y}); empty for none (tests, offline demos:
   * the map then shows the district outlines and the pin on a plain background).
   */
  MAP_TILE_URL: z
    .string()
    .refine((v) => v === '' || /^https?:\/\/[^\s"']+$/.test(v), 'an http(s) URL template with {z}/{x}/{y}, or empty')
    .default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  MAP_TILE_ATTRIBUTION: z.string().max(300).default('© OpenStreetMap contributors'),
  /** Where the map opens before a pin is placed: "lat,lon,zoom". */
  MAP_START: z
    .string()
    .regex(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?,\d{1,2}$/, '"lat,lon,zoom"')
    .default('60.1699,24.9384,12'),
});

/** A service behind the portal, from the registry: its API is proxied at /api/<name>. */
export interface PortalService {
  name: string;
  /** Base URL, no trailing slash. */
  url: string;
  /** Public paths proxied to it unchanged (feedback's /open311/v2). */
  proxy: string[];
}

export interface PortalConfig {
  port: number;
  /** HOST (default 0.0.0.0) and TRUST_PROXY (default loopback): who may name the client. */
  host: string;
  trustProxy: HttpSettings['trustProxy'];
  logging: LoggingSettings;
  /**
   * OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_TRACES_SAMPLER_ARG: a page's trace starts here and
   * continues in the services it calls (docs/adr/0017).
   */
  tracing: TracingSettings;
  /** The AUTH_* variables, for the portal's JwtVerifier. */
  auth: AuthEnvironment;
  /** Every registered service but the portal, in the registry's order. */
  services: PortalService[];
  cookieSecure: boolean;
  /** The demo login (/login) signs people in with development tokens. */
  devLogin: boolean;
  /** HSTS and upgrade-insecure-requests on the pages (TLS_TERMINATED_IN_FRONT). */
  tlsTerminatedInFront: boolean;
  redisUrl: string;
  /** The `login` class limits /login (RATE_LIMIT_LOGIN_PER_ADDRESS; see libs/http/src/rate-limit). */
  rateLimits: RateLimitSettings;
  /** The report form's map: tile URL template ('' = no tiles), attribution, start view. */
  map: { tileUrl: string; attribution: string; start: { lat: number; lon: number; zoom: number } };
}

export const PORTAL_CONFIG = Symbol('PORTAL_CONFIG');

/**
 * Overrides for tests: any config field, and `<name>Url` for a registered service's address
 * (`feedbackUrl`, `initiativesUrl`), so a test points the portal at services on ephemeral ports.
 */
export type PortalConfigOverrides = Partial<PortalConfig> & { [serviceUrl: `${string}Url`]: string | undefined };

/** Invalid configuration: one line per bad variable, `Invalid portal configuration: TRUST_PROXY: ...`. */
export class PortalConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.map((problem) => `Invalid portal configuration: ${problem}`).join('\n'));
    this.name = 'PortalConfigError';
  }
}

export function loadPortalConfig(source: NodeJS.ProcessEnv = process.env, overrides: PortalConfigOverrides = {}): PortalConfig {
  const parsed = env.safeParse(source);
  if (!parsed.success) throw new PortalConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const e = parsed.data;
  const http = httpSettings(e);
  const { services: servicesOverride, ...fields } = overrides;
  const serviceUrlOverride = (name: string) => (overrides as Record<string, string | undefined>)[`${camel(name)}Url`];
  const registered = servicesOverride ? [] : readServiceRegistry(e.VAIKUTA_SERVICES_FILE);
  // A service's `<name>Url` override is its address, not a config field of its own.
  for (const s of registered) delete (fields as Record<string, unknown>)[`${camel(s.name)}Url`];
  const services =
    servicesOverride ??
    registered.map((s) => ({ name: s.name, url: (serviceUrlOverride(s.name) ?? serviceUrl(s, source)).replace(/\/$/, ''), proxy: s.proxy }));
  return {
    port: e.PORT,
    host: http.host,
    trustProxy: http.trustProxy,
    logging: loggingSettings(e),
    tracing: tracingSettings(e),
    auth: authEnvironment(e),
    services,
    cookieSecure: e.COOKIE_SECURE ? e.COOKIE_SECURE === 'true' : source.NODE_ENV === 'production',
    devLogin: e.AUTH_DEV_ISSUER === 'true' && source.NODE_ENV !== 'production',
    tlsTerminatedInFront: http.tlsTerminatedInFront,
    redisUrl: e.REDIS_URL,
    rateLimits: rateLimitSettingsFromEnv(source, 'portal:'),
    map: { tileUrl: e.MAP_TILE_URL, attribution: e.MAP_TILE_ATTRIBUTION, start: mapStart(e.MAP_START) },
    ...fields,
  };
}

const camel = (name: string) => name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** A registered service's base URL; undefined when the registry has no such service. */
export function serviceBaseUrl(config: Pick<PortalConfig, 'services'>, name: string): string | undefined {
  return config.services.find((s) => s.name === name)?.url;
}

function mapStart(value: string): { lat: number; lon: number; zoom: number } {
  const [lat, lon, zoom] = value.split(',').map(Number);
  return { lat, lon, zoom };
}

/** The origin the map's tiles come from, for the pages' Content-Security-Policy (img-src). */
export function mapTileOrigin(config: Pick<PortalConfig, 'map'>): string | undefined {
  if (!config.map.tileUrl) return undefined;
  try {
    // A {s} subdomain template becomes a wildcard; the placeholders are not part of the origin.
    const url = new URL(config.map.tileUrl.replace(/\{s\}/g, 'tile-subdomain'));
    return `${url.protocol}//${url.host.replace('tile-subdomain', '*')}`;
  } catch {
    return undefined;
  }
}
