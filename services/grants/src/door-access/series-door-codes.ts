import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DoorAccessService } from './door-access.service';

const SWEEP_MINUTES = 10;

/**
 * Gives each week of a season series its door code when the week is near
 * (DoorAccessService.issueDueSeriesCodes): the code's access_code_issued event is what tells
 * the booker. Every few minutes, so a code is never more than that late against the notice.
 */
@Injectable()
export class SeriesDoorCodes implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SeriesDoorCodes');
  private timer?: NodeJS.Timeout;

  constructor(private readonly doorAccess: DoorAccessService) {}

  onApplicationBootstrap() {
    // Registered in every process like the report reminders; a one-off command exits before the first sweep.
    this.timer = setInterval(() => {
      this.doorAccess.issueDueSeriesCodes().catch((error) => this.logger.warn(`series door code sweep failed: ${(error as Error).message}`));
    }, SWEEP_MINUTES * 60_000);
    this.timer.unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }
}
