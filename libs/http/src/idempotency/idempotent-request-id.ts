import { createHash } from 'node:crypto';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

const REQUEST_ID = Symbol('vaikuta.idempotency.request-id');

type Marked = FastifyRequest & { [REQUEST_ID]?: string };

/** A UUID (version 5 layout) named by the text: the same text always gives the same id. */
export function nameBasedUuid(text: string): string {
  const bytes = createHash('sha256').update(text, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Set by the idempotency interceptor from the request's record key and body fingerprint. */
export function markRequestId(request: FastifyRequest, recordKey: string, fingerprint: string): void {
  (request as Marked)[REQUEST_ID] = nameBasedUuid(`${recordKey}\0${fingerprint}`);
}

export function requestIdOf(request: FastifyRequest): string | undefined {
  return (request as Marked)[REQUEST_ID];
}

/**
 * The id the row this request creates should carry: the same for every retry with the same
 * Idempotency-Key, caller and body, and undefined without a key. Redis replays an answer it
 * stored; this covers the request that committed and died before its answer reached Redis
 * (or ran while Redis was down): the retry inserts the same id, finds the row, and answers
 * from it instead of writing a second one (docs/adr/0007). Use it on `@Idempotent()` routes
 * as the primary key (insert … ON CONFLICT DO NOTHING).
 */
export const IdempotentRequestId = createParamDecorator((_: unknown, context: ExecutionContext) => requestIdOf(context.switchToHttp().getRequest<FastifyRequest>()));
