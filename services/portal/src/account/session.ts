import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser, InvalidTokenError, JwtVerifier } from '@vaikuta/auth';

export const SESSION_COOKIE = 'vaikuta_session';
/** A demo session lasts a working day; the token inside expires at the same time. */
export const SESSION_SECONDS = 8 * 3600;

/**
 * The session is the bearer token itself, in an httpOnly, SameSite=Lax cookie: the portal
 * verifies it like any service would and passes it on to the services unchanged.
 */
export async function readSession(request: FastifyRequest, verifier: JwtVerifier): Promise<{ user: AuthUser; token: string } | undefined> {
  const token = request.cookies?.[SESSION_COOKIE];
  if (!token) return undefined;
  const cached = verified.get(token);
  if (cached && cached.until > Date.now()) return { user: cached.user, token };
  try {
    const user = await verifier.verify(token);
    remember(token, user);
    return { user, token };
  } catch (error) {
    if (error instanceof InvalidTokenError) return undefined; // expired or from another key: signed out
    throw error;
  }
}

/**
 * Tokens verified in the last minute (never past their expiry): every page of a signed-in
 * person carries the same token, and an ES256 check per page is most of a page's CPU.
 */
const verified = new Map<string, { user: AuthUser; until: number }>();
const MAX_REMEMBERED = 5000;

function remember(token: string, user: AuthUser): void {
  const exp = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8') || '{}') as { exp?: number }).exp;
  const until = Math.min(Date.now() + 60_000, typeof exp === 'number' ? exp * 1000 : 0);
  if (verified.size >= MAX_REMEMBERED) verified.delete(verified.keys().next().value as string);
  verified.set(token, { user, until });
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_SECONDS });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
