import path from 'node:path';
import { z } from 'zod';
import { BaseServiceConfig, loadServiceConfig, portVariable, serviceEnvSchema } from '@vaikuta/service-kit';
import { CityBounds, cityBoundsFromEnv } from './domain/city-bounds';

const env = serviceEnvSchema({
  PORT: portVariable(3001),
  PHOTO_STORAGE_DIR: z.string().optional(),
  /** Where residents follow their request: the portal's tracking page. */
  PORTAL_URL: z.url().default('http://localhost:8080'),
  /** This service's own public address, for Open311 media URLs and paging links. */
  PUBLIC_URL: z.url().default('http://localhost:3001'),
  TRACKING_PREFIX: z.string().regex(/^[A-Z]{2,6}$/, 'must be 2 to 6 capital letters').default('VKT'),
  OPEN311_JURISDICTION: z.string().default('vaikuta.local'),
  /** The key `seed-demo` gives the demo Open311 client. */
  OPEN311_DEMO_API_KEY: z.string().min(1).default('demo-key'),
  /** "south,west,north,east" in WGS84; the default box covers Helsinki. */
  CITY_BOUNDS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      try {
        return cityBoundsFromEnv(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^CITY_BOUNDS /, '') });
        return z.NEVER;
      }
    }),
  /** The address search behind the report form's map (services/feedback/src/geocoding). */
  GEOCODER_PROVIDER: z.enum(['nominatim', 'none']).default('nominatim'),
  /** A Nominatim-compatible service; `npm start` runs scripts/geocoder-stub.mjs here. */
  GEOCODER_URL: z.url().default('http://127.0.0.1:1082'),
  GEOCODER_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3000),
});

export interface FeedbackConfig extends BaseServiceConfig {
  port: number;
  photoDir: string;
  portalUrl: string;
  publicUrl: string;
  trackingPrefix: string;
  jurisdiction: string;
  open311DemoApiKey: string;
  cityBounds: CityBounds;
  geocoder: { provider: 'nominatim' | 'none'; url: string; timeoutMs: number };
}

export const FEEDBACK_CONFIG = Symbol('FEEDBACK_CONFIG');

/** Reads and checks the environment once at start-up; a bad value stops the service, one line per variable. */
export function loadFeedbackConfig(source: NodeJS.ProcessEnv = process.env, overrides: Partial<FeedbackConfig> = {}): FeedbackConfig {
  const { env: e, ...base } = loadServiceConfig('feedback', env, source);
  return {
    ...base,
    port: e.PORT,
    photoDir: e.PHOTO_STORAGE_DIR ?? path.resolve(process.cwd(), '.vaikuta/photos'),
    portalUrl: e.PORTAL_URL.replace(/\/$/, ''),
    publicUrl: e.PUBLIC_URL.replace(/\/$/, ''),
    trackingPrefix: e.TRACKING_PREFIX,
    jurisdiction: e.OPEN311_JURISDICTION,
    open311DemoApiKey: e.OPEN311_DEMO_API_KEY,
    cityBounds: e.CITY_BOUNDS,
    geocoder: { provider: e.GEOCODER_PROVIDER, url: e.GEOCODER_URL.replace(/\/$/, ''), timeoutMs: e.GEOCODER_TIMEOUT_MS },
    ...overrides,
  };
}
