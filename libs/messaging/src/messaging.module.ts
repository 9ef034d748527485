import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { connect } from '@nats-io/transport-node';
import { MESSAGING_OPTIONS, MessagingOptions, NATS_CONNECTION, natsServerList } from './messaging-options';
import { StreamNaming } from './stream-naming';
import { OutboxWriter } from './outbox-writer';
import { MessagingLifecycle } from './messaging-lifecycle';
import { DeadLetterService } from './dead-letter.service';
import { DeadLettersController } from './dead-letters.controller';
import { MessagingMetrics } from './messaging.metrics';

/**
 * Outbox, relay, consumers and dead letters for one service. Needs the service's
 * TypeORM DataSource (PersistenceModule) and the catalogue in @vaikuta/contracts.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule],
      controllers: [DeadLettersController],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: StreamNaming, useValue: new StreamNaming(options.namespace ?? '') },
        {
          provide: NATS_CONNECTION,
          useFactory: () =>
            connect({
              servers: natsServerList(options.natsUrl),
              name: `vaikuta-${options.service}`,
              maxReconnectAttempts: -1,
            }),
        },
        OutboxWriter,
        MessagingLifecycle,
        DeadLetterService,
        MessagingMetrics,
      ],
      exports: [OutboxWriter, NATS_CONNECTION, StreamNaming, DeadLetterService, MessagingLifecycle],
    };
  }
}
