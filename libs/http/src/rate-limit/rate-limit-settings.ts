import { z } from 'zod';

/**
 * The kinds of route a limit is set for. A route names its class with `@RateLimitClass()`;
 * a signed-in call to a route without one counts as `staff-api` (the API behind the staff
 * and admin pages, and a resident's own pages).
 */
export const RATE_LIMIT_CLASSES = ['anonymous-intake', 'open311-write', 'login', 'staff-api'] as const;
export type RateLimitClassName = (typeof RATE_LIMIT_CLASSES)[number];

/** `points` requests per `seconds`, counted in Redis so every replica shares the count. */
export interface RateLimitRule {
  points: number;
  seconds: number;
}

/** Each class counts per client address and per caller (token subject or API key); null: not counted. */
export interface RateLimitClassSettings {
  perAddress: RateLimitRule | null;
  perCaller: RateLimitRule | null;
}

/** Wrong credentials (Open311 api_key): slow down after some, lock out after more. */
export interface CredentialFailureSettings {
  /** Failures (per address, and per key tried) within `windowSeconds` before answers slow down. */
  slowDownAfter: number;
  /** Failures within the window that lock the address or the key out for `lockoutSeconds`. */
  lockOutAfter: number;
  windowSeconds: number;
  lockoutSeconds: number;
  /** The first delay; each further failure doubles it, up to `maxDelayMs`. */
  delayMs: number;
  maxDelayMs: number;
}

export interface RateLimitSettings {
  enabled: boolean;
  /** Prefix of every Redis key; tests give each file its own so counters are not shared. */
  keyPrefix: string;
  classes: Record<RateLimitClassName, RateLimitClassSettings>;
  credentialFailures: CredentialFailureSettings;
}

const rule = (points: number, seconds: number): RateLimitRule => ({ points, seconds });

/**
 * Defaults sized for a city: a resident reports a handful of things, not twenty a minute; an
 * Open311 app posts for many residents through one key; staff click through queues quickly.
 * A city office or library shares one address, hence address limits above caller limits.
 */
export const DEFAULT_RATE_LIMIT_CLASSES: Record<RateLimitClassName, RateLimitClassSettings> = {
  'anonymous-intake': { perAddress: rule(20, 60), perCaller: rule(10, 60) },
  'open311-write': { perAddress: rule(120, 60), perCaller: rule(60, 60) },
  login: { perAddress: rule(10, 60), perCaller: null },
  'staff-api': { perAddress: rule(1200, 60), perCaller: rule(600, 60) },
};

export const DEFAULT_CREDENTIAL_FAILURES: CredentialFailureSettings = {
  slowDownAfter: 3,
  lockOutAfter: 10,
  windowSeconds: 15 * 60,
  lockoutSeconds: 15 * 60,
  delayMs: 250,
  maxDelayMs: 4000,
};

/** `20/60` (20 per 60 s) or `off`. */
const ruleText = z
  .string()
  .trim()
  .regex(/^(off|\d{1,7}\/\d{1,6})$/, 'expected <requests>/<seconds> (e.g. 20/60) or off')
  .transform((value): RateLimitRule | null => {
    if (value === 'off') return null;
    const [points, seconds] = value.split('/').map(Number);
    return points > 0 && seconds > 0 ? rule(points, seconds) : null;
  });

const count = z.coerce.number().int().min(0).max(1_000_000);

const envName = (name: RateLimitClassName) => name.toUpperCase().replace(/-/g, '_');

/**
 * Reads the limits from the environment: `RATE_LIMITS=off` switches them off;
 * `RATE_LIMIT_<CLASS>_PER_ADDRESS` / `_PER_CALLER` (`20/60` or `off`, CLASS one of
 * ANONYMOUS_INTAKE, OPEN311_WRITE, LOGIN, STAFF_API); `API_KEY_FAILURES_*` for wrong keys;
 * `RATE_LIMIT_KEY_PREFIX` (default: the service's, e.g. `feedback:`). A bad value names its variable.
 */
export function rateLimitSettingsFromEnv(source: NodeJS.ProcessEnv, defaultKeyPrefix: string): RateLimitSettings {
  const problems: string[] = [];
  const read = <T>(name: string, schema: z.ZodType<T>, fallback: T): T => {
    const value = source[name];
    if (value === undefined || value === '') return fallback;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    problems.push(`${name}: ${parsed.error.issues.map((i) => i.message).join(', ')}`);
    return fallback;
  };
  const classes = Object.fromEntries(
    RATE_LIMIT_CLASSES.map((name) => {
      const defaults = DEFAULT_RATE_LIMIT_CLASSES[name];
      return [
        name,
        {
          perAddress: read(`RATE_LIMIT_${envName(name)}_PER_ADDRESS`, ruleText, defaults.perAddress),
          perCaller: read(`RATE_LIMIT_${envName(name)}_PER_CALLER`, ruleText, defaults.perCaller),
        },
      ];
    }),
  ) as Record<RateLimitClassName, RateLimitClassSettings>;
  const d = DEFAULT_CREDENTIAL_FAILURES;
  const credentialFailures: CredentialFailureSettings = {
    slowDownAfter: read('API_KEY_FAILURES_SLOW_DOWN_AFTER', count, d.slowDownAfter),
    lockOutAfter: read('API_KEY_FAILURES_LOCK_OUT_AFTER', count.pipe(z.number().min(1)), d.lockOutAfter),
    windowSeconds: read('API_KEY_FAILURES_WINDOW_SECONDS', count.pipe(z.number().min(1)), d.windowSeconds),
    lockoutSeconds: read('API_KEY_LOCKOUT_SECONDS', count.pipe(z.number().min(1)), d.lockoutSeconds),
    delayMs: read('API_KEY_FAILURE_DELAY_MS', count, d.delayMs),
    maxDelayMs: read('API_KEY_FAILURE_MAX_DELAY_MS', count, d.maxDelayMs),
  };
  const enabled = read('RATE_LIMITS', z.enum(['on', 'off']), 'on') === 'on';
  const keyPrefix = read('RATE_LIMIT_KEY_PREFIX', z.string().regex(/^[\w:.-]{1,100}$/), defaultKeyPrefix);
  if (problems.length) throw new Error(`Invalid rate limit configuration: ${problems.join('; ')}`);
  return { enabled, keyPrefix, classes, credentialFailures };
}
