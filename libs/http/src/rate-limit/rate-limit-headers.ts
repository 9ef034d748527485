import type { FastifyReply, FastifyRequest } from 'fastify';

/** What the tightest counter a request touched says, for the response headers. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the counter starts over (or a lock-out ends). */
  resetSeconds: number;
}

const STATE = Symbol('vaikuta.rateLimit');

type WithState = FastifyRequest & { [STATE]?: RateLimitState };

/** Keeps the tighter of what the request already carries and `state` (least remaining, then latest reset). */
export function noteRateLimit(request: FastifyRequest, state: RateLimitState): void {
  const current = (request as WithState)[STATE];
  if (
    !current ||
    state.remaining < current.remaining ||
    (state.remaining === current.remaining && state.resetSeconds > current.resetSeconds)
  ) {
    (request as WithState)[STATE] = state;
  }
}

export function rateLimitStateOf(request: FastifyRequest): RateLimitState | undefined {
  return (request as WithState)[STATE];
}

/**
 * onSend: a response to a limited route says its limit (draft-ietf-httpapi-ratelimit-headers:
 * RateLimit-Limit, -Remaining, -Reset in seconds) and a 429 says when to come back
 * (Retry-After). A hook rather than the exception filter, so the headers are the same
 * whichever filter (problem+json or Open311's) wrote the body.
 */
export async function writeRateLimitHeaders(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  const state = rateLimitStateOf(request);
  if (!state) return payload;
  reply.header('RateLimit-Limit', String(state.limit));
  reply.header('RateLimit-Remaining', String(state.remaining));
  reply.header('RateLimit-Reset', String(state.resetSeconds));
  if (reply.statusCode === 429) reply.header('Retry-After', String(Math.max(1, state.resetSeconds)));
  return payload;
}
