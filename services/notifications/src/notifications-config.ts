import { z } from 'zod';
import { databaseUrlFor } from '@vaikuta/persistence';
import { rateLimitSettingsFromEnv, RateLimitSettings } from '@vaikuta/http';
import { DEFAULT_REDIS_URL } from '@vaikuta/redis';

const PARTS = ['consumers', 'delivery', 'reconciler', 'digests'] as const;
const DEV_SECRET = 'vaikuta-dev-notifications-secret-change-me';

const env = z.object({
  PORT: z.coerce.number().int().positive().default(3005),
  DATABASE_URL: z.string().optional(),
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  NATS_NAMESPACE: z.string().default(''),
  /** BullMQ's queues, rate-limit counters and idempotency records (docs/adr/0007). */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'expected redis:// or rediss://').default(DEFAULT_REDIS_URL),
  /** BullMQ key prefix: every test file (and every city sharing one Redis) gets its own. */
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]+$/).default('vaikuta'),
  SMTP_URL: z.string().default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().default('Vaikuta <no-reply@vaikuta.local>'),
  /**
   * An optional mailto: beside the one-click link in List-Unsubscribe, for mail clients that
   * only know mailto. Set it only where the city's mailbox turns such mail into an opt-out:
   * this service does not read mail, and an address that goes nowhere would be a broken promise.
   */
  UNSUBSCRIBE_MAILTO: z.email().optional(),
  SMS_PROVIDER_URL: z.url().optional(),
  SMS_PROVIDER_TOKEN: z.string().optional(),
  SMS_SENDER: z.string().default('Vaikuta'),
  /** Where links in messages point: the portal (tracking pages, preferences). */
  PORTAL_URL: z.url().default('http://localhost:8080'),
  /**
   * The base of unsubscribe links (`<PUBLIC_URL>/notifications/unsubscribe?token=…`). Deployed,
   * it is the portal, whose landing page calls this service; this service's own plain page
   * answers there too when the links point at it directly.
   */
  PUBLIC_URL: z.url().default('http://localhost:3005'),
  /** Signs unsubscribe tokens (HMAC-SHA256). Required in production. */
  NOTIFICATIONS_SECRET: z.string().min(32).optional(),
  EMAIL_RATE_PER_SECOND: z.coerce.number().int().positive().default(1000),
  SMS_RATE_PER_SECOND: z.coerce.number().int().positive().default(20),
  DELIVERY_CONCURRENCY: z.coerce.number().int().positive().default(32),
  SMTP_MAX_CONNECTIONS: z.coerce.number().int().positive().default(16),
  DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).default(8),
  DELIVERY_BACKOFF_MS: z.coerce.number().int().positive().default(5000),
  /** A row pending this long without being sent is enqueued again (lost job, Redis restart). */
  RECONCILE_AFTER_SECONDS: z.coerce.number().positive().default(60),
  RECONCILE_INTERVAL_MS: z.coerce.number().int().positive().default(10_000),
  /** How long one send may hold a row before another worker may take it over. */
  DELIVERY_LEASE_SECONDS: z.coerce.number().positive().default(120),
  CONSUMER_CONCURRENCY: z.coerce.number().int().positive().default(4),
  /** Events planned together in one transaction when a backlog waits (bench/README.md). */
  CONSUMER_BATCH_SIZE: z.coerce.number().int().positive().default(100),
  DIGEST_DAILY_CRON: z.string().default('0 7 * * *'),
  DIGEST_WEEKLY_CRON: z.string().default('0 7 * * 1'),
  DIGEST_TZ: z.string().default('Europe/Helsinki'),
  DB_MIGRATE_ON_START: z.enum(['true', 'false']).default('true'),
  /**
   * The background parts this process runs, comma-separated: consumers, delivery, reconciler,
   * digests. Default all. More delivery processes (`NOTIFICATIONS_PARTS=delivery`) add
   * sending capacity; the HTTP API runs in every process.
   */
  NOTIFICATIONS_PARTS: z
    .string()
    .default('consumers,delivery,reconciler,digests')
    .refine((v) => v.split(',').every((p) => PARTS.includes(p.trim() as never)), `NOTIFICATIONS_PARTS takes ${'consumers, delivery, reconciler, digests'}`),
});

