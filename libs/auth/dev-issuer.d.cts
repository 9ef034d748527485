// Types for dev-issuer.cjs (plain JavaScript so the dev-token script needs no build).
import type { JWK } from 'jose';

export declare const ROLES: readonly [
  'resident',
  'case_worker',
  'preparer',
  'coordinator',
  'grants_officer',
  'premises_manager',
  'admin',
];
export declare const DEFAULT_ISSUER: 'vaikuta-dev';
export declare const DEFAULT_AUDIENCE: 'vaikuta';
export declare const DEV_ALGORITHM: 'ES256';
export declare const DEFAULT_TTL_SECONDS: number;

export interface DevKeys {
  keysDir: string;
  /** Holds the private scalar `d`: never log it, never send it anywhere. */
  privateJwk: JWK;
  publicJwk: JWK;
}

export interface DevTokenRequest {
  sub: string;
  roles: readonly (typeof ROLES)[number][];
  /** Department codes the user may act for (case workers). */
  departments?: readonly string[];
  /** Associations the user represents. */
  associations?: readonly string[];
  name?: string;
  lang?: string;
  /** OIDC birthdate, YYYY-MM-DD. */
  birthdate?: string;
  /** Municipality of residence, Statistics Finland code ('091'). */
  municipality?: string;
  /** Sign-in methods, sent as the `amr` claim (strong, school, sms). */
  authMethods?: readonly string[];
  /** National identity code; use synthetic test codes only (the 9xx individual numbers). */
  hetu?: string;
  /** Business IDs (Y-tunnus) the person acts for: the actingFor claim. */
  actingFor?: readonly string[];
  /** The OIDC email claim; emailVerified sends email_verified: true with it. */
  email?: string;
  emailVerified?: boolean;
  /** The OIDC phone_number claim (E.164, e.g. +358401234567); phoneVerified sends phone_number_verified: true. */
  phone?: string;
  phoneVerified?: boolean;
  /** Lifetime in seconds; default 3600. */
  ttlSeconds?: number;
}

export interface DevTokenOptions {
  /** Default: AUTH_DEV_KEYS_DIR or <repo root>/.vaikuta/dev-keys. */
  keysDir?: string;
  /** Default: AUTH_ISSUER or vaikuta-dev. */
  issuer?: string;
  /** Default: AUTH_AUDIENCE or vaikuta. */
  audience?: string;
}

export declare function findRepoRoot(start?: string): string | undefined;
export declare function resolveDevKeysDir(keysDir?: string): string;
export declare function loadOrCreateDevKeys(keysDir?: string): DevKeys;
export declare function signDevToken(request: DevTokenRequest, options?: DevTokenOptions): Promise<string>;
