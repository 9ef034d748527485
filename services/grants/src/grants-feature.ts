import type { Provider, Type } from '@nestjs/common';
import type { MigrationInterface } from 'typeorm';

/**
 * What one feature folder gives the service: app.module.ts and grants-schema.ts spread these,
 * so adding to a feature touches only its folder.
 */
export interface GrantsFeature {
  controllers: Type<unknown>[];
  providers: Provider[];
  entities: Type<unknown>[];
  /** The feature's own migrations; timestamps in its range (see grants-schema.ts). */
  migrations: Type<MigrationInterface>[];
}
