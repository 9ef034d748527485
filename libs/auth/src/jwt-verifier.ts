import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { DEV_ALGORITHM, loadOrCreateDevKeys } from '../dev-issuer.cjs';
import type { AuthConfig } from './auth-config';
import { isRole, type AuthUser } from './roles';

/** The token cannot be trusted. `message` is safe to show to the caller (no token, no personal data). */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

/** The identity provider's keys could not be fetched: our problem, not the caller's. */
export class KeySetUnavailableError extends Error {
  override readonly name = 'KeySetUnavailableError';
}

// Asymmetric algorithms only: a JWKS never holds a shared secret, and naming them keeps a
// token from choosing how it is checked.
const PROVIDER_ALGORITHMS = ['RS256', 'PS256', 'ES256'];
// Servers' clocks drift a little; a few seconds of grace spares users spurious 401s.
const CLOCK_TOLERANCE_SECONDS = 30;

/** Tokens remembered at most: a busy portal sees a few thousand signed-in people at once. */
const VERIFIED_CACHE_SIZE = 10_000;

export class JwtVerifier {
  /**
   * Tokens already verified, until they expire. A page load verifies the same session token
   * in the portal and again in each service it calls, and ES256 verification was about 15 %
   * of a queue page's CPU (bench/README.md). A token is immutable and carries its own
   * expiry, so a cached verdict is the verdict jose would give until then.
   */
  private readonly verified = new Map<string, { user: AuthUser; expiresAtMs: number }>();

  constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly issuer: string,
    private readonly audience: string,
    private readonly algorithms: string[],
  ) {}

  static fromConfig(config: AuthConfig): JwtVerifier {
    if (config.keys.kind === 'dev') {
      // Generates the key pair on first use, so a fresh clone needs no setup step.
      const { publicJwk } = loadOrCreateDevKeys(config.keys.keysDir);
      return new JwtVerifier(createLocalJWKSet({ keys: [publicJwk] }), config.issuer, config.audience, [DEV_ALGORITHM]);
    }
    // jose caches the key set and refetches it when a token names an unknown kid (key rotation).
    const keys = createRemoteJWKSet(config.keys.jwksUrl, { timeoutDuration: 5_000 });
    return new JwtVerifier(keys, config.issuer, config.audience, PROVIDER_ALGORITHMS);
  }

  /** Verifies signature, issuer, audience and lifetime, then reads the user from the claims. */
  async verify(token: string): Promise<AuthUser> {
    const hit = this.verified.get(token);
    if (hit) {
      if (Date.now() < hit.expiresAtMs) return hit.user;
      this.verified.delete(token);
    }
    const { user, expiresAtMs } = await this.verifyWithKeys(token);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { user, expiresAtMs });
    return user;
  }

  private async verifyWithKeys(token: string): Promise<{ user: AuthUser; expiresAtMs: number }> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: this.algorithms,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        // Without exp a leaked token would be valid forever.
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw translate(error);
    }
    // Without the clock tolerance: a cached token stops working no later than it says.
    return { user: toAuthUser(payload), expiresAtMs: payload.exp! * 1000 };
  }
}

function translate(error: unknown): Error {
  const code = (error as { code?: unknown })?.code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return new InvalidTokenError('The bearer token has expired');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const claim = (error as { claim?: string }).claim;
      if (claim === 'iss') return new InvalidTokenError('The bearer token comes from an issuer this service does not trust');
      if (claim === 'aud') return new InvalidTokenError('The bearer token is not meant for this service (audience)');
      if (claim === 'nbf') return new InvalidTokenError('The bearer token is not valid yet');
      return new InvalidTokenError(`The bearer token is missing or has an invalid ${claim ?? 'claim'}`);
    }
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return new InvalidTokenError('The bearer token signature could not be verified');
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return new InvalidTokenError('The bearer token uses a signing algorithm this service does not accept');
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return new InvalidTokenError('The bearer token is malformed');
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JWKS_INVALID':
      return new KeySetUnavailableError(`The identity provider's key set is unavailable (${code})`);
  }
  // Anything else is the key set fetch failing (network, DNS, HTTP status) or a bug; either
  // way the token was never judged, so do not blame the caller for it.
  return new KeySetUnavailableError(
    `Bearer tokens cannot be verified right now: ${error instanceof Error ? error.message : String(error)}`,
  );
}

