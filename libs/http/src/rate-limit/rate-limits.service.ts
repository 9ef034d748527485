import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type IORedis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { REDIS_CONNECTION } from '@vaikuta/redis';
import { noteRateLimit } from './rate-limit-headers';
import { RateLimitClassName, RateLimitRule, RateLimitSettings } from './rate-limit-settings';
import { TooManyRequestsProblem } from './too-many-requests';

export const RATE_LIMIT_SETTINGS = Symbol('RATE_LIMIT_SETTINGS');

/** A caller id as a counter key: API keys must not sit in Redis in the clear, so every id is hashed. */
export function callerKey(caller: string): string {
  return createHash('sha256').update(caller, 'utf8').digest('base64url').slice(0, 32);
}

/**
 * Redis counters with an in-memory understudy: while Redis is away each replica counts on its
 * own (docs/adr/0007), so limits loosen by the number of replicas instead of vanishing, and
 * no request fails because a counter could not be reached.
 */
export function createLimiter(redis: IORedis, keyPrefix: string, rule: RateLimitRule, blockSeconds = 0): RateLimiterRedis {
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix,
    points: rule.points,
    duration: rule.seconds,
    blockDuration: blockSeconds,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix, points: rule.points, duration: rule.seconds, blockDuration: blockSeconds }),
  });
}

/** The request limits of the route classes, per client address and per caller. */
@Injectable()
export class RateLimits {
  private readonly logger = new Logger('RateLimits');
  private readonly limiters = new Map<string, RateLimiterRedis>();

  constructor(
    @Inject(RATE_LIMIT_SETTINGS) readonly settings: RateLimitSettings,
    @Inject(REDIS_CONNECTION) private readonly redis: IORedis,
  ) {}

  /**
   * Counts one call of class `name` against the client's address and, if given, the caller
   * (a token's subject); throws TooManyRequestsProblem when either is spent.
   */
  async hit(name: RateLimitClassName, request: FastifyRequest, caller?: string): Promise<void> {
    const { perAddress, perCaller } = this.settings.classes[name];
    const counts: Promise<void>[] = [];
    if (perAddress) counts.push(this.count(name, 'address', perAddress, request.ip, request));
    if (perCaller && caller) counts.push(this.count(name, 'caller', perCaller, callerKey(caller), request));
    const outcomes = await Promise.allSettled(counts);
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (refused) throw refused.reason;
  }

  /** Counts one call against the caller only: for an API key known once the form is read. */
  async hitCaller(name: RateLimitClassName, request: FastifyRequest, caller: string): Promise<void> {
    const rule = this.settings.classes[name].perCaller;
    if (rule) await this.count(name, 'caller', rule, callerKey(caller), request);
  }

  private async count(name: string, dimension: string, rule: RateLimitRule, key: string, request: FastifyRequest): Promise<void> {
    if (!this.settings.enabled) return;
    const limiter = this.limiterFor(`${name}:${dimension}`, rule);
    let res: RateLimiterRes;
    let refused = false;
    try {
      res = await limiter.consume(key);
    } catch (outcome) {
      if (!(outcome instanceof RateLimiterRes)) {
        // Neither Redis nor the in-memory understudy answered: let the request through.
        this.logger.warn(`rate limit ${name} not counted: ${(outcome as Error)?.message ?? outcome}`);
        return;
      }
      res = outcome;
      refused = true;
    }
    const resetSeconds = Math.ceil(res.msBeforeNext / 1000);
    noteRateLimit(request, { limit: rule.points, remaining: Math.max(0, res.remainingPoints), resetSeconds });
    if (refused) throw new TooManyRequestsProblem(Math.max(1, resetSeconds));
  }

  private limiterFor(name: string, rule: RateLimitRule): RateLimiterRedis {
    let limiter = this.limiters.get(name);
    if (!limiter) {
      limiter = createLimiter(this.redis, `${this.settings.keyPrefix}rl:${name}`, rule);
      this.limiters.set(name, limiter);
    }
    return limiter;
  }
}
