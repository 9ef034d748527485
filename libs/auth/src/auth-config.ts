import { Logger } from '@nestjs/common';
import { z } from 'zod';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, resolveDevKeysDir } from '../dev-issuer.cjs';

/** Options for AuthModule.forRoot(); each one overrides its environment variable. */
export interface AuthModuleOptions {
  /** AUTH_JWKS_URL: the identity provider's JWKS, required unless the dev issuer is on. */
  jwksUrl?: string;
  /** AUTH_ISSUER, default vaikuta-dev. */
  issuer?: string;
  /** AUTH_AUDIENCE, default vaikuta. */
  audience?: string;
  /** AUTH_DEV_ISSUER=true: trust the locally generated development key instead of a JWKS URL. */
  devIssuer?: boolean;
  /** AUTH_DEV_KEYS_DIR, default <repo root>/.vaikuta/dev-keys. */
  devKeysDir?: string;
  /** AUTH_DEV_ISSUER_ALLOW_PRODUCTION=true: allow the dev issuer although NODE_ENV=production. */
  allowDevIssuerInProduction?: boolean;
}

export type AuthKeySource = { kind: 'remote'; jwksUrl: URL } | { kind: 'dev'; keysDir: string };

export interface AuthConfig {
  issuer: string;
  audience: string;
  keys: AuthKeySource;
}

const AUTH_VARIABLES = ['AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_DEV_ISSUER', 'AUTH_DEV_KEYS_DIR', 'AUTH_DEV_ISSUER_ALLOW_PRODUCTION'] as const;

/** The AUTH_* variables (and NODE_ENV) as a service's config read them; options override each. */
export type AuthEnvironment = Partial<Record<(typeof AUTH_VARIABLES)[number] | 'NODE_ENV', string>>;

type Env = Record<string, string | undefined>;

const logger = new Logger('Auth');

/** Runs this file's own check inside zod: one config line naming the variable, the same text. */
const checkedBy = (variable: string, check: (value: string) => void) => (value: string | undefined, ctx: z.RefinementCtx) => {
  if (value === undefined) return;
  try {
    check(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(`${variable} `, '') });
  }
};
const flagVariable = (name: string) => z.string().optional().superRefine(checkedBy(name, (value) => flag({ [name]: value }, name)));

/**
 * The AUTH_* variables, for a service's zod config (the service kit's base schema, the
 * portal's): a malformed flag or JWKS URL stops the start with one line naming it. Whether a
 * JWKS URL is needed at all depends on the module's options too, so resolveAuthConfig decides.
 */
export const authEnvShape = {
  AUTH_JWKS_URL: z
    .string()
    .optional()
    .superRefine(
      checkedBy('AUTH_JWKS_URL', (value) => {
        const url = nonEmpty(value);
        if (url) jwksUrlOf(url);
      }),
    ),
  AUTH_ISSUER: z.string().optional(),
  AUTH_AUDIENCE: z.string().optional(),
  AUTH_DEV_ISSUER: flagVariable('AUTH_DEV_ISSUER'),
  AUTH_DEV_KEYS_DIR: z.string().optional(),
  AUTH_DEV_ISSUER_ALLOW_PRODUCTION: flagVariable('AUTH_DEV_ISSUER_ALLOW_PRODUCTION'),
};

/** The variables resolveAuthConfig needs, picked from a config's parsed environment. */
export function authEnvironment(env: AuthEnvironment): AuthEnvironment {
  const picked: AuthEnvironment = { NODE_ENV: env.NODE_ENV };
  for (const name of AUTH_VARIABLES) picked[name] = env[name];
  return picked;
}

/**
 * Reads options and the environment the service's config passes in (this library reads no
 * process environment) once at start-up; throws on anything it cannot use.
 */
export function resolveAuthConfig(options: AuthModuleOptions, env: AuthEnvironment): AuthConfig {
  const issuer = options.issuer ?? nonEmpty(env.AUTH_ISSUER) ?? DEFAULT_ISSUER;
  const audience = options.audience ?? nonEmpty(env.AUTH_AUDIENCE) ?? DEFAULT_AUDIENCE;

  let devIssuer = options.devIssuer ?? flag(env, 'AUTH_DEV_ISSUER');
  if (devIssuer && env.NODE_ENV === 'production') {
    const allowed = options.allowDevIssuerInProduction ?? flag(env, 'AUTH_DEV_ISSUER_ALLOW_PRODUCTION');
    if (allowed) {
      logger.warn('Development token issuer enabled in production because AUTH_DEV_ISSUER_ALLOW_PRODUCTION=true');
    } else {
      // Anyone with a clone of the repository can mint dev tokens, so they must not open production.
      logger.error(
        'Development token issuer NOT enabled: NODE_ENV=production. ' +
          'Set AUTH_DEV_ISSUER_ALLOW_PRODUCTION=true only for a throw-away deployment.',
      );
      devIssuer = false;
    }
  }

  if (devIssuer) {
    // '' rather than undefined: the repository's default folder, not dev-issuer.cjs's own
    // process.env fallback (which is for the dev-token script and tests).
    const keysDir = resolveDevKeysDir(options.devKeysDir ?? nonEmpty(env.AUTH_DEV_KEYS_DIR) ?? '');
    logger.warn(`Development token issuer enabled: trusting the local key in ${keysDir}`);
    return { issuer, audience, keys: { kind: 'dev', keysDir } };
  }

  const jwksUrl = options.jwksUrl ?? nonEmpty(env.AUTH_JWKS_URL);
  if (!jwksUrl) {
    throw new Error('AUTH_JWKS_URL is required (or AUTH_DEV_ISSUER=true for local development)');
  }
  return { issuer, audience, keys: { kind: 'remote', jwksUrl: jwksUrlOf(jwksUrl) } };
}

function jwksUrlOf(jwksUrl: string): URL {
  let url: URL;
  try {
    url = new URL(jwksUrl);
  } catch {
    throw new Error(`AUTH_JWKS_URL is not a valid URL: ${jwksUrl}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`AUTH_JWKS_URL must be an http(s) URL: ${jwksUrl}`);
  }
  return url;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Only the explicit words count, so a typo cannot silently switch the dev issuer on (or off). */
function flag(env: Env, name: string): boolean {
  const value = nonEmpty(env[name])?.toLowerCase();
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new Error(`${name} must be true or false, not ${env[name]}`);
}
