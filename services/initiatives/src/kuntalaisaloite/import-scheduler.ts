import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { INITIATIVES_CONFIG, InitiativesConfig } from '../initiatives-config';
import { KuntalaisaloiteImportService } from './kuntalaisaloite-import.service';

/** Imports on an interval (KUNTALAISALOITE_IMPORT_INTERVAL_MINUTES; 0 = off), first soon after start. */
@Injectable()
export class ImportScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ImportScheduler');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly imports: KuntalaisaloiteImportService,
    @Inject(INITIATIVES_CONFIG) private readonly config: InitiativesConfig,
  ) {}

  onApplicationBootstrap() {
    const minutes = this.config.kuntalaisaloite.intervalMinutes;
    if (!minutes) return;
    const tick = (delay: number) => {
      this.timer = setTimeout(async () => {
        try {
          const counts = await this.imports.run('schedule');
          this.logger.log(`kuntalaisaloite.fi import: ${JSON.stringify(counts)}`);
        } catch (error) {
          this.logger.warn(`kuntalaisaloite.fi import did not run: ${(error as Error).message}`);
        }
        tick(minutes * 60_000);
      }, delay);
      this.timer.unref();
    };
    tick(5_000);
  }

  onApplicationShutdown() {
    clearTimeout(this.timer);
  }
}
