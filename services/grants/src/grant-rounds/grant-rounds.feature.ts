import { auditTableMigration } from '@vaikuta/domain';
import type { GrantsFeature } from '../grants-feature';
import { CreateGrantRounds1766000000120 } from '../migrations/1766000000120-CreateGrantRounds';
import { GrantRoundEntity } from './grant-round.entity';
import { GrantRoundRepository } from './grant-round.repository';
import { GrantRoundService } from './grant-round.service';
import { GrantRoundsController } from './grant-rounds.controller';
import { VuosikelloController } from './vuosikello.controller';

/** Grant rounds and the year's calendar of rounds and deadlines (vuosikello). Applications read rounds through GrantRoundService. */
export const grantRoundsFeature: GrantsFeature = {
  controllers: [GrantRoundsController, VuosikelloController],
  providers: [GrantRoundRepository, GrantRoundService],
  entities: [GrantRoundEntity],
  migrations: [
    CreateGrantRounds1766000000120,
    auditTableMigration({ table: 'grant_round_audit', timestamp: 1766000000130, references: 'grant_rounds(id)' }),
  ],
};
