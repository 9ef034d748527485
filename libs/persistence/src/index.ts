export { databaseUrlFor, maintenanceUrl } from './database-url';
export { ensureDatabase, dropDatabase } from './ensure-database';
export { serviceDataSourceOptions, openServiceDataSource, type ServiceDataSourceConfig } from './service-data-source';
export { PersistenceModule, type PersistenceModuleOptions } from './persistence.module';
export { createTestDatabase, type TestDatabase } from './test-database';
export { LocalDiskFileStorage, type FileStorage } from './file-storage';
