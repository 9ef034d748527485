import 'reflect-metadata';
import { runServiceCli } from '@vaikuta/service-kit';
import { NotificationsAppModule } from './app.module';
import { loadNotificationsConfig } from './notifications-config';
import { notificationsEntities, notificationsMigrations } from './notifications-entities';
import { DeliveryReconciler } from './delivery/delivery-reconciler';
import { seedDemoRecipients } from './seed/demo-recipients';

/**
 * `migrate`; `seed-demo` gives the demo resident Aino an email address (other recipients come
 * from events and sign-ins);
 * `reconcile` enqueues every pending notification once (after restoring Redis by hand).
 */
runServiceCli({
  service: 'notifications',
  config: () => loadNotificationsConfig(),
  schema: { entities: notificationsEntities, migrations: notificationsMigrations },
  app: NotificationsAppModule,
  seed: async (app) => seedDemoRecipients(app),
  commands: {
    async reconcile({ app }) {
      const reconciler = (await app({ reconcileAfterSeconds: 0 })).get(DeliveryReconciler);
      let total = 0;
      for (let added = -1; added !== 0; ) total += added = await reconciler.runOnce();
      return `${total} pending notifications enqueued`;
    },
  },
});
