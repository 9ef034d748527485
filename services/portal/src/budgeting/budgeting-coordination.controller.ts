import { Controller } from '@nestjs/common';

/** Budgeting's the coordinators' costing, results and project pages. */
@Controller('budgeting')
export class BudgetingCoordinationController {}
