import { BallotExportRepository } from './ballot-export.repository';
import { BallotExportService } from './ballot-export.service';
import { PabulibAnalysisPool } from './pabulib-analysis-pool';
import { PabulibAnalysisController, ResultsController } from './results.controller';
import { ResultsRepository } from './results.repository';
import { ResultsService } from './results.service';
import { TallyRepository } from './tally.repository';

/** What app.module.ts registers for results, so adding a part of the feature touches only this folder. */
export const resultsFeature = {
  controllers: [ResultsController, PabulibAnalysisController],
  providers: [TallyRepository, ResultsRepository, ResultsService, BallotExportRepository, BallotExportService, PabulibAnalysisPool],
};
