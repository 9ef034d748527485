import { DynamicModule, Module } from '@nestjs/common';
import { ServiceCoreModule } from '@vaikuta/service-kit';
import { Clock, SystemClock } from '@vaikuta/domain';
import { GRANTS_CONFIG, GrantsConfig } from './grants-config';
import { grantsEntities, grantsFeatures, grantsMigrations } from './grants-schema';
import { RepresentativeErasureConsumer } from './privacy/representative-erasure.consumer';

/**
 * Grants and premises booking (avustukset ja tilavaraus): the association register, grant
 * rounds and applications, bookable spaces, bookings, season bookings, door codes and calendars.
 * One service because both serve the same associations and their representatives.
 */
@Module({})
export class GrantsAppModule {
  /** `workers: false` for one-off commands: no outbox relay, no consumers. */
  static forRoot(config: GrantsConfig, { workers = true, clock = new SystemClock() }: { workers?: boolean; clock?: Clock } = {}): DynamicModule {
    return {
      module: GrantsAppModule,
      imports: [
        ServiceCoreModule.forRoot({
          config,
          workers,
          entities: grantsEntities,
          migrations: grantsMigrations,
          produces: ['GRANTS'],
          idempotency: true,
          // Representatives, applicants and bookers are people: erased on request like everywhere (ADR 0018).
          consumers: [{ consumer: RepresentativeErasureConsumer, options: { name: 'grants', maxDeliver: 5, backoffMs: 1000 } }],
        }),
      ],
      controllers: grantsFeatures.flatMap((f) => f.controllers),
      providers: [{ provide: GRANTS_CONFIG, useValue: config }, { provide: Clock, useValue: clock }, ...grantsFeatures.flatMap((f) => f.providers)],
    };
  }
}
