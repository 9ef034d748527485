import { auditTableMigration } from '@vaikuta/domain';
import type { GrantsFeature } from '../grants-feature';
import { CreateSpaces1766000000200 } from '../migrations/1766000000200-CreateSpaces';
import { Space } from './space.entity';
import { SpaceRepository } from './space.repository';
import { SpaceService } from './space.service';
import { SpacesController } from './spaces.controller';

/** Bookable city premises: opening hours, booking rules, access type. */
export const spacesFeature: GrantsFeature = {
  controllers: [SpacesController],
  providers: [SpaceRepository, SpaceService],
  entities: [Space],
  migrations: [CreateSpaces1766000000200, auditTableMigration({ table: 'space_audit', timestamp: 1766000000210, references: 'spaces(id)' })],
};
