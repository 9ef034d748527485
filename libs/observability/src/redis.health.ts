import type { InjectionToken } from '@nestjs/common';
import type { ReadinessCheck } from './readiness';

/** Ready when Redis answers PING. Typed structurally so this lib does not load ioredis. */
export function redisReadiness(redis: InjectionToken, name = 'redis'): ReadinessCheck {
  return {
    name,
    inject: [redis],
    useFactory: (client: { ping(): Promise<unknown> }) => async () => {
      await client.ping();
    },
  };
}
