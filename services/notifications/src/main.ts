import 'reflect-metadata';
import { startService } from '@vaikuta/service-kit';
import { NotificationsAppModule } from './app.module';
import { loadNotificationsConfig } from './notifications-config';

startService({
  service: 'notifications',
  config: () => loadNotificationsConfig(),
  app: NotificationsAppModule,
  title: 'Vaikuta notification service',
  description: 'Who is told what: preferences, follows, in-app inbox, unsubscribe, templates, delivery log',
});
