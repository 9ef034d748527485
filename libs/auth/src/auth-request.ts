import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from './roles';

// The verified user rides on the Fastify request as `user`, the name Nest code expects.
type RequestWithUser = FastifyRequest & { user?: AuthUser };

export function authUserOf(request: FastifyRequest): AuthUser | undefined {
  return (request as RequestWithUser).user;
}

export function attachAuthUser(request: FastifyRequest, user: AuthUser): void {
  (request as RequestWithUser).user = user;
}

/** The token of an `Authorization: Bearer <token>` header; null for another scheme or a malformed header. */
export function bearerTokenOf(authorization: string): string | null {
  const match = /^Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i.exec(authorization);
  return match ? match[1] : null;
}

/**
 * RFC 6750 challenge on a 401, so clients know to (re)authenticate. Set on the reply before
 * the exception is thrown: Nest's (or our problem+json) exception filter sends the same reply.
 */
export function challengeBearer(reply: FastifyReply, error?: { code: 'invalid_request' | 'invalid_token'; description: string }): void {
  const params = [`realm="vaikuta"`];
  if (error) params.push(`error="${error.code}"`, `error_description="${error.description.replace(/["\\]/g, '')}"`);
  reply.header('WWW-Authenticate', `Bearer ${params.join(', ')}`);
}
