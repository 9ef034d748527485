import { Controller } from '@nestjs/common';

/** Budgeting's the results and projects pages (public). */
@Controller('budgeting')
export class BudgetingResultsController {}
