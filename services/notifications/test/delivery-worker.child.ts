// A delivery worker in a process of its own, so a test can kill it with SIGKILL.
// Configuration arrives as JSON in NOTIFICATIONS_TEST_CONFIG (the test app's); the BullMQ lock
// timings come from this process's own environment, which the test shortens for the child only.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NotificationsAppModule } from '../src/app.module';
import { loadNotificationsConfig, NotificationsConfig } from '../src/notifications-config';

async function main() {
  const { deliveryLockMs, deliveryStalledIntervalMs } = loadNotificationsConfig(process.env);
  const config = { ...(JSON.parse(process.env.NOTIFICATIONS_TEST_CONFIG!) as NotificationsConfig), deliveryLockMs, deliveryStalledIntervalMs };
  const app = await NestFactory.createApplicationContext(
    NotificationsAppModule.forRoot(config, { consumers: false, delivery: true, reconciler: false, digests: false }),
    { logger: ['error'] },
  );
  await app.init();
  process.stdout.write('ready\n');
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
