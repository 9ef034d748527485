import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type IORedis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { REDIS_CONNECTION } from '@vaikuta/redis';
import { noteRateLimit } from './rate-limit-headers';
import { RateLimitSettings } from './rate-limit-settings';
import { callerKey, createLimiter, RATE_LIMIT_SETTINGS } from './rate-limits.service';
import { TooManyRequestsProblem } from './too-many-requests';

/**
 * Guessing credentials (an Open311 api_key) gets slower and then stops: failures are
 * counted per client address and per credential tried. From `slowDownAfter` failures on,
 * each wrong answer waits longer (doubling); at `lockOutAfter` the address (or the key) is
 * answered 429 for `lockoutSeconds`, before the credential is even looked up.
 */
@Injectable()
export class CredentialFailures {
  private readonly logger = new Logger('CredentialFailures');
  private readonly byAddress: RateLimiterRedis;
  private readonly byCredential: RateLimiterRedis;

  constructor(
    @Inject(RATE_LIMIT_SETTINGS) private readonly settings: RateLimitSettings,
    @Inject(REDIS_CONNECTION) redis: IORedis,
  ) {
    const f = settings.credentialFailures;
    // points = lockOutAfter - 1: the failure that reaches lockOutAfter is refused, which starts the block.
    const rule = { points: Math.max(1, f.lockOutAfter - 1), seconds: f.windowSeconds };
    this.byAddress = createLimiter(redis, `${settings.keyPrefix}cf:address`, rule, f.lockoutSeconds);
    this.byCredential = createLimiter(redis, `${settings.keyPrefix}cf:credential`, rule, f.lockoutSeconds);
  }

  /** Throws 429 while the address or this credential is locked out. Call before checking it. */
  async assertNotLockedOut(request: FastifyRequest, credential: string): Promise<void> {
    if (!this.settings.enabled) return;
    const [address, key] = await Promise.all([this.read(this.byAddress, request.ip), this.read(this.byCredential, callerKey(credential))]);
    const lockOutAfter = this.settings.credentialFailures.lockOutAfter;
    const locked = [address, key].filter((r): r is RateLimiterRes => !!r && r.consumedPoints >= lockOutAfter);
    if (!locked.length) return;
    const retryAfter = Math.max(1, Math.ceil(Math.max(...locked.map((r) => r.msBeforeNext)) / 1000));
    noteRateLimit(request, { limit: lockOutAfter, remaining: 0, resetSeconds: retryAfter });
    throw new TooManyRequestsProblem(retryAfter, `Too many wrong keys from here. Try again in ${retryAfter} s.`);
  }

  /** Records a wrong credential and holds the answer back longer the more there were. */
  async failed(request: FastifyRequest, credential: string): Promise<void> {
    if (!this.settings.enabled) return;
    const counts = await Promise.all([this.record(this.byAddress, request.ip), this.record(this.byCredential, callerKey(credential))]);
    const f = this.settings.credentialFailures;
    const failures = Math.max(...counts);
    if (failures >= f.slowDownAfter && f.delayMs > 0) {
      await sleep(Math.min(f.maxDelayMs, f.delayMs * 2 ** Math.min(20, failures - f.slowDownAfter)));
    }
  }

  /** A right credential clears that credential's count (not the address's: others may still be guessing). */
  async succeeded(credential: string): Promise<void> {
    if (!this.settings.enabled) return;
    await this.byCredential.delete(callerKey(credential)).catch(() => undefined);
  }

  private async read(limiter: RateLimiterRedis, key: string): Promise<RateLimiterRes | null> {
    try {
      return await limiter.get(key);
    } catch (error) {
      this.logger.warn(`credential failures not read: ${(error as Error)?.message ?? error}`);
      return null;
    }
  }

  private async record(limiter: RateLimiterRedis, key: string): Promise<number> {
    try {
      return (await limiter.consume(key)).consumedPoints;
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) return outcome.consumedPoints;
      this.logger.warn(`credential failure not counted: ${(outcome as Error)?.message ?? outcome}`);
      return 0;
    }
  }
}
