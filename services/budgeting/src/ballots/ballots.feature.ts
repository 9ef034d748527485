import { BallotIntakeService } from './ballot-intake.service';
import { BallotLogRepository } from './ballot-log.repository';
import { BallotDeskController, BallotsController } from './ballots.controller';
import { ReconciliationService } from './reconciliation.service';

/** What app.module.ts registers for ballots, so adding a part of the feature touches only this folder. */
export const ballotsFeature = {
  controllers: [BallotsController, BallotDeskController],
  providers: [BallotLogRepository, BallotIntakeService, ReconciliationService],
};
