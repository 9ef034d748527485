import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ServiceTestApp, startServiceTestApp } from '@vaikuta/service-kit/testing';
import { FeedbackAppModule } from '../src/app.module';
import { FeedbackConfig, loadFeedbackConfig } from '../src/feedback-config';
import { seedCatalog } from '../src/seed/demo-catalog';

export interface FeedbackTestApp extends Omit<ServiceTestApp<FeedbackConfig>, 'token' | 'publish'> {
  stream: string;
  token(role: string, departments?: string[], sub?: string, name?: string): Promise<string>;
}

/**
 * Boots the whole feedback service against real PostgreSQL and NATS, in a database and a
 * NATS namespace of its own, with the demo catalogue (departments, categories, districts).
 */
export async function startFeedbackTestApp(label: string, overrides: Partial<FeedbackConfig> = {}): Promise<FeedbackTestApp> {
  const photoDir = await mkdtemp(path.join(os.tmpdir(), 'vaikuta-photos-'));
  const t = await startServiceTestApp({
    service: 'feedback',
    label,
    // Request limits are off unless a test turns them on (overrides.rateLimits).
    config: (env) => loadFeedbackConfig(env, { photoDir, publicUrl: 'http://feedback.test', ...overrides }),
    app: (config) => FeedbackAppModule.forRoot(config),
  });
  await seedCatalog(t.dataSource);
  return {
    ...t,
    stream: `${t.namespace.toUpperCase()}_FEEDBACK`,
    token: (role, departments = [], sub = `test-${role}`, name) => t.token({ sub, roles: [role as never], departments, ...(name ? { name } : {}) }),
    async close() {
      await t.close();
      await rm(photoDir, { recursive: true, force: true });
    },
  };
}
