import { BadRequestException, CanActivate, ExecutionContext, ForbiddenException, HttpException, Injectable, SetMetadata } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpAdapterHost, Reflector } from '@nestjs/core';

type CsrfRequest = FastifyRequest & { portalCsrfToken?: string };

/** A multipart part as @fastify/multipart yields it (only what the guard looks at). */
interface Part {
  type: 'field' | 'file';
  fieldname: string;
  value?: unknown;
}

type MultipartRequest = Omit<FastifyRequest, 'parts'> & { isMultipart?: () => boolean; parts(): AsyncIterable<Part> };

/** The form field (and, for scripts, the header) a page's token travels in. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Where @fastify/csrf-protection finds the token: what the guard read from a multipart form,
 * the urlencoded form's field, or the header. A repeated field is no token.
 */
export function csrfTokenOf(request: FastifyRequest): string | undefined {
  const r = request as CsrfRequest;
  const body = r.body;
  const field = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[CSRF_FIELD] : undefined;
  const header = request.headers[CSRF_HEADER];
  const token = r.portalCsrfToken ?? field ?? header;
  return typeof token === 'string' ? token : undefined;
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

/** Errors of the multipart parser (a missing boundary, a truncated body) are the sender's: 400. */
function asClientError(error: unknown): unknown {
  if (error instanceof HttpException) return error;
  const e = error as { statusCode?: unknown };
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return error;
  return new BadRequestException('The form could not be read');
}

/**
 * A multipart form's token must be its first part: the pages put the hidden `_csrf` input
 * first in every form, and browsers send fields in document order. The guard reads that one
 * part; the handler then reads the form from the start, the token included, as if untouched.
 * So the check happens before the handler runs, without buffering any upload.
 */
async function firstPartToken(request: MultipartRequest): Promise<string | undefined> {
  let iterator: AsyncIterator<Part>;
  let first: IteratorResult<Part>;
  try {
    iterator = request.parts()[Symbol.asyncIterator]();
    first = await iterator.next();
  } catch (error) {
    throw asClientError(error);
  }
  const part = first.done ? undefined : first.value;
  request.parts = () =>
    (async function* () {
      if (part) yield part;
      if (first.done) return;
      for (;;) {
        let next: IteratorResult<Part>;
        try {
          next = await iterator.next();
        } catch (error) {
          throw asClientError(error);
        }
        if (next.done) return;
        yield next.value;
      }
    })();
  return part?.type === 'field' && part.fieldname === CSRF_FIELD && typeof part.value === 'string' ? part.value : undefined;
}

/**
 * Every POST (any method but GET and HEAD) carries the token of the page it came from,
 * whatever its content type, and is checked before its handler runs: urlencoded and other
 * parsed bodies by their `_csrf` field or the `X-CSRF-Token` header, multipart bodies by
 * their first part, anything else (no body, text, JSON without a token) is refused.
 * A browser that says the request comes from another site is refused even with a token.
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
    // Defence in depth: browsers name the sending site (Fetch Metadata); other sites never post here.
    if (request.headers['sec-fetch-site'] === 'cross-site') throw new CsrfError('Cross-site form');
    const multipart = request as unknown as MultipartRequest;
    const isMultipart = Boolean(multipart.isMultipart?.());
    const token = isMultipart ? await firstPartToken(multipart) : csrfTokenOf(request);
    try {
      await verifyCsrf(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), request, token ?? '');
    } catch (error) {
      if (isMultipart) discardBody(request);
      throw error;
    }
    return true;
  }
}

/**
 * A refused upload is read to its end and thrown away: left half-read, the parser waits
 * for someone to consume the file and the sender waits for the parser, so neither hears
 * the 403.
 */
function discardBody(request: FastifyRequest): void {
  request.raw.unpipe();
  request.raw.resume();
}
