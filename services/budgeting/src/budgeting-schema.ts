import { auditTableMigration, erasureLogMigration } from '@vaikuta/domain';
import { CreateBudgetingSchema1765000000100 } from './migrations/1765000000100-CreateBudgetingSchema';
import { ResultsRememberTheBallotLog1765000000160 } from './migrations/1765000000160-ResultsRememberTheBallotLog';
import { CountedBallotsKeepTheirChoices1765000000170 } from './migrations/1765000000170-CountedBallotsKeepTheirChoices';
import { Round } from './rounds/round.entity';
import { ProposalEntity } from './proposals/proposal.entity';
import { PlanEntity } from './plans/plan.entity';
import { ProjectEntity } from './projects/project.entity';

/** The service's entities and its own migrations (the kit runs the messaging tables' first). */
export const budgetingEntities = [Round, ProposalEntity, PlanEntity, ProjectEntity];
export const budgetingMigrations = [
  CreateBudgetingSchema1765000000100,
  auditTableMigration({ table: 'round_audit', timestamp: 1765000000110, references: 'rounds(id)' }),
  erasureLogMigration(1765000000120),
  auditTableMigration({ table: 'proposal_audit', timestamp: 1765000000130, references: 'proposals(id)' }),
  auditTableMigration({ table: 'plan_audit', timestamp: 1765000000140, references: 'plans(id)' }),
  auditTableMigration({ table: 'project_audit', timestamp: 1765000000150, references: 'projects(id)' }),
  ResultsRememberTheBallotLog1765000000160,
  CountedBallotsKeepTheirChoices1765000000170,
];
