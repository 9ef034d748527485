import { z } from 'zod';
import { DEFAULT_NATS_URL } from '@vaikuta/messaging';
import { databaseUrlFor } from '@vaikuta/persistence';
import { DEFAULT_REDIS_URL } from '@vaikuta/redis';
import { httpEnvShape, httpSettings, rateLimitSettingsFromEnv, type HttpSettings, type RateLimitSettings } from '@vaikuta/http';
import { authEnvironment, authEnvShape, type AuthEnvironment } from '@vaikuta/auth';
import { loggingEnvShape, loggingSettings, tracingEnvShape, tracingSettings, type LoggingSettings, type TracingSettings } from '@vaikuta/observability';

const NATS_SERVER = /^(nats|tls|wss?):\/\/\S+$/;

/**
 * The variables every service reads: where its database, NATS and Redis are, and how it runs.
 * A service extends it with its own (`serviceEnvSchema({ PORT: portVariable(3002), ... })`).
 * Rate limits (`RATE_LIMITS`, `RATE_LIMIT_*`, `API_KEY_FAILURES_*`) are read by libs/http's
 * own reader, called by {@link loadServiceConfig}. The libraries read no environment
 * themselves: HOST, TRUST_PROXY, TLS_TERMINATED_IN_FRONT (libs/http), AUTH_* (libs/auth) and
 * LOG_* and OTEL_* (libs/observability) are parsed here, with the shapes and messages those libraries give.
 */
export const baseEnvSchema = z.object({
  ...loggingEnvShape,
  ...tracingEnvShape,
  ...httpEnvShape,
  ...authEnvShape,
  /** Default `postgres://postgres@127.0.0.1:5432/vaikuta_<service>` (the local server). */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL')
    .optional(),
  /** Pool size per process; PostgreSQL's max_connections is shared by every replica. */
  DATABASE_POOL_SIZE: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1).max(500).default(20),
  /** Run pending migrations while booting; a city deployment runs the migrate job instead. */
  DB_MIGRATE_ON_START: z.enum(['true', 'false'], { error: 'must be true or false' }).default('true'),
  NATS_URL: z
    .string()
    .refine((v) => v.split(',').every((s) => NATS_SERVER.test(s.trim())), 'must be nats:// URLs (comma-separated)')
    .default(DEFAULT_NATS_URL),
  /** Prefix of stream names, subjects and Redis keys: each test file has its own; empty in production. */
  NATS_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9_]*$/, 'must be lower-case letters, digits or underscores')
    .default(''),
  NATS_STREAM_REPLICAS: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1).max(5).default(1),
  /** How long relayed outbox rows are kept, for audits and replays. */
  OUTBOX_RETENTION_HOURS: z.coerce.number({ error: 'must be a number' }).positive('must be a positive number').default(72),
  /** Rate-limit counters and idempotency records, shared by every replica (docs/adr/0007). */
  REDIS_URL: z.string().regex(/^rediss?:\/\/\S*$/, 'must be a redis:// or rediss:// URL').default(DEFAULT_REDIS_URL),
});

export type BaseEnv = z.output<typeof baseEnvSchema>;

/** The base schema with a service's own variables added. */
export function serviceEnvSchema<T extends z.ZodRawShape>(shape: T) {
  return baseEnvSchema.extend(shape);
}

/** `PORT`, with the service's port from deploy/services.json as the default. */
export function portVariable(defaultPort: number) {
  return z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1).max(65535).default(defaultPort);
}

/** What ServiceCoreModule needs; a service's config interface extends it. */
export interface BaseServiceConfig {
  /** The service's name (`feedback`): log lines, CloudEvents source, route prefix, Redis scope. */
  service: string;
  databaseUrl: string;
  databasePoolSize: number;
  migrateOnStart: boolean;
  natsUrl: string;
  natsNamespace: string;
  natsStreamReplicas: number;
  outboxRetentionHours: number;
  redisUrl: string;
  /** Limits per route class (RATE_LIMIT_* variables, see libs/http/src/rate-limit). */
  rateLimits: RateLimitSettings;
  /** Prefix of this service's idempotency records in Redis. */
  idempotencyKeyPrefix: string;
  logging: LoggingSettings;
  /** Where spans are exported (OTEL_EXPORTER_OTLP_ENDPOINT) and how many new traces are kept. */
  tracing: TracingSettings;
  /** Where and how the HTTP app listens (HOST, TRUST_PROXY, TLS_TERMINATED_IN_FRONT). */
  http: HttpSettings;
  /** The AUTH_* variables, for AuthModule (ServiceCoreModule passes them on). */
  auth: AuthEnvironment;
}

/** The base settings plus the service's parsed variables, which it maps to its own config. */
export type LoadedServiceConfig<S extends z.ZodType<BaseEnv>> = BaseServiceConfig & { env: z.output<S> };

/** Invalid configuration: one line per bad variable, `feedback: config error: DATABASE_URL: must be a postgres:// URL`. */
export class ServiceConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(problems.map((problem) => `${service}: config error: ${problem}`).join('\n'));
    this.name = 'ServiceConfigError';
  }

  /** For checks a service makes after parsing (e.g. a secret required in production). */
  static variable(service: string, variable: string, message: string): ServiceConfigError {
    return new ServiceConfigError(service, [`${variable}: ${message}`]);
  }
}

/**
 * Reads and checks the environment once at start-up. Every bad variable is reported, each on
 * its own line, before anything connects anywhere.
 */
export function loadServiceConfig<S extends z.ZodType<BaseEnv>>(
  service: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): LoadedServiceConfig<S> {
  const problems: string[] = [];
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.') || '(environment)'}: ${issue.message}`);
  }
  // Redis keys of a test file (its NATS namespace) never meet another file's.
  const namespace = parsed.success ? parsed.data.NATS_NAMESPACE : '';
  const redisScope = namespace ? `${service}:${namespace}:` : `${service}:`;
  let rateLimits: RateLimitSettings | undefined;
  try {
    rateLimits = rateLimitSettingsFromEnv(env, redisScope);
  } catch (error) {
    // libs/http names each bad variable, `; `-separated, after its own heading.
    const message = (error as Error).message.replace(/^Invalid rate limit configuration: /, '');
    problems.push(...message.split('; '));
  }
  if (!parsed.success || !rateLimits) throw new ServiceConfigError(service, problems);
  const e = parsed.data;
  return {
    service,
    databaseUrl: databaseUrlFor(service, e),
    databasePoolSize: e.DATABASE_POOL_SIZE,
    migrateOnStart: e.DB_MIGRATE_ON_START === 'true',
    natsUrl: e.NATS_URL,
    natsNamespace: e.NATS_NAMESPACE,
    natsStreamReplicas: e.NATS_STREAM_REPLICAS,
    outboxRetentionHours: e.OUTBOX_RETENTION_HOURS,
    redisUrl: e.REDIS_URL,
    rateLimits,
    idempotencyKeyPrefix: redisScope,
    logging: loggingSettings(e),
    tracing: tracingSettings(e),
    http: httpSettings(e),
    auth: authEnvironment(e),
    env: e as z.output<S>,
  };
}
