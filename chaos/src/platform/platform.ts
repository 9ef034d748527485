import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { issueDevToken, type Role } from '@vaikuta/auth';
import { registeredService, TestSmtpServer } from '@vaikuta/testing';
import { freePorts } from '../infra/child-processes';
import { PrivateNats } from '../infra/private-nats';
import { PrivatePostgres } from '../infra/private-postgres';
import { PrivateRedis } from '../infra/private-redis';
import { ServiceBuild } from './service-build';
import { ServiceReplica } from './service-replica';

export type Layout = 'single' | 'cluster';

/** The services the load reaches (the portal only calls their APIs, so the invariants do not need it). */
export const CHAOS_SERVICES = ['feedback', 'budgeting', 'grants', 'initiatives', 'notifications'] as const;
export type ChaosService = (typeof CHAOS_SERVICES)[number];

/**
 * Everything the suite runs on, all of it its own: PostgreSQL, Redis, NATS (one node or a
 * three-node cluster), an SMTP sink, and every service as one or two replicas sharing a
 * database, stream and durable consumers.
 */
export class ChaosPlatform {
  readonly replicas = new Map<ChaosService, ServiceReplica[]>();
  private constructor(
    readonly layout: Layout,
    readonly workDir: string,
    readonly postgres: PrivatePostgres,
    readonly redis: PrivateRedis,
    readonly nats: PrivateNats,
    readonly smtp: TestSmtpServer,
    readonly keysDir: string,
  ) {}

  private build?: ServiceBuild;

  static async start(layout: Layout, log: (line: string) => void): Promise<ChaosPlatform> {
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'vaikuta-chaos-'));
    const keysDir = path.join(workDir, 'keys');
    const [pgPort, redisPort] = await freePorts(2);
    const postgres = new PrivatePostgres(workDir, pgPort);
    const redis = new PrivateRedis(redisPort);
    const nats = await PrivateNats.create(workDir, layout === 'cluster' ? 3 : 1);
    const smtp = await TestSmtpServer.start();
    const platform = new ChaosPlatform(layout, workDir, postgres, redis, nats, smtp, keysDir);
    try {
      const [build] = await Promise.all([ServiceBuild.compile(), postgres.init(), redis.start(), nats.start()]);
      platform.build = build;
      log(`infrastructure: postgres :${pgPort}, redis :${redisPort}, nats ${nats.url}, smtp :${smtp.port}`);
      for (const service of CHAOS_SERVICES) await postgres.createDatabase(`vaikuta_${service}`);
      await platform.startServices(log);
    } catch (error) {
      await platform.close();
      throw error;
    }
    return platform;
  }

  private serviceEnv(service: ChaosService, port: number, first: boolean): NodeJS.ProcessEnv {
    const entry = registeredService(service);
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      RATE_LIMITS: 'off',
      ...entry.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: this.postgres.url(`vaikuta_${service}`),
      // Two replicas each with 20 connections, five services: well inside max_connections.
      DATABASE_POOL_SIZE: '10',
      // Only the first replica migrates: two at once would race for the same migration.
      DB_MIGRATE_ON_START: first ? 'true' : 'false',
      NATS_URL: this.nats.url,
      NATS_NAMESPACE: '',
      NATS_STREAM_REPLICAS: String(this.nats.size),
      REDIS_URL: this.redis.url,
      AUTH_DEV_ISSUER: 'true',
      AUTH_DEV_KEYS_DIR: this.keysDir,
      // What other services would call: nothing here needs them, and none of them answers.
      GEOCODER_PROVIDER: 'none',
      KUNTALAISALOITE_IMPORT_INTERVAL_MINUTES: '0',
      REMINDER_INTERVAL_MINUTES: '0',
      SMTP_URL: this.smtp.url,
      // A delivery left pending by a killed worker is re-queued soon, not after a minute.
      RECONCILE_AFTER_SECONDS: '10',
      RECONCILE_INTERVAL_MS: '2000',
      PUBLIC_URL: 'http://notifications.chaos',
      PORTAL_URL: 'http://portal.chaos',
    };
  }

  private async startServices(log: (line: string) => void): Promise<void> {
    const perService = this.layout === 'cluster' ? 2 : 1;
    const ports = await freePorts(CHAOS_SERVICES.length * perService);
    // The first replica of each service migrates; they start together to save time.
    await Promise.all(
      CHAOS_SERVICES.map(async (service, s) => {
        const entry = registeredService(service);
        const list = Array.from({ length: perService }, (_, r) => {
          const port = ports[s * perService + r];
          return new ServiceReplica(service, r + 1, port, this.build!.main(service), this.serviceEnv(service, port, r === 0), entry.nodeArgs ?? []);
        });
        this.replicas.set(service, list);
        await list[0].start();
        if (service === 'feedback') await this.seedFeedbackCatalog();
      }),
    );
    await Promise.all(CHAOS_SERVICES.flatMap((service) => this.replicas.get(service)!.slice(1).map((r) => r.start())));
    log(`services: ${CHAOS_SERVICES.map((s) => `${s}×${perService}`).join(', ')}`);
  }

  /** feedback's test seed: the demo catalogue (categories 171, 246, …) the intake load uses. */
  private async seedFeedbackCatalog(): Promise<void> {
    await promisify(execFile)(process.execPath, [this.build!.script('services/feedback/test/test-seed.ts')], {
      env: { ...process.env, DATABASE_URL: this.postgres.url('vaikuta_feedback') },
    });
  }

  all(): ServiceReplica[] {
    return [...this.replicas.values()].flat();
  }

  urls(service: ChaosService): string[] {
    return this.replicas.get(service)!.map((r) => r.url);
  }

  token(sub: string, roles: Role[], extra: Record<string, unknown> = {}): Promise<string> {
    return issueDevToken({ sub, roles, ...extra } as never, { keysDir: this.keysDir });
  }

  /** A plain connection to a service's database, for the invariants and set-up. */
  async query<T = any>(service: ChaosService, sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.postgres.url(`vaikuta_${service}`) });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.all().map((r) => r.stop()));
    await Promise.allSettled([this.nats.stop(), this.redis.stop(), this.postgres.stop(), this.smtp.close()]);
    await rm(this.workDir, { recursive: true, force: true });
    await this.build?.remove();
  }
}
