import { erasureLogMigration } from '@vaikuta/domain';
import type { GrantsFeature } from '../grants-feature';
import { GrantsMyDataController, PremisesMyDataController } from './my-data.controllers';
import { GrantsPersonalDataRepository } from './personal-data.repository';
import { RepresentativeErasureConsumer } from './representative-erasure.consumer';

/**
 * A person's data: its export (Art. 15) and its erasure (Art. 17, `privacy.erasure_requested`).
 * The consumer is also listed in app.module.ts's `consumers`. Migration 1767000000250: the
 * erasure log (issue 12's range for grants).
 */
export const privacyFeature: GrantsFeature = {
  controllers: [GrantsMyDataController, PremisesMyDataController],
  providers: [GrantsPersonalDataRepository, RepresentativeErasureConsumer],
  entities: [],
  migrations: [erasureLogMigration(1767000000250)],
};
