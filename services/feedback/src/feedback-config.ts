import { z } from 'zod';
import { databaseUrlFor } from '@vaikuta/persistence';
import { rateLimitSettingsFromEnv, RateLimitSettings } from '@vaikuta/http';
import { DEFAULT_REDIS_URL } from '@vaikuta/redis';
import { CityBounds, cityBoundsFromEnv } from './domain/city-bounds';
import path from 'node:path';

const env = z.object({
  PORT: z.coerce.number().int().positive().default(3001),
  DATABASE_URL: z.string().optional(),
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  NATS_NAMESPACE: z.string().default(''),
  /** Rate-limit counters and idempotency records, shared by every replica (docs/adr/0007). */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'expected redis:// or rediss://').default(DEFAULT_REDIS_URL),
  PHOTO_STORAGE_DIR: z.string().optional(),
  /** Where residents follow their request: the portal's tracking page. */
  PORTAL_URL: z.url().default('http://localhost:8080'),
  /** This service's own public address, for Open311 media URLs and paging links. */
  PUBLIC_URL: z.url().default('http://localhost:3001'),
  TRACKING_PREFIX: z.string().regex(/^[A-Z]{2,6}$/).default('VKT'),
  OPEN311_JURISDICTION: z.string().default('vaikuta.local'),
  DB_MIGRATE_ON_START: z.enum(['true', 'false']).default('true'),
  /** The address search behind the report form's map (services/feedback/src/geocoding). */
  GEOCODER_PROVIDER: z.enum(['nominatim', 'none']).default('nominatim'),
  /** A Nominatim-compatible service; `npm start` runs scripts/geocoder-stub.mjs here. */
  GEOCODER_URL: z.url().default('http://127.0.0.1:1082'),
  GEOCODER_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3000),
});

export interface FeedbackConfig {
  port: number;
  databaseUrl: string;
  natsUrl: string;
  natsNamespace: string;
  redisUrl: string;
  /** Limits per route class (RATE_LIMIT_* variables, see libs/http/src/rate-limit). */
  rateLimits: RateLimitSettings;
  /** Prefix of this service's idempotency records in Redis. */
  idempotencyKeyPrefix: string;
  photoDir: string;
  portalUrl: string;
  publicUrl: string;
  trackingPrefix: string;
  jurisdiction: string;
  cityBounds: CityBounds;
  migrateOnStart: boolean;
  geocoder: { provider: 'nominatim' | 'none'; url: string; timeoutMs: number };
}

export const FEEDBACK_CONFIG = Symbol('FEEDBACK_CONFIG');

const redisScope = (namespace: string) => (namespace ? `feedback:${namespace}:` : 'feedback:');

/** Reads and checks the environment once at start-up; a bad value stops the service with its name. */
export function loadFeedbackConfig(source: NodeJS.ProcessEnv = process.env, overrides: Partial<FeedbackConfig> = {}): FeedbackConfig {
  const parsed = env.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid feedback service configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    databaseUrl: databaseUrlFor('feedback', source),
    natsUrl: e.NATS_URL,
    natsNamespace: e.NATS_NAMESPACE,
    redisUrl: e.REDIS_URL,
    // A test's NATS namespace keeps its counters and records apart from other test files'.
    rateLimits: rateLimitSettingsFromEnv(source, redisScope(e.NATS_NAMESPACE)),
    idempotencyKeyPrefix: redisScope(e.NATS_NAMESPACE),
    photoDir: e.PHOTO_STORAGE_DIR ?? path.resolve(process.cwd(), '.vaikuta/photos'),
    portalUrl: e.PORTAL_URL.replace(/\/$/, ''),
    publicUrl: e.PUBLIC_URL.replace(/\/$/, ''),
    trackingPrefix: e.TRACKING_PREFIX,
    jurisdiction: e.OPEN311_JURISDICTION,
    cityBounds: cityBoundsFromEnv(source.CITY_BOUNDS),
    migrateOnStart: e.DB_MIGRATE_ON_START === 'true',
    geocoder: { provider: e.GEOCODER_PROVIDER, url: e.GEOCODER_URL.replace(/\/$/, ''), timeoutMs: e.GEOCODER_TIMEOUT_MS },
    ...overrides,
  };
}
