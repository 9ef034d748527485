import { auditTableMigration, erasureLogMigration } from '@vaikuta/domain';
import { Initiative } from './initiatives/initiative.entity';
import { CreateInitiativesSchema1764900000100 } from './migrations/1764900000100-CreateInitiativesSchema';
import { PrivatePaperCoSigners1770000000100 } from './migrations/1770000000100-PrivatePaperCoSigners';

/** The service's entities and its own migrations (the kit runs the messaging tables' first). */
export const initiativesEntities = [Initiative];
export const initiativesMigrations = [
  CreateInitiativesSchema1764900000100,
  auditTableMigration({ table: 'initiative_audit', timestamp: 1764900000110, references: 'initiatives(id)' }),
  erasureLogMigration(1764900000120),
  PrivatePaperCoSigners1770000000100,
];
