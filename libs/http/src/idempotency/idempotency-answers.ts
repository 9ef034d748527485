import { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IdempotencyStore } from './idempotency-store';

interface Pending {
  store: IdempotencyStore;
  recordKey: string;
  owner: string;
  fingerprint: string;
}

const PENDING = Symbol('vaikuta.idempotency.pending');
const REPLAY = Symbol('vaikuta.idempotency.replay');

type Marked = FastifyRequest & { [PENDING]?: Pending; [REPLAY]?: number };

/** Headers of the first answer that a replay repeats; the rest (dates, rate limits) are the replay's own. */
const REPLAYED_HEADERS = ['content-type', 'location', 'content-language'];

const logger = new Logger('Idempotency');

export function markPending(request: FastifyRequest, pending: Pending): void {
  (request as Marked)[PENDING] = pending;
}

export function markReplay(request: FastifyRequest, status: number): void {
  (request as Marked)[REPLAY] = status;
}

/**
 * onSend: the answer of a request that reserved a key. A success is kept for replay; any
 * other answer frees the key, so a client that fixes a 400 (or meets a 429 or 503) may retry
 * with the same key. A replayed answer gets the first one's status.
 */
export async function recordIdempotentAnswer(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  const marked = request as Marked;
  const replayStatus = marked[REPLAY];
  if (replayStatus !== undefined) {
    reply.code(replayStatus);
    return payload;
  }
  const pending = marked[PENDING];
  if (!pending) return payload;
  marked[PENDING] = undefined;
  const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
  try {
    if (reply.statusCode >= 200 && reply.statusCode < 300 && body !== undefined) {
      const headers: Record<string, string> = {};
      for (const name of REPLAYED_HEADERS) {
        const value = reply.getHeader(name);
        if (value !== undefined) headers[name] = String(value);
      }
      await pending.store.complete(pending.recordKey, pending.owner, pending.fingerprint, { status: reply.statusCode, headers, body });
    } else {
      await pending.store.release(pending.recordKey, pending.owner);
    }
  } catch (error) {
    // The pending record expires by itself; the answer still goes out.
    logger.warn(`idempotency record not updated: ${(error as Error)?.message ?? error}`);
  }
  return payload;
}
