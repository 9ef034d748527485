import { Module } from '@nestjs/common';
import { FeedbackSummaryService } from './feedback-summary.service';
import { SummariesController } from './summaries.controller';

/**
 * Department, category and district summaries with CSV export. Reads feedback_requests and the
 * catalogue through the service's DataSource (registered globally by PersistenceModule).
 */
@Module({ controllers: [SummariesController], providers: [FeedbackSummaryService] })
export class SummariesModule {}
