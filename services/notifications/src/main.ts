import 'reflect-metadata';
import { startHttpApp } from '@vaikuta/http';
import { NotificationsAppModule } from './app.module';
import { loadNotificationsConfig } from './notifications-config';

async function main() {
  const config = loadNotificationsConfig();
  await startHttpApp(NotificationsAppModule.forRoot(config, config.parts), {
    service: 'notifications',
    title: 'Vaikuta notification service',
    description: 'Who is told what: preferences, follows, in-app inbox, unsubscribe, templates, delivery log',
    port: config.port,
  });
}

main().catch((error) => {
  // The logger may not exist yet when configuration fails; stderr always does.
  console.error(`notifications service failed to start: ${error?.stack ?? error}`);
  process.exit(1);
});
