import 'reflect-metadata';
import { startHttpApp } from '@vaikuta/http';
import { FeedbackAppModule } from './app.module';
import { loadFeedbackConfig } from './feedback-config';

async function main() {
  const config = loadFeedbackConfig();
  await startHttpApp(FeedbackAppModule.forRoot(config), {
    service: 'feedback',
    title: 'Vaikuta feedback service',
    description: 'Feedback, ideas and fault reports; case-worker queues; Open311 GeoReport v2 at /open311/v2',
    port: config.port,
  });
}

main().catch((error) => {
  // The logger may not exist yet when configuration fails; stderr always does.
  console.error(`feedback service failed to start: ${error?.stack ?? error}`);
  process.exit(1);
});
