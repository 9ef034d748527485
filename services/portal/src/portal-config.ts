import { z } from 'zod';
import { rateLimitSettingsFromEnv, RateLimitSettings } from '@vaikuta/http';
import { DEFAULT_REDIS_URL } from '@vaikuta/redis';

const env = z.object({
  PORT: z.coerce.number().int().positive().default(8080),
  FEEDBACK_URL: z.url().default('http://127.0.0.1:3001'),
  NOTIFICATIONS_URL: z.url().default('http://127.0.0.1:3005'),
  /** Sets the Secure flag on cookies; on by default in production (behind TLS). */
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  AUTH_DEV_ISSUER: z.enum(['true', 'false']).default('false'),
  /** TLS ends at a proxy in front of the portal: only then is Strict-Transport-Security sent. */
  TLS_TERMINATED_IN_FRONT: z.enum(['true', 'false']).default('false'),
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

export interface PortalConfig {
  port: number;
  feedbackUrl: string;
  notificationsUrl: string;
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

export function loadPortalConfig(source: NodeJS.ProcessEnv = process.env, overrides: Partial<PortalConfig> = {}): PortalConfig {
  const parsed = env.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid portal configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    feedbackUrl: e.FEEDBACK_URL.replace(/\/$/, ''),
    notificationsUrl: e.NOTIFICATIONS_URL.replace(/\/$/, ''),
    cookieSecure: e.COOKIE_SECURE ? e.COOKIE_SECURE === 'true' : source.NODE_ENV === 'production',
    devLogin: e.AUTH_DEV_ISSUER === 'true' && source.NODE_ENV !== 'production',
    tlsTerminatedInFront: e.TLS_TERMINATED_IN_FRONT === 'true',
    redisUrl: e.REDIS_URL,
    rateLimits: rateLimitSettingsFromEnv(source, 'portal:'),
    map: { tileUrl: e.MAP_TILE_URL, attribution: e.MAP_TILE_ATTRIBUTION, start: mapStart(e.MAP_START) },
    ...overrides,
  };
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
