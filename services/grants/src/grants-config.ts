import path from 'node:path';
import { z } from 'zod';
import { DEV_EVENT_SEAL_KEY } from '@vaikuta/messaging';
import { BaseServiceConfig, loadServiceConfig, portVariable, ServiceConfigError, serviceEnvSchema } from '@vaikuta/service-kit';

const env = serviceEnvSchema({
  PORT: portVariable(3004),
  PORTAL_URL: z.url().default('http://localhost:8080'),
  /** Where uploaded files (application attachments) are kept on local disk. */
  FILE_STORAGE_DIR: z.string().optional(),
  /** The lock provider's API base (…/lock/v1) for door codes; `npm start` runs scripts/lock-stub.mjs. */
  LOCK_API_URL: z.url().default('http://127.0.0.1:1086/lock/v1'),
  /** Sent as X-Api-Key to the lock provider when set. */
  LOCK_API_KEY: z.string().min(1).optional(),
  /** A door code opens the door this many minutes before the booking begins … */
  LOCK_CODE_LEAD_MINUTES: z.coerce.number().int().min(0).max(240).default(15),
  /** … and until this many minutes after it ends. */
  LOCK_CODE_TRAIL_MINUTES: z.coerce.number().int().min(0).max(240).default(15),
  /** Where subscribers reach this service's calendar feeds (behind a proxy: the public address). */
  CALENDAR_FEED_URL: z.url().default('http://localhost:3004'),
  /**
   * A week of a season series gets its door code this many hours before it begins (a code for
   * each week, each sent in time; not a season's worth at once, nor codes for weeks that may
   * yet be cancelled). A single booking gets its code when confirmed.
   */
  LOCK_CODE_SERIES_NOTICE_HOURS: z.coerce.number().int().min(1).max(24 * 14).default(48),
  LOCK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /**
   * Seals the door code in access_code_issued for the notification service (the same value
   * there), so the booker's email carries the code while the stream holds only ciphertext.
   */
  EVENT_SEAL_KEY: z.string().min(32, 'at least 32 characters').optional(),
});

export interface GrantsConfig extends BaseServiceConfig {
  port: number;
  portalUrl: string;
  fileDir: string;
  /** The door-code lock provider (services/grants/src/door-access). */
  lock: { apiUrl: string; apiKey?: string; leadMinutes: number; trailMinutes: number; timeoutMs: number; seriesNoticeHours: number };
  /** Base of the personal calendar feed's address (services/grants/src/calendars). */
  calendarFeedUrl: string;
  /** EVENT_SEAL_KEY (libs/messaging EventSeal). */
  eventSealKey: string;
}

export const GRANTS_CONFIG = Symbol('GRANTS_CONFIG');

/** Reads and checks the environment once at start-up; a bad value stops the service, one line per variable. */
export function loadGrantsConfig(source: NodeJS.ProcessEnv = process.env, overrides: Partial<GrantsConfig> = {}): GrantsConfig {
  const { env: e, ...base } = loadServiceConfig('grants', env, source);
  // The development key is in the source code: anyone could open the door codes with it.
  if (!e.EVENT_SEAL_KEY && e.NODE_ENV === 'production') throw ServiceConfigError.variable('grants', 'EVENT_SEAL_KEY', 'is required in production');
  return {
    ...base,
    port: e.PORT,
    portalUrl: e.PORTAL_URL.replace(/\/$/, ''),
    fileDir: e.FILE_STORAGE_DIR ?? path.resolve(process.cwd(), '.vaikuta/grants-files'),
    lock: {
      apiUrl: e.LOCK_API_URL.replace(/\/$/, ''),
      apiKey: e.LOCK_API_KEY,
      leadMinutes: e.LOCK_CODE_LEAD_MINUTES,
      trailMinutes: e.LOCK_CODE_TRAIL_MINUTES,
      timeoutMs: e.LOCK_TIMEOUT_MS,
      seriesNoticeHours: e.LOCK_CODE_SERIES_NOTICE_HOURS,
    },
    calendarFeedUrl: e.CALENDAR_FEED_URL.replace(/\/$/, ''),
    eventSealKey: e.EVENT_SEAL_KEY ?? DEV_EVENT_SEAL_KEY,
    ...overrides,
  };
}
