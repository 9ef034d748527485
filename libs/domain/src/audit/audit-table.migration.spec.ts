import { AuditLog } from './audit-log';
import { auditTableDdl, auditTableMigration } from './audit-table.migration';

describe('auditTableMigration', () => {
  it('names the migration class after its table and timestamp, as TypeORM orders them', () => {
    const Migration = auditTableMigration({ table: 'initiative_audit', timestamp: 1764700000300 });
    expect(new Migration().name).toBe('CreateInitiativeAudit1764700000300');
    expect(Migration.name).toBe('CreateInitiativeAudit1764700000300');
  });

  it('refuses a table name that is not a plain identifier, and a timestamp of another length', () => {
    expect(() => auditTableMigration({ table: 'x; DROP TABLE y', timestamp: 1764700000300 })).toThrow('Not a plain SQL identifier');
    expect(() => new AuditLog('Audit"')).toThrow('Not a plain SQL identifier');
    expect(() => auditTableMigration({ table: 'x_audit', timestamp: 17647 })).toThrow('must have 13 digits');
  });

  it('cascades from the audited rows only when asked', () => {
    expect(auditTableDdl({ table: 'a_audit' })[0]).not.toContain('REFERENCES');
    expect(auditTableDdl({ table: 'a_audit', references: 'a(id)' })[0]).toContain('REFERENCES a(id) ON DELETE CASCADE');
    expect(() => auditTableDdl({ table: 'a_audit', references: 'a(id); DROP TABLE b' })).toThrow('references must read table(column)');
  });
});
