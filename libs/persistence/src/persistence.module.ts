import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { openServiceDataSource, ServiceDataSourceConfig } from './service-data-source';

export interface PersistenceModuleOptions extends ServiceDataSourceConfig {
  /**
   * Run pending migrations while booting. Handy for a single process (`npm start`,
   * tests); a city deployment runs the migrate job once instead (deploy/k8s).
   */
  migrateOnStart?: boolean;
}

@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceModuleOptions): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ retryAttempts: 3, retryDelay: 1000 }),
          dataSourceFactory: () => openServiceDataSource(options, { migrate: options.migrateOnStart ?? true }),
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
