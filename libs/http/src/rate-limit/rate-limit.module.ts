import { DynamicModule, Module, OnModuleInit } from '@nestjs/common';
import { APP_GUARD, HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { CredentialFailures } from './credential-failures.service';
import { writeRateLimitHeaders } from './rate-limit-headers';
import type { RateLimitSettings } from './rate-limit-settings';
import { RateLimitGuard } from './rate-limit.guard';
import { RATE_LIMIT_SETTINGS, RateLimits } from './rate-limits.service';

/**
 * Request limits for a service (needs RedisModule). Import it after AuthModule, so its guard
 * sees the verified caller. Routes declare their class with `@RateLimitClass()`.
 */
@Module({})
export class RateLimitModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  static forRoot(settings: RateLimitSettings): DynamicModule {
    return {
      module: RateLimitModule,
      global: true,
      providers: [
        { provide: RATE_LIMIT_SETTINGS, useValue: settings },
        RateLimits,
        CredentialFailures,
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
      exports: [RateLimits, CredentialFailures, RATE_LIMIT_SETTINGS],
    };
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    fastify?.addHook('onSend', writeRateLimitHeaders);
  }
}
