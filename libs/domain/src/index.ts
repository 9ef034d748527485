export { SortKey, encodeCursor, decodeCursor, type KeysetCursor, type SortKeyCheck } from './listing/keyset-cursor';
export { SqlConditions } from './listing/sql-conditions';
export { keysetPage, keysetQuerySchema, type KeysetPage } from './listing/keyset-page';
export { AuditLog, type AuditActor, type AuditRecord, type AuditEntryView } from './audit/audit-log';
export { auditTableMigration, auditTableDdl, type AuditTableOptions } from './audit/audit-table.migration';
export {
  VersionedChange,
  outboxEvent,
  type VersionedEntity,
  type VersionedChangeOptions,
  type ChangeRequest,
  type ChangeRecord,
  type Mutation,
  type OutboxEvent,
} from './versioning/versioned-change';
export { PersonalDataErasureConsumer, type ErasureSubject } from './erasure/personal-data-erasure.consumer';
export { erasureLogMigration } from './erasure/erasure-log.migration';
export { PersonalDataExport, type PersonalDataSource, type DataSubject } from './privacy-export/personal-data-export';
export { sqlIdentifier } from './sql-identifier';
export { Clock, SystemClock, FakeClock } from './time/clock';
