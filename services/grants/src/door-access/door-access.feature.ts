import type { GrantsFeature } from '../grants-feature';
import { CreateDoorAccessCodes1766000000250 } from '../migrations/1766000000250-CreateDoorAccessCodes';
import { DoorAccessCodeRepository } from './door-access-code.repository';
import { DoorAccessConsumer } from './door-access.consumer';
import { DoorAccessController } from './door-access.controller';
import { DoorAccessService } from './door-access.service';
import { HttpLockProvider, LockProvider } from './lock-provider';
import { SeriesDoorCodes } from './series-door-codes';

/** Door codes from the lock provider, valid around a booking (a series' week: given near it) and revoked on cancel. */
export const doorAccessFeature: GrantsFeature = {
  controllers: [DoorAccessController],
  providers: [DoorAccessCodeRepository, DoorAccessService, DoorAccessConsumer, SeriesDoorCodes, { provide: LockProvider, useClass: HttpLockProvider }],
  entities: [],
  migrations: [CreateDoorAccessCodes1766000000250],
};
