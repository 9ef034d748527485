import type { JSONWebKeySet } from 'jose';
import { loadOrCreateDevKeys, resolveDevKeysDir, signDevToken, type DevTokenOptions } from '../dev-issuer.cjs';
import type { Role } from './roles';

export type { DevTokenOptions };

export interface DevTokenRequest {
  sub: string;
  roles: readonly Role[];
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
  /** Business IDs (Y-tunnus) the person may act for, as Suomi.fi e-Authorizations grant it. */
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

/**
 * Signs a token with the local development key (created on first use), for local runs, tests
 * and scripts. Only services started with AUTH_DEV_ISSUER=true accept it. The work happens in
 * dev-issuer.cjs, which scripts/dev-token.mjs shares.
 */
export function issueDevToken(request: DevTokenRequest, options: DevTokenOptions = {}): Promise<string> {
  return signDevToken(request, options);
}

/** The development public key as a JWKS, e.g. for a tool that verifies dev tokens itself. */
export function devJwks(keysDir: string = resolveDevKeysDir()): JSONWebKeySet {
  return { keys: [loadOrCreateDevKeys(keysDir).publicJwk] };
}