export interface NotificationsConfig {
  port: number;
  databaseUrl: string;
  natsUrl: string;
  natsNamespace: string;
  redisUrl: string;
  /** Limits of signed-in calls (the staff-api class; RATE_LIMIT_* variables, libs/http/src/rate-limit). */
  rateLimits: RateLimitSettings;
  queuePrefix: string;
  smtpUrl: string;
  mailFrom: string;
  unsubscribeMailto?: string;
  smsProviderUrl?: string;
  smsProviderToken?: string;
  smsSender: string;
  portalUrl: string;
  publicUrl: string;
  secret: string;
  emailRatePerSecond: number;
  smsRatePerSecond: number;
  deliveryConcurrency: number;
  smtpMaxConnections: number;
  deliveryAttempts: number;
  deliveryBackoffMs: number;
  reconcileAfterSeconds: number;
  reconcileIntervalMs: number;
  leaseSeconds: number;
  consumerConcurrency: number;
  consumerBatchSize: number;
  digestDailyCron: string;
  digestWeeklyCron: string;
  digestTz: string;
  migrateOnStart: boolean;
  /** The background parts this process runs (NOTIFICATIONS_PARTS); all when absent. */
  parts?: Record<(typeof PARTS)[number], boolean>;
}

export const NOTIFICATIONS_CONFIG = Symbol('NOTIFICATIONS_CONFIG');

/** Reads and checks the environment once at start-up; a bad value stops the service with its name. */
export function loadNotificationsConfig(
  source: NodeJS.ProcessEnv = process.env,
  overrides: Partial<NotificationsConfig> = {},
): NotificationsConfig {
  const parsed = env.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid notifications service configuration: ${problems}`);
  }
  const e = parsed.data;
  if (!e.NOTIFICATIONS_SECRET && source.NODE_ENV === 'production') {
    // Anyone with the repository knows the development secret and could unsubscribe anyone.
    throw new Error('Invalid notifications service configuration: NOTIFICATIONS_SECRET is required in production');
  }
  return {
    port: e.PORT,
    databaseUrl: databaseUrlFor('notifications', source),
    natsUrl: e.NATS_URL,
    natsNamespace: e.NATS_NAMESPACE,
    redisUrl: e.REDIS_URL,
    // A test's NATS namespace keeps its counters apart from other test files'.
    rateLimits: rateLimitSettingsFromEnv(source, e.NATS_NAMESPACE ? `notifications:${e.NATS_NAMESPACE}:` : 'notifications:'),
    queuePrefix: e.QUEUE_PREFIX,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    unsubscribeMailto: e.UNSUBSCRIBE_MAILTO,
    smsProviderUrl: e.SMS_PROVIDER_URL,
    smsProviderToken: e.SMS_PROVIDER_TOKEN,
    smsSender: e.SMS_SENDER,
    portalUrl: e.PORTAL_URL.replace(/\/$/, ''),
    publicUrl: e.PUBLIC_URL.replace(/\/$/, ''),
    secret: e.NOTIFICATIONS_SECRET ?? DEV_SECRET,
    emailRatePerSecond: e.EMAIL_RATE_PER_SECOND,
    smsRatePerSecond: e.SMS_RATE_PER_SECOND,
    deliveryConcurrency: e.DELIVERY_CONCURRENCY,
    smtpMaxConnections: e.SMTP_MAX_CONNECTIONS,
    deliveryAttempts: e.DELIVERY_ATTEMPTS,
    deliveryBackoffMs: e.DELIVERY_BACKOFF_MS,
    reconcileAfterSeconds: e.RECONCILE_AFTER_SECONDS,
    reconcileIntervalMs: e.RECONCILE_INTERVAL_MS,
    leaseSeconds: e.DELIVERY_LEASE_SECONDS,
    consumerConcurrency: e.CONSUMER_CONCURRENCY,
    consumerBatchSize: e.CONSUMER_BATCH_SIZE,
    digestDailyCron: e.DIGEST_DAILY_CRON,
    digestWeeklyCron: e.DIGEST_WEEKLY_CRON,
    digestTz: e.DIGEST_TZ,
    parts: Object.fromEntries(PARTS.map((p) => [p, e.NOTIFICATIONS_PARTS.split(',').map((x) => x.trim()).includes(p)])) as NotificationsConfig['parts'],
    migrateOnStart: e.DB_MIGRATE_ON_START === 'true',
    ...overrides,
  };
}
