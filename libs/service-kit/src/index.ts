export {
  baseEnvSchema,
  loadServiceConfig,
  portVariable,
  serviceEnvSchema,
  ServiceConfigError,
  type BaseEnv,
  type BaseServiceConfig,
  type LoadedServiceConfig,
} from './service-config';
export { ServiceCoreModule, type ServiceCoreOptions } from './service-core.module';
export { serviceMigrations, type ServiceSchema } from './service-schema';
export {
  appDataSource,
  executeServiceCli,
  runServiceCli,
  type CliCommand,
  type CliContext,
  type CliOutput,
  type ServiceAppModule,
  type ServiceCliOptions,
} from './service-cli';
export { startService, type ServiceMainOptions } from './service-main';
