import { DynamicModule, Module } from '@nestjs/common';
import { createCommandConnection, REDIS_CONNECTION } from './redis-connection';

/** The Redis command connection, for the queues and the readiness check. */
@Module({})
export class RedisModule {
  static forRoot(url: string): DynamicModule {
    return {
      module: RedisModule,
      global: true,
      providers: [{ provide: REDIS_CONNECTION, useFactory: () => createCommandConnection(url) }],
      exports: [REDIS_CONNECTION],
    };
  }
}
