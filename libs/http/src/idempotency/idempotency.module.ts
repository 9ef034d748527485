import { DynamicModule, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { recordIdempotentAnswer } from './idempotency-answers';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IDEMPOTENCY_SETTINGS, IdempotencySettings, IdempotencyStore } from './idempotency-store';

/** Idempotency records for `@Idempotent()` routes (needs RedisModule). */
@Module({})
export class IdempotencyModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  static forRoot(settings: IdempotencySettings): DynamicModule {
    return {
      module: IdempotencyModule,
      global: true,
      providers: [{ provide: IDEMPOTENCY_SETTINGS, useValue: settings }, IdempotencyStore, IdempotencyInterceptor],
      exports: [IdempotencyStore, IdempotencyInterceptor],
    };
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    fastify?.addHook('onSend', recordIdempotentAnswer);
  }
}