function toAuthUser(payload: JWTPayload): AuthUser {
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw new InvalidTokenError('The bearer token has no subject');
  }
  // Identity providers may carry roles of other systems; only ours mean anything here.
  const roles = stringList(payload, 'roles').filter(isRole);
  const user: AuthUser = {
    sub: payload.sub,
    roles: [...new Set(roles)],
    departments: stringList(payload, 'departments'),
    associations: stringList(payload, 'associations'),
    ...(typeof payload.name === 'string' ? { name: payload.name } : {}),
    ...(typeof payload.lang === 'string' ? { lang: payload.lang } : {}),
    ...optionalClaim(payload, 'birthdate', 'birthdate', /^\d{4}-\d{2}-\d{2}$/),
    ...optionalClaim(payload, 'municipality', 'municipality', /^\d{1,3}$/),
    authMethods: stringList(payload, 'amr'),
    ...optionalClaim(payload, 'hetu', 'identityCode', /^\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]$/i),
    ...actingForClaim(payload),
    ...verifiedContact(payload, 'email', 'email_verified', 'verifiedEmail', /^[^\s@]+@[^\s@]+$/),
    ...verifiedContact(payload, 'phone_number', 'phone_number_verified', 'verifiedPhone', /^\+?[0-9 ()-]{6,20}$/),
  };
  return user;
}

/**
 * `actingFor`: the business IDs of a Suomi.fi mandate, one string or a list. A malformed one
 * refuses the token, as for the other claims that decide what a person may do.
 */
function actingForClaim(payload: JWTPayload): { actingFor?: string[] } {
  const value = payload.actingFor;
  if (value === undefined) return {};
  const ids = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || !/^\d{7}-\d$/.test(id))) {
    throw new InvalidTokenError('The bearer token has a malformed actingFor claim (business IDs such as 1234567-1)');
  }
  return ids.length > 0 ? { actingFor: [...new Set(ids as string[])] } : {};
}

/**
 * An email or phone the identity provider has verified as the person's (OIDC Core 5.1): its
 * `*_verified` claim must be exactly true. Unverified, or of an odd shape, it is left out
 * rather than the token refused: nothing depends on having it, and what does use it (erasure
 * of a contact everywhere) must only ever act on a contact proven to be the person's.
 */
function verifiedContact<K extends string>(payload: JWTPayload, claim: string, verifiedClaim: string, key: K, shape: RegExp): Partial<Record<K, string>> {
  const value = payload[claim];
  if (payload[verifiedClaim] !== true || typeof value !== 'string' || !shape.test(value.trim())) return {};
  return { [key]: value.trim() } as Partial<Record<K, string>>;
}

/**
 * A claim that decides eligibility (age, residence, identity) must have its documented shape:
 * a token carrying a malformed one is refused rather than read as "unknown", so a wrong
 * identity provider mapping shows up at once instead of as residents mysteriously refused.
 */
function optionalClaim<K extends string>(payload: JWTPayload, claim: string, key: K, shape: RegExp): Partial<Record<K, string>> {
  const value = payload[claim];
  if (value === undefined) return {};
  if (typeof value !== 'string' || !shape.test(value)) throw new InvalidTokenError(`The bearer token claim ${claim} is malformed`);
  return { [key]: value } as Partial<Record<K, string>>;
}

function stringList(payload: JWTPayload, claim: string): string[] {
  const value = payload[claim];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new InvalidTokenError(`The bearer token claim ${claim} must be a list of strings`);
  }
  return value;
}
