import { z } from 'zod';
import { DEV_EVENT_SEAL_KEY } from '@vaikuta/messaging';
import { BaseServiceConfig, loadServiceConfig, portVariable, ServiceConfigError, serviceEnvSchema } from '@vaikuta/service-kit';

const PARTS = ['consumers', 'delivery', 'reconciler', 'digests'] as const;
const DEV_SECRET = 'vaikuta-dev-notifications-secret-change-me';

// REDIS_URL (base schema) also holds BullMQ's queues here, which is why Redis is in readiness.
const env = serviceEnvSchema({
  PORT: portVariable(3005),
  /** BullMQ key prefix: every test file (and every city sharing one Redis) gets its own. */
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]+$/).default('vaikuta'),
  SMTP_URL: z.string().default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().default('Vaikuta <no-reply@vaikuta.local>'),
  /** Opens fields producers sealed for the booker's eyes (a door code); the grants service's value. */
  EVENT_SEAL_KEY: z.string().min(32, 'at least 32 characters').optional(),
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
  /** BullMQ: how long a worker holds a job before it counts as stalled, and how often that is checked. */
  DELIVERY_LOCK_MS: z.coerce.number().int().positive().default(30_000),
  DELIVERY_STALLED_INTERVAL_MS: z.coerce.number().int().positive().default(30_000),
  CONSUMER_CONCURRENCY: z.coerce.number().int().positive().default(4),
  /** Events planned together in one transaction when a backlog waits (bench/README.md). */
  CONSUMER_BATCH_SIZE: z.coerce.number().int().positive().default(100),
  DIGEST_DAILY_CRON: z.string().default('0 7 * * *'),
  DIGEST_WEEKLY_CRON: z.string().default('0 7 * * 1'),
  DIGEST_TZ: z.string().default('Europe/Helsinki'),
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

/** `rateLimits` (base) here limit signed-in calls: the staff-api class. */
export interface NotificationsConfig extends BaseServiceConfig {
  port: number;
  queuePrefix: string;
  smtpUrl: string;
  mailFrom: string;
  /** EVENT_SEAL_KEY (libs/messaging EventSeal). */
  eventSealKey: string;
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
  deliveryLockMs: number;
  deliveryStalledIntervalMs: number;
  consumerConcurrency: number;
  consumerBatchSize: number;
  digestDailyCron: string;
  digestWeeklyCron: string;
  digestTz: string;
  /** The background parts this process runs (NOTIFICATIONS_PARTS); all when absent. */
  parts?: Record<(typeof PARTS)[number], boolean>;
}

export const NOTIFICATIONS_CONFIG = Symbol('NOTIFICATIONS_CONFIG');

/** Reads and checks the environment once at start-up; a bad value stops the service, one line per variable. */
export function loadNotificationsConfig(
  source: NodeJS.ProcessEnv = process.env,
  overrides: Partial<NotificationsConfig> = {},
): NotificationsConfig {
  const { env: e, ...base } = loadServiceConfig('notifications', env, source);
  if (!e.NOTIFICATIONS_SECRET && e.NODE_ENV === 'production') {
    // Anyone with the repository knows the development secret and could unsubscribe anyone.
    throw ServiceConfigError.variable('notifications', 'NOTIFICATIONS_SECRET', 'is required in production');
  }
  if (!e.EVENT_SEAL_KEY && e.NODE_ENV === 'production') throw ServiceConfigError.variable('notifications', 'EVENT_SEAL_KEY', 'is required in production');
  return {
    ...base,
    port: e.PORT,
    queuePrefix: e.QUEUE_PREFIX,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    eventSealKey: e.EVENT_SEAL_KEY ?? DEV_EVENT_SEAL_KEY,
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
    deliveryLockMs: e.DELIVERY_LOCK_MS,
    deliveryStalledIntervalMs: e.DELIVERY_STALLED_INTERVAL_MS,
    consumerConcurrency: e.CONSUMER_CONCURRENCY,
    consumerBatchSize: e.CONSUMER_BATCH_SIZE,
    digestDailyCron: e.DIGEST_DAILY_CRON,
    digestWeeklyCron: e.DIGEST_WEEKLY_CRON,
    digestTz: e.DIGEST_TZ,
    parts: Object.fromEntries(PARTS.map((p) => [p, e.NOTIFICATIONS_PARTS.split(',').map((x) => x.trim()).includes(p)])) as NotificationsConfig['parts'],
    ...overrides,
  };
}
