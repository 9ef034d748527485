import { CanActivate, ExecutionContext, ForbiddenException, Injectable, SetMetadata } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpAdapterHost, Reflector } from '@nestjs/core';

type CsrfRequest = FastifyRequest & { portalCsrfToken?: string };

/** @fastify/csrf-protection reads the token from here: the form field, or what a multipart handler found. */
export function csrfTokenOf(request: FastifyRequest): string | undefined {
  const r = request as CsrfRequest;
  return r.portalCsrfToken ?? (r.body as { _csrf?: string } | undefined)?._csrf ?? (request.headers['x-csrf-token'] as string | undefined);
}

export class CsrfError extends ForbiddenException {
  readonly code = 'FST_CSRF_INVALID_TOKEN';
}

/** Checks a token against the secret cookie with @fastify/csrf-protection's own check. */
export function verifyCsrf(fastify: FastifyInstance, request: FastifyRequest, token?: string): Promise<void> {
  if (token !== undefined) (request as CsrfRequest).portalCsrfToken = token;
  return new Promise((resolve, reject) => {
    const fakeReply = { send: () => reject(new CsrfError('Invalid form token')) };
    (fastify as unknown as { csrfProtection(req: unknown, reply: unknown, next: () => void): void }).csrfProtection(request, fakeReply, () => resolve());
  });
}

const CSRF_EXEMPT = 'portal:csrfExempt';

/**
 * For a POST that acts only on a credential it carries itself (an unsubscribe token), never
 * on the session cookie: a forged request could do nothing its sender could not do directly.
 * Mail clients send RFC 8058 one-click unsubscribes this way, without any cookie.
 */
export const CsrfExempt = () => SetMetadata(CSRF_EXEMPT, true);

/**
 * Every form POST carries the token of the page it came from. Multipart forms are checked
 * by their handler once it has read the fields (the body is a stream until then).
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.method === 'GET' || request.method === 'HEAD') return true;
    if (this.reflector.getAllAndOverride<boolean>(CSRF_EXEMPT, [context.getHandler(), context.getClass()])) return true;
    if ((request as unknown as { isMultipart?: () => boolean }).isMultipart?.()) return true;
    await verifyCsrf(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), request);
    return true;
  }
}
