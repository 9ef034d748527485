import { DynamicModule, Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AuthModule } from '@vaikuta/auth';
import { RateLimitModule } from '@vaikuta/http';
import { REDIS_CONNECTION, RedisModule } from '@vaikuta/redis';
import { MessagingModule, NATS_CONNECTION } from '@vaikuta/messaging';
import { databaseReadiness, natsReadiness, ObservabilityModule, redisReadiness } from '@vaikuta/observability';
import { PersistenceModule } from '@vaikuta/persistence';
import { EMAIL_CHANNEL, SMS_CHANNEL } from './channels/channel';
import { EmailChannel } from './channels/email.channel';
import { SmsChannel } from './channels/sms.channel';
import { EmailPoolShutdown } from './channels/email-pool-shutdown';
import { AfterCommitEnqueue } from './delivery/after-commit-enqueue';
import { DeliveryLogController } from './delivery/delivery-log.controller';
import { DeliveryQueues } from './delivery/delivery-queues';
import { DeliveryReconciler } from './delivery/delivery-reconciler';
import { DeliveryService } from './delivery/delivery.service';
import { DeliveryWorkers } from './delivery/delivery-workers';
import { NotificationPlanner } from './delivery/notification-planner';
import { DigestScheduler } from './digests/digest-scheduler';
import { DigestService } from './digests/digest.service';
import { InboxController } from './inbox/inbox.controller';
import { InboxService } from './inbox/inbox.service';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from './notifications-config';
import { notificationsEntities, notificationsMigrations } from './notifications-entities';
import { NotificationsWorkerOptions, NotificationsWorkers, WORKER_OPTIONS } from './notifications-workers';
import { ErasureConsumer } from './privacy/erasure.consumer';
import { PreferenceLinkController } from './recipients/preference-link.controller';
import { PreferencesController } from './recipients/preferences.controller';
import { RecipientService } from './recipients/recipient.service';
import { configureNotificationConsumers, NotificationEventConsumer } from './rules/notification-event.consumer';
import { FollowsController } from './subscriptions/follows.controller';
import { PublicItemService } from './subscriptions/public-items.service';
import { SubscriptionService } from './subscriptions/subscription.service';
import { TemplateRenderer } from './templates/template-renderer';
import { TemplatesAdminController } from './templates/templates-admin.controller';
import { TemplateVersionService } from './templates/template-versions.service';
import { FormBodyParser } from './unsubscribe/form-body.parser';
import { UnsubscribeController } from './unsubscribe/unsubscribe.controller';
import { UnsubscribeLinks } from './unsubscribe/unsubscribe-links';
import { UnsubscribeService } from './unsubscribe/unsubscribe.service';

/** The notification service: who is told what, in which language, on which channel. */
@Module({})
export class NotificationsAppModule {
  /**
   * `workers: false` boots the graph without consumers, delivery workers, reconciler or
   * digests (one-off commands); the finer options split them between processes.
   */
  static forRoot(config: NotificationsConfig, { workers = true, ...parts }: { workers?: boolean } & NotificationsWorkerOptions = {}): DynamicModule {
    const options: Required<NotificationsWorkerOptions> = {
      consumers: parts.consumers ?? workers,
      delivery: parts.delivery ?? workers,
      reconciler: parts.reconciler ?? workers,
      digests: parts.digests ?? workers,
    };
    configureNotificationConsumers([NotificationEventConsumer, ErasureConsumer], {
      concurrency: config.consumerConcurrency,
      batchSize: config.consumerBatchSize,
      maxDeliver: 5,
      backoffMs: 1000,
    });
    // One Redis command connection (libs/redis) for the queues, the readiness check and the rate
    // limits; BullMQ's workers open blocking connections of their own from the same URL.
    const redis = RedisModule.forRoot(config.redisUrl);
    return {
      module: NotificationsAppModule,
      imports: [
        redis,
        ObservabilityModule.forRoot({
          service: 'notifications',
          imports: [redis],
          readiness: [
            databaseReadiness(getDataSourceToken()),
            natsReadiness(NATS_CONNECTION),
            redisReadiness(REDIS_CONNECTION),
          ],
        }),
        AuthModule.forRoot(),
        // Limits of signed-in calls (docs/adr/0007), after AuthModule so they count the verified caller.
        RateLimitModule.forRoot(config.rateLimits),
        PersistenceModule.forRoot({
          url: config.databaseUrl,
          entities: notificationsEntities,
          migrations: notificationsMigrations,
          migrateOnStart: config.migrateOnStart,
        }),
        MessagingModule.forRoot({
          service: 'notifications',
          natsUrl: config.natsUrl,
          namespace: config.natsNamespace,
          producesStreams: [],
          relay: false,
          consumers: options.consumers,
        }),
        RouterModule.register([{ path: 'notifications', module: MessagingModule }]),
      ],
      controllers: [
        PreferencesController,
        PreferenceLinkController,
        FollowsController,
        InboxController,
        UnsubscribeController,
        TemplatesAdminController,
        DeliveryLogController,
      ],
      providers: [
        { provide: NOTIFICATIONS_CONFIG, useValue: config },
        { provide: WORKER_OPTIONS, useValue: options },
        {
          provide: EMAIL_CHANNEL,
          useFactory: () =>
            new EmailChannel({
              smtpUrl: config.smtpUrl,
              from: config.mailFrom,
              unsubscribeMailto: config.unsubscribeMailto,
              maxConnections: config.smtpMaxConnections,
            }),
        },
        {
          provide: SMS_CHANNEL,
          useFactory: () => new SmsChannel({ providerUrl: config.smsProviderUrl, token: config.smsProviderToken, sender: config.smsSender }),
        },
        { provide: TemplateRenderer, useFactory: () => new TemplateRenderer() },
        TemplateVersionService,
        EmailPoolShutdown,
        FormBodyParser,
        RecipientService,
        SubscriptionService,
        PublicItemService,
        NotificationPlanner,
        NotificationEventConsumer,
        ErasureConsumer,
        AfterCommitEnqueue,
        DeliveryQueues,
        DeliveryService,
        DeliveryWorkers,
        DeliveryReconciler,
        DigestService,
        DigestScheduler,
        NotificationsWorkers,
        UnsubscribeLinks,
        UnsubscribeService,
        InboxService,
      ],
    };
  }
}

