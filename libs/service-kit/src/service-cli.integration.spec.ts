import { DynamicModule, Module } from '@nestjs/common';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@vaikuta/persistence';
import { testNamespace } from '@vaikuta/testing';
import { executeServiceCli, ServiceCliOptions } from './service-cli';
import { BaseServiceConfig, loadServiceConfig, serviceEnvSchema } from './service-config';
import { ServiceCoreModule } from './service-core.module';

class CreateGreeting1700000000001 implements MigrationInterface {
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE greeting (id serial PRIMARY KEY, text text NOT NULL)`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE greeting`);
  }
}

@Module({})
class GreeterAppModule {
  static forRoot(config: BaseServiceConfig, { workers = true }: { workers?: boolean } = {}): DynamicModule {
    return { module: GreeterAppModule, imports: [ServiceCoreModule.forRoot({ config, workers, migrations: [CreateGreeting1700000000001], auth: { devIssuer: true } })] };
  }
}

function capture() {
  const lines: string[] = [];
  return { lines, output: { out: (l: string) => lines.push(`out ${l}`), err: (l: string) => lines.push(`err ${l}`) } };
}

describe('executeServiceCli', () => {
  let db: TestDatabase;
  const namespace = testNamespace('service_cli');
  beforeAll(async () => {
    db = await createTestDatabase('service_cli');
    // The CLI creates the database itself: start without one.
    await db.drop();
  });
  afterAll(() => db.drop());

  const env = () => ({ DATABASE_URL: db.url, NATS_NAMESPACE: namespace, RATE_LIMITS: 'off', NODE_ENV: 'test' });
  const options = (overrides: Partial<ServiceCliOptions<BaseServiceConfig>> = {}): ServiceCliOptions<BaseServiceConfig> => ({
    service: 'greeter',
    config: () => loadServiceConfig('greeter', serviceEnvSchema({}), env()),
    schema: { migrations: [CreateGreeting1700000000001] },
    app: GreeterAppModule,
    seed: async (app, { config }) => {
      const dataSource = app.get<DataSource>(getDataSourceToken());
      await dataSource.query(`INSERT INTO greeting (text) SELECT 'hei' WHERE NOT EXISTS (SELECT 1 FROM greeting)`);
      return `seeded for ${config.service}`;
    },
    commands: {
      count: async ({ database }) => `${(await (await database()).query(`SELECT count(*)::int AS n FROM greeting`))[0].n} greetings`,
      explode: async () => {
        throw new Error('the disk is full\n  at somewhere');
      },
    },
    ...overrides,
  });

  it('migrate creates the database, runs the messaging and own migrations', async () => {
    const { lines, output } = capture();
    expect(await executeServiceCli(options(), ['migrate'], output)).toBe(0);
    expect(lines).toEqual(['out greeter: database migrated']);
    const { lines: counted, output: out2 } = capture();
    expect(await executeServiceCli(options(), ['count'], out2)).toBe(0);
    expect(counted).toEqual(['out greeter: 0 greetings']);
  });

  it('migrate runs afterMigrate once migrated, on the same database', async () => {
    const { lines, output } = capture();
    const afterMigrate = async ({ database }: { database: () => Promise<DataSource> }) =>
      `${(await (await database()).query(`SELECT count(*)::int AS n FROM migrations`))[0].n} migrations recorded`;
    expect(await executeServiceCli(options({ afterMigrate }), ['migrate'], output)).toBe(0);
    expect(lines).toEqual(['out greeter: database migrated', 'out greeter: 2 migrations recorded']);
  });

  it('seed-demo boots the app without workers and calls the seeder', async () => {
    const { lines, output } = capture();
    expect(await executeServiceCli(options(), ['seed-demo'], output)).toBe(0);
    expect(lines).toEqual(['out greeter: seeded for greeter']);
    const { lines: counted, output: out2 } = capture();
    await executeServiceCli(options(), ['count'], out2);
    expect(counted).toEqual(['out greeter: 1 greetings']);
  });

  it('without a seeder, seed-demo says there is nothing to seed', async () => {
    const { lines, output } = capture();
    expect(await executeServiceCli(options({ seed: undefined }), ['seed-demo'], output)).toBe(0);
    expect(lines).toEqual(['out greeter: nothing to seed']);
  });

  it('an unknown or missing command prints the usage line and exits 2', async () => {
    for (const argv of [['frobnicate'], [], ['toString']]) {
      const { lines, output } = capture();
      expect(await executeServiceCli(options(), argv, output)).toBe(2);
      expect(lines).toEqual(['err usage: cli.js migrate | seed-demo | count | explode']);
    }
  });

  it('a failing command exits 1 with one line saying why', async () => {
    const { lines, output } = capture();
    expect(await executeServiceCli(options(), ['explode'], output)).toBe(1);
    expect(lines).toEqual(['err greeter explode failed: the disk is full at somewhere']);
  });

  it('invalid configuration exits 1 with a line per bad variable, before touching anything', async () => {
    const { lines, output } = capture();
    const bad = options({ config: () => loadServiceConfig('greeter', serviceEnvSchema({}), { DATABASE_URL: 'nope', REDIS_URL: 'http://x' }) });
    expect(await executeServiceCli(bad, ['migrate'], output)).toBe(1);
    expect(lines).toEqual([
      'err greeter: config error: DATABASE_URL: must be a postgres:// URL\ngreeter: config error: REDIS_URL: must be a redis:// or rediss:// URL',
    ]);
  });
});
