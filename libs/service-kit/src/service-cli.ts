import { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { openServiceDataSource } from '@vaikuta/persistence';
import type { BaseServiceConfig } from './service-config';
import { ServiceConfigError } from './service-config';
import { serviceMigrations, type ServiceSchema } from './service-schema';

/** A service's root module as the kit boots it: `FeedbackAppModule` with its `forRoot(config, { workers })`. */
export interface ServiceAppModule<C> {
  forRoot(config: C, options?: { workers?: boolean }): DynamicModule;
}

/** What a command is given; whatever it opens is closed by the runner afterwards. */
export interface CliContext<C extends BaseServiceConfig> {
  config: C;
  /** The service's database, created if missing and migrated (opened once per command). */
  database(): Promise<DataSource>;
  /** The whole app without HTTP, relay or consumers (`workers: false`). */
  app(overrides?: Partial<C>): Promise<INestApplicationContext>;
  /** Prints `<service>: <line>`. */
  log(line: string): void;
  warn(line: string): void;
}

/** A command: what it did is printed as `<service>: <result>` when it returns a line. */
export type CliCommand<C extends BaseServiceConfig> = (context: CliContext<C>) => Promise<string | void>;

export interface ServiceCliOptions<C extends BaseServiceConfig> {
  service: string;
  /** Loads (and checks) the configuration; called once, before any command. */
  config: () => C;
  schema: ServiceSchema;
  app: ServiceAppModule<C>;
  /** `seed-demo`: fills in the demo city, idempotently, in the booted app. Absent: nothing to seed. */
  seed?: (app: INestApplicationContext, context: CliContext<C>) => Promise<string | void>;
  /** Also run by `migrate`, after the migrations (e.g. data fixes that need code, not SQL). */
  afterMigrate?: CliCommand<C>;
  /** The service's own commands besides `migrate` and `seed-demo`. */
  commands?: Record<string, CliCommand<C>>;
}

/** Where the runner writes; tests capture it. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

const consoleOutput: CliOutput = { out: (line) => console.log(line), err: (line) => console.error(line) };

/**
 * Runs one command and answers its exit code: 0 done, 1 failed (one line saying why),
 * 2 unknown command (the usage line).
 */
export async function executeServiceCli<C extends BaseServiceConfig>(
  options: ServiceCliOptions<C>,
  argv: string[],
  output: CliOutput = consoleOutput,
): Promise<number> {
  const { service } = options;
  const command = argv[0];
  const commands: Record<string, CliCommand<C>> = {
    migrate: async (context) => {
      await context.database();
      context.log('database migrated');
      return options.afterMigrate?.(context);
    },
    'seed-demo': async (context) => (options.seed ? options.seed(await context.app(), context) : 'nothing to seed'),
    ...options.commands,
  };
  const run = command === undefined ? undefined : Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (!run) {
    output.err(`usage: cli.js ${Object.keys(commands).join(' | ')}`);
    return 2;
  }
  const opened: Array<() => Promise<void>> = [];
  let database: Promise<DataSource> | undefined;
  try {
    const config = options.config();
    const openDatabase = async () => {
      const dataSource = await openServiceDataSource({
        url: config.databaseUrl,
        entities: options.schema.entities ?? [],
        migrations: serviceMigrations(options.schema.migrations),
        poolSize: config.databasePoolSize,
      });
      opened.push(() => dataSource.destroy());
      return dataSource;
    };
    const context: CliContext<C> = {
      config,
      database: () => (database ??= openDatabase()),
      app: async (overrides = {}) => {
        const app = await NestFactory.createApplicationContext(options.app.forRoot({ ...config, ...overrides }, { workers: false }), {
          logger: ['error', 'warn'],
          // A failed boot is reported as this command's one line, not by Nest exiting the process.
          abortOnError: false,
        });
        opened.push(() => app.close());
        return app;
      },
      log: (line) => output.out(`${service}: ${line}`),
      warn: (line) => output.err(`${service}: ${line}`),
    };
    const result = await run(context);
    if (result) context.log(result);
    return 0;
  } catch (error) {
    if (error instanceof ServiceConfigError) output.err(error.message);
    else output.err(`${service} ${command} failed: ${oneLine(error)}`);
    return 1;
  } finally {
    for (const close of opened.reverse()) await close().catch(() => undefined);
  }
}

/** A service's cli.ts: `runServiceCli({ service, config, schema, app, seed, commands })`. */
export function runServiceCli<C extends BaseServiceConfig>(options: ServiceCliOptions<C>, argv = process.argv.slice(2)): void {
  void executeServiceCli(options, argv).then((code) => {
    // Exit explicitly: a pool or socket left half-closed after a failure must not keep the job alive.
    if (code !== 0) process.exit(code);
  });
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ');
}

/** The data source of a booted app (for seeders). */
export function appDataSource(app: INestApplicationContext): DataSource {
  return app.get<DataSource>(getDataSourceToken());
}
