import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { openServiceDataSource } from '@vaikuta/persistence';
import { FeedbackAppModule } from './app.module';
import { loadFeedbackConfig } from './feedback-config';
import { feedbackEntities, feedbackMigrations } from './feedback-entities';
import { FeedbackIntakeService } from './intake/feedback-intake.service';
import { FeedbackCaseService } from './queue/feedback-case.service';
import { reencodeLegacyPhotos } from './photos/legacy-photo-reencoder';
import { LocalDiskPhotoStorage } from './photos/local-disk-photo-storage';
import { seedCatalog } from './seed/demo-catalog';
import { seedDemoRequests } from './seed/demo-requests';
import { seedDemoOpen311Key } from './seed/demo-open311-key';
import { seedDemoCannedResponses } from './seed/demo-canned-responses';

/**
 * One-off commands: `migrate` creates the database if needed and applies migrations;
 * `seed-demo` fills in the demo city (idempotent); `reencode-photos` strips photos stored
 * before intake did (also run by `migrate`; see photos/legacy-photo-reencoder.ts).
 */
async function main(command: string | undefined) {
  const config = loadFeedbackConfig();
  if (command === 'migrate') {
    const dataSource = await openServiceDataSource({ url: config.databaseUrl, entities: feedbackEntities, migrations: feedbackMigrations });
    try {
      console.log('feedback: database migrated');
      // Photos from before intake re-encoded them are served to no one until this has run.
      await reencodePhotos(dataSource, config.photoDir);
    } finally {
      await dataSource.destroy();
    }
    return;
  }
  if (command === 'reencode-photos') {
    const dataSource = await openServiceDataSource({ url: config.databaseUrl, entities: feedbackEntities, migrations: feedbackMigrations });
    try {
      await reencodePhotos(dataSource, config.photoDir);
    } finally {
      await dataSource.destroy();
    }
    return;
  }
  if (command === 'seed-demo') {
    const app = await NestFactory.createApplicationContext(FeedbackAppModule.forRoot(config, { workers: false }), { logger: ['error', 'warn'] });
    try {
      const dataSource = app.get<DataSource>(getDataSourceToken());
      await seedCatalog(dataSource);
      const key = await seedDemoOpen311Key(dataSource, process.env.OPEN311_DEMO_API_KEY ?? 'demo-key');
      await seedDemoCannedResponses(dataSource);
      const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM feedback_requests WHERE submitted_by = 'demo-seed'`);
      const created = n > 0 ? 0 : await seedDemoRequests(app.get(FeedbackIntakeService), app.get(FeedbackCaseService));
      console.log(`feedback: demo catalogue ready, Open311 key ${key}, ${created ? `${created} demo requests created` : 'demo requests already there'}`);
    } finally {
      await app.close();
    }
    return;
  }
  console.error('usage: cli.js migrate | seed-demo | reencode-photos');
  process.exit(2);
}

async function reencodePhotos(dataSource: DataSource, photoDir: string) {
  const { reencoded, failed } = await reencodeLegacyPhotos(dataSource, new LocalDiskPhotoStorage(photoDir), (line) => console.warn(`feedback: ${line}`));
  if (reencoded || failed) console.log(`feedback: ${reencoded} stored photos re-encoded without metadata, ${failed} could not be`);
}

main(process.argv[2]).catch((error) => {
  console.error(`feedback ${process.argv[2]} failed: ${error?.stack ?? error}`);
  process.exit(1);
});
