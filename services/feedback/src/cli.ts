import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { appDataSource, CliContext, runServiceCli } from '@vaikuta/service-kit';
import { FeedbackAppModule } from './app.module';
import { FeedbackConfig, loadFeedbackConfig } from './feedback-config';
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
 * `migrate` (then re-encodes photos stored before intake did: they are served to no one until
 * this has run, see photos/legacy-photo-reencoder.ts); `seed-demo` fills in the demo city
 * (idempotent); `reencode-photos` on its own.
 */
runServiceCli({
  service: 'feedback',
  config: () => loadFeedbackConfig(),
  schema: { entities: feedbackEntities, migrations: feedbackMigrations },
  app: FeedbackAppModule,
  afterMigrate: reencodePhotos,
  commands: { 'reencode-photos': reencodePhotos },
  async seed(app, { config }) {
    const dataSource = appDataSource(app);
    await seedCatalog(dataSource);
    const key = await seedDemoOpen311Key(dataSource, config.open311DemoApiKey);
    await seedDemoCannedResponses(dataSource);
    const created = (await hasDemoRequests(dataSource)) ? 0 : await seedDemoRequests(app.get(FeedbackIntakeService), app.get(FeedbackCaseService));
    return `demo catalogue ready, Open311 key ${key}, ${created ? `${created} demo requests created` : 'demo requests already there'}`;
  },
});

async function hasDemoRequests(dataSource: DataSource): Promise<boolean> {
  const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM feedback_requests WHERE submitted_by = 'demo-seed'`);
  return n > 0;
}

async function reencodePhotos({ config, database, warn }: CliContext<FeedbackConfig>): Promise<string | void> {
  const { reencoded, failed } = await reencodeLegacyPhotos(await database(), new LocalDiskPhotoStorage(config.photoDir), warn);
  if (reencoded || failed) return `${reencoded} stored photos re-encoded without metadata, ${failed} could not be`;
}
