import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { openServiceDataSource } from '@vaikuta/persistence';
import { NotificationsAppModule } from './app.module';
import { loadNotificationsConfig } from './notifications-config';
import { notificationsEntities, notificationsMigrations } from './notifications-entities';
import { DeliveryReconciler } from './delivery/delivery-reconciler';

/**
 * One-off commands: `migrate` creates the database if needed and applies migrations;
 * `seed-demo` has nothing to seed (recipients come from events and sign-ins);
 * `reconcile` enqueues every pending notification once (after restoring Redis by hand).
 */
async function main(command: string | undefined) {
  const config = loadNotificationsConfig();
  if (command === 'migrate') {
    const dataSource = await openServiceDataSource({ url: config.databaseUrl, entities: notificationsEntities, migrations: notificationsMigrations });
    await dataSource.destroy();
    console.log('notifications: database migrated');
    return;
  }
  if (command === 'seed-demo') {
    console.log('notifications: nothing to seed (recipients come from events and sign-ins)');
    return;
  }
  if (command === 'reconcile') {
    const app = await NestFactory.createApplicationContext(
      NotificationsAppModule.forRoot({ ...config, reconcileAfterSeconds: 0 }, { workers: false }),
      { logger: ['error', 'warn'] },
    );
    try {
      let total = 0;
      for (let added = -1; added !== 0; ) total += added = await app.get(DeliveryReconciler).runOnce();
      console.log(`notifications: ${total} pending notifications enqueued`);
    } finally {
      await app.close();
    }
    return;
  }
  console.error('usage: cli.js migrate | seed-demo | reconcile');
  process.exit(2);
}

main(process.argv[2]).catch((error) => {
  console.error(`notifications ${process.argv[2]} failed: ${error?.stack ?? error}`);
  process.exit(1);
});
