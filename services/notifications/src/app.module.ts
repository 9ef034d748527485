import { DynamicModule, Module } from '@nestjs/common';
import { EventConsumerOptions } from '@vaikuta/messaging';
import { ServiceCoreModule } from '@vaikuta/service-kit';
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
import { ErasedIdentities } from './privacy/erased-identities';
import { MyDataController } from './privacy/my-data.controller';
import { NotificationsPersonalDataRepository } from './privacy/personal-data.repository';
import { PreferenceLinkController } from './recipients/preference-link.controller';
import { PreferencesController } from './recipients/preferences.controller';
import { RecipientService } from './recipients/recipient.service';
import { CONSUMER_NAME, NotificationEventConsumer } from './rules/notification-event.consumer';
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
   * digests (one-off commands); the finer options split them between processes, by default
   * as NOTIFICATIONS_PARTS says (`config.parts`).
   */
  static forRoot(config: NotificationsConfig, { workers = true, ...parts }: { workers?: boolean } & NotificationsWorkerOptions = {}): DynamicModule {
    const part = (name: keyof NotificationsWorkerOptions) => parts[name] ?? (workers && (config.parts?.[name] ?? true));
    const options: Required<NotificationsWorkerOptions> = {
      consumers: part('consumers'),
      delivery: part('delivery'),
      reconciler: part('reconciler'),
      digests: part('digests'),
    };
    // One durable consumer for the rules' events and erasure requests (stream order kept per stream).
    const consumer: EventConsumerOptions = {
      name: CONSUMER_NAME,
      concurrency: config.consumerConcurrency,
      batchSize: config.consumerBatchSize,
      maxDeliver: 5,
      backoffMs: 1000,
    };
    return {
      module: NotificationsAppModule,
      imports: [
        ServiceCoreModule.forRoot({
          config,
          // The relay is off (this service produces no events): workers here means the consumer.
          workers: options.consumers,
          entities: notificationsEntities,
          migrations: notificationsMigrations,
          consumers: [
            { consumer: NotificationEventConsumer, options: consumer },
            { consumer: ErasureConsumer, options: consumer },
          ],
          // BullMQ's queues live in Redis: without it nothing is sent.
          redisRequired: true,
        }),
      ],
      controllers: [
        PreferencesController,
        PreferenceLinkController,
        FollowsController,
        InboxController,
        UnsubscribeController,
        TemplatesAdminController,
        DeliveryLogController,
        MyDataController,
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
        ErasedIdentities,
        NotificationsPersonalDataRepository,
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

