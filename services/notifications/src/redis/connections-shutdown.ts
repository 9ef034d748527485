import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type IORedis from 'ioredis';
import { DeliveryChannel, EMAIL_CHANNEL } from '../channels/channel';
import { REDIS_CONNECTION } from './redis-connection';

/** Closes the Redis command connection and the SMTP pool last, after the workers stopped. */
@Injectable()
export class ConnectionsShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: IORedis,
    @Inject(EMAIL_CHANNEL) private readonly email: DeliveryChannel,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.email.close?.();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
