import 'reflect-metadata';
import { startService } from '@vaikuta/service-kit';
import { FeedbackAppModule } from './app.module';
import { loadFeedbackConfig } from './feedback-config';

startService({
  service: 'feedback',
  config: () => loadFeedbackConfig(),
  app: FeedbackAppModule,
  title: 'Vaikuta feedback service',
  description: 'Feedback, ideas and fault reports; case-worker queues; Open311 GeoReport v2 at /open311/v2',
});
