import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type IORedis from 'ioredis';
import { closeRedis } from './bounded-close';
import { awaitRedisReady, createRedisConnection, DEFAULT_REDIS_URL } from './redis-connection';

/** The shared command connection; readiness: `redisReadiness(REDIS_CONNECTION)` from @vaikuta/observability. */
export const REDIS_CONNECTION = Symbol('REDIS_CONNECTION');

@Injectable()
class RedisLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');

  constructor(@Inject(REDIS_CONNECTION) private readonly redis: IORedis) {
    // ioredis emits 'error' on every failed reconnect; without a listener node would crash.
    let reported = false;
    redis.on('error', (error) => {
      if (!reported) this.logger.warn(`Redis unavailable: ${error.message}`);
      reported = true;
    });
    redis.on('ready', () => {
      if (reported) this.logger.log('Redis reachable again');
      reported = false;
    });
  }

  /** Waits briefly for the connection so the first requests do not all meet a connecting client. */
  async onModuleInit(): Promise<void> {
    await awaitRedisReady(this.redis);
  }

  async onApplicationShutdown(): Promise<void> {
    await closeRedis(this.redis);
  }
}

/** One Redis command connection per service, global, closed (bounded) on shutdown. */
@Module({})
export class RedisModule {
  static forRoot(url: string = DEFAULT_REDIS_URL): DynamicModule {
    return {
      module: RedisModule,
      global: true,
      providers: [{ provide: REDIS_CONNECTION, useFactory: () => createRedisConnection(url) }, RedisLifecycle],
      exports: [REDIS_CONNECTION],
    };
  }
}
