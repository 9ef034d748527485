import { auditTableMigration } from '@vaikuta/domain';
import type { GrantsFeature } from '../grants-feature';
import { CreateSeasons1766000000270 } from '../migrations/1766000000270-CreateSeasons';
import { Season } from './season.entity';
import { SeasonRepository } from './season.repository';
import { SeasonService } from './season.service';
import { SeasonsController } from './seasons.controller';

/** Season bookings: weekly slots applied for, allocated, and published as series of bookings. */
export const seasonsFeature: GrantsFeature = {
  controllers: [SeasonsController],
  providers: [SeasonRepository, SeasonService],
  entities: [Season],
  migrations: [CreateSeasons1766000000270, auditTableMigration({ table: 'season_audit', timestamp: 1766000000280, references: 'seasons(id)' })],
};
