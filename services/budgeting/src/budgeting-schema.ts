import { auditTableMigration, erasureLogMigration } from '@vaikuta/domain';
import { CreateBudgetingSchema1765000000100 } from './migrations/1765000000100-CreateBudgetingSchema';
import { Round } from './rounds/round.entity';

/** The service's entities and its own migrations (the kit runs the messaging tables' first). */
export const budgetingEntities = [Round];
export const budgetingMigrations = [
  CreateBudgetingSchema1765000000100,
  auditTableMigration({ table: 'round_audit', timestamp: 1765000000110, references: 'rounds(id)' }),
  erasureLogMigration(1765000000120),
];
