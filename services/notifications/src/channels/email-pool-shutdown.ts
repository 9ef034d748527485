import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DeliveryChannel, EMAIL_CHANNEL } from './channel';

/**
 * Closes the SMTP pool last: the delivery workers have stopped by then (they stop before
 * application shutdown), so no send is cut off. The Redis connection is libs/redis's to close.
 */
@Injectable()
export class EmailPoolShutdown implements OnApplicationShutdown {
  constructor(@Inject(EMAIL_CHANNEL) private readonly email: DeliveryChannel) {}

  async onApplicationShutdown(): Promise<void> {
    await this.email.close?.();
  }
}
