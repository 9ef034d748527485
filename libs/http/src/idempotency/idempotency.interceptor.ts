import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, Observable, of, switchMap } from 'rxjs';
import { ValidationProblem } from '../problem';
import { IDEMPOTENT_OPTIONS, type IdempotentOptions } from './idempotent-options';
import { IdempotencyKeyInFlightProblem, IdempotencyKeyReusedProblem } from './idempotency-problems';
import { IdempotencyStore, StoredAnswer } from './idempotency-store';
import { readBodyForFingerprint } from './request-fingerprint';
import { markPending, markReplay } from './idempotency-answers';
import { markRequestId } from './idempotent-request-id';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** The draft sends the key as a structured-field string ("…"); a bare token is taken too. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const raw = (Array.isArray(header) ? header.join(',') : header).trim();
  const key = /^"(.*)"$/.exec(raw)?.[1] ?? raw;
  if (!/^[\x21-\x7e]{1,255}$/.test(key) || key.includes('"') || Array.isArray(header)) {
    throw ValidationProblem.field('Idempotency-Key', 'must be one value of 1 to 255 visible ASCII characters (a UUID is a good key)');
  }
  return key;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64url');

/**
 * Idempotency-Key (draft-ietf-httpapi-idempotency-key-header) for `@Idempotent()` routes:
 * the same key and body within 24 h gets the first answer again; the same key with another
 * body is 422; while the first request runs, a second one is 409. Keys are the caller's own:
 * scoped to the token's subject, else the API key (the route says which form field), else
 * the client address, so two people choosing the same key never meet.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly reflector: Reflector,
    private readonly store: IdempotencyStore,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: { sub?: string } }>();
    const key = parseIdempotencyKey(request.headers[IDEMPOTENCY_KEY_HEADER]);
    if (!key) return next.handle();
    const options = this.reflector.get<IdempotentOptions | undefined>(IDEMPOTENT_OPTIONS, context.getHandler()) ?? {};
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return from(this.begin(request, reply, key, options)).pipe(switchMap((replayed) => (replayed === undefined ? next.handle() : of(replayed))));
  }

  /** undefined: run the route; a string: the first answer's body, to send again. */
  private async begin(request: FastifyRequest & { user?: { sub?: string } }, reply: FastifyReply, key: string, options: IdempotentOptions): Promise<string | undefined> {
    const body = await readBodyForFingerprint(request);
    if (!body) return undefined;
    const field = options.scopeField ? body.fields[options.scopeField] : undefined;
    const scope = request.user?.sub
      ? `sub:${sha256(request.user.sub)}`
      : typeof field === 'string' && field.trim()
        ? `${options.scopeField}:${sha256(field.trim())}`
        : `addr:${request.ip}`;
    // The path itself, not the route's pattern: requests.json and requests.xml answer differently.
    const [path, query = ''] = request.url.split('?', 2);
    const recordKey = this.store.recordKey(`${request.method} ${path}`, scope, sha256(key));
    const fingerprint = sha256(`${query}\0${body.fingerprint}`);
    // Before Redis is asked: the id holds also when Redis is down or lost the answer.
    markRequestId(request, recordKey, fingerprint);
    let reservation;
    try {
      reservation = await this.store.reserve(recordKey, fingerprint);
    } catch (error) {
      // Without Redis the request is served, without the duplicate check (docs/adr/0007).
      this.logger.warn(`Idempotency-Key not checked: ${(error as Error)?.message ?? error}`);
      return undefined;
    }
    switch (reservation.outcome) {
      case 'started':
        markPending(request, { store: this.store, recordKey, owner: reservation.owner, fingerprint });
        return undefined;
      case 'mismatch':
        throw new IdempotencyKeyReusedProblem();
      case 'in-flight':
        throw new IdempotencyKeyInFlightProblem(this.store.pendingSeconds);
      case 'replay':
        return this.replay(request, reply, reservation.answer);
    }
  }

  private replay(request: FastifyRequest, reply: FastifyReply, answer: StoredAnswer): string {
    for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
    reply.header('Idempotent-Replayed', 'true');
    markReplay(request, answer.status);
    return answer.body;
  }
}
