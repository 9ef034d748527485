import { DynamicModule, Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AuthModule, type AuthModuleOptions } from '@vaikuta/auth';
import { IdempotencyModule, RateLimitModule } from '@vaikuta/http';
import { MessagingModule, NATS_CONNECTION, type EventConsumerRegistration } from '@vaikuta/messaging';
import { databaseReadiness, natsReadiness, ObservabilityModule, redisReadiness, type ReadinessCheck } from '@vaikuta/observability';
import { PersistenceModule } from '@vaikuta/persistence';
import { REDIS_CONNECTION, RedisModule } from '@vaikuta/redis';
import type { BaseServiceConfig } from './service-config';
import { serviceMigrations, type ServiceSchema } from './service-schema';

export interface ServiceCoreOptions extends ServiceSchema {
  config: BaseServiceConfig;
  /**
   * `false` boots the same graph without the outbox relay and event consumers, for one-off
   * commands (migrate, seed) that must not compete with running services. Default true.
   */
  workers?: boolean;
  /** Catalogue streams this service publishes to (provisioned at start-up). */
  produces?: string[];
  /** Run the outbox relay here. Default: when the service produces a stream (and `workers`). */
  relay?: boolean;
  /** Consumer classes (also listed in the app's providers) with their settings. */
  consumers?: EventConsumerRegistration[];
  /**
   * The service cannot serve without Redis (queues): /health/ready includes it. Limits and
   * idempotency carry on without Redis (docs/adr/0007), so they alone do not make it required.
   */
  redisRequired?: boolean;
  /** `Idempotency-Key` on `@Idempotent()` routes (libs/http idempotency). */
  idempotency?: boolean;
  /** Readiness checks besides database, NATS (and Redis when required). */
  readiness?: ReadinessCheck[];
  auth?: AuthModuleOptions;
}

/**
 * Everything a Vaikuta service stands on, in the order it must be wired: logging, metrics and
 * readiness; Redis; sign-in (AuthModule) and then request limits, which count the verified
 * caller (docs/adr/0007); idempotency records; the service's own database with the messaging
 * tables' migration first; outbox, relay and consumers; dead-letter administration under the
 * service's own prefix (`/<service>/admin/dead-letters`).
 */
@Module({})
export class ServiceCoreModule {
  static forRoot(options: ServiceCoreOptions): DynamicModule {
    const { config, workers = true } = options;
    const produces = options.produces ?? [];
    // One Redis command connection (limits, idempotency, the readiness check, service queues).
    const redis = RedisModule.forRoot(config.redisUrl);
    const readiness: ReadinessCheck[] = [
      databaseReadiness(getDataSourceToken()),
      natsReadiness(NATS_CONNECTION),
      ...(options.redisRequired ? [redisReadiness(REDIS_CONNECTION)] : []),
      ...(options.readiness ?? []),
    ];
    return {
      module: ServiceCoreModule,
      imports: [
        redis,
        ObservabilityModule.forRoot({ service: config.service, imports: [redis], readiness, logging: config.logging, tracing: config.tracing }),
        AuthModule.forRoot(options.auth, config.auth),
        // After AuthModule: the limits count the verified caller (docs/adr/0007).
        RateLimitModule.forRoot(config.rateLimits),
        ...(options.idempotency ? [IdempotencyModule.forRoot({ keyPrefix: config.idempotencyKeyPrefix })] : []),
        PersistenceModule.forRoot({
          url: config.databaseUrl,
          entities: options.entities ?? [],
          migrations: serviceMigrations(options.migrations),
          poolSize: config.databasePoolSize,
          migrateOnStart: config.migrateOnStart,
        }),
        MessagingModule.forRoot({
          service: config.service,
          natsUrl: config.natsUrl,
          namespace: config.natsNamespace,
          producesStreams: produces,
          streamReplicas: config.natsStreamReplicas,
          outboxRetentionHours: config.outboxRetentionHours,
          relay: workers && (options.relay ?? produces.length > 0),
          consumers: workers,
          eventConsumers: options.consumers ?? [],
        }),
        RouterModule.register([{ path: config.service, module: MessagingModule }]),
      ],
    };
  }
}

