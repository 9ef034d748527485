import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { auditTableDdl } from '@vaikuta/domain';
import { createTestDatabase, openServiceDataSource, TestDatabase } from '@vaikuta/persistence';
import { feedbackEntities, feedbackMigrations } from '../feedback-entities';
import { FEEDBACK_AUDIT } from '../queue/feedback-case.service';
import { AuditEntry } from '../queue/feedback-message.entity';
import { SharedAuditShape1764700000100 } from './1764700000100-SharedAuditShape';

/**
 * feedback_audit written before the shared audit shape keeps every entry when it takes the
 * shape, and then has exactly the columns of a table made by libs/domain's factory.
 */
describe('feedback_audit takes the shared audit shape', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const requestId = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase('feedback_audit_shape');
    const before = await openServiceDataSource({ url: db.url, entities: [], migrations: feedbackMigrations.filter((m) => m !== SharedAuditShape1764700000100) });
    await before.query(`INSERT INTO departments (code, name_fi, name_sv, name_en) VALUES ('KYMP', 'K', 'K', 'K')`);
    await before.query(`INSERT INTO categories (code, department_code, name_fi, name_sv, name_en, service_level_days) VALUES ('street', 'KYMP', 'K', 'K', 'K', 14)`);
    await before.query(
      `INSERT INTO feedback_requests (id, tracking_code, kind, category_code, department_code, description, language, status, channel, due_at)
       VALUES ($1, 'FB-1', 'fault', 'street', 'KYMP', 'Hole', 'fi', 'received', 'web', now())`,
      [requestId],
    );
    await before.query(
      `INSERT INTO feedback_audit (request_id, actor_id, actor_role, action, details, at) VALUES
         ($1, 'anonymous', 'resident', 'submitted', '{"channel":"web"}', '2026-01-01T10:00:00Z'),
         ($1, 'worker-1', 'case_worker', 'claimed', '{"assigneeId":"worker-1"}', '2026-01-02T10:00:00Z')`,
      [requestId],
    );
    await before.destroy();
    dataSource = await openServiceDataSource({ url: db.url, entities: feedbackEntities, migrations: feedbackMigrations });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const columns = (table: string) =>
    dataSource.query(
      `SELECT column_name, data_type, is_nullable, regexp_replace(coalesce(column_default, ''), '${table}_id_seq', 'SEQ') AS column_default
         FROM information_schema.columns WHERE table_name = $1 ORDER BY column_name`,
      [table],
    );

  it('keeps every entry as it was', async () => {
    const entries = await dataSource.getRepository(AuditEntry).find({ where: { requestId }, order: { id: 'ASC' } });
    expect(entries.map(({ requestId: r, actorId, actorRole, action, details, at, version, correlationId }) => ({ r, actorId, actorRole, action, details, at: at.toISOString(), version, correlationId }))).toEqual([
      { r: requestId, actorId: 'anonymous', actorRole: 'resident', action: 'submitted', details: { channel: 'web' }, at: '2026-01-01T10:00:00.000Z', version: null, correlationId: null },
      { r: requestId, actorId: 'worker-1', actorRole: 'case_worker', action: 'claimed', details: { assigneeId: 'worker-1' }, at: '2026-01-02T10:00:00.000Z', version: null, correlationId: null },
    ]);
  });

  it('has the columns of a table made by the shared factory, and its index', async () => {
    for (const statement of auditTableDdl({ table: 'reference_audit' })) await dataSource.query(statement);
    expect(await columns('feedback_audit')).toEqual(await columns('reference_audit'));
    expect(await dataSource.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'feedback_audit_entity'`)).toEqual([
      { indexdef: expect.stringContaining('(entity_id, id)') },
    ]);
  });

  it('takes entries from the shared writer, still cascading with its request', async () => {
    await dataSource.transaction((tx) => FEEDBACK_AUDIT.write(tx, { entityId: requestId, version: 2, action: 'published', actor: { id: 'worker-1', role: 'case_worker' } }));
    const history = await FEEDBACK_AUDIT.entries(dataSource.manager, requestId);
    expect(history.map((e) => [e.action, e.version])).toEqual([
      ['submitted', null],
      ['claimed', null],
      ['published', 2],
    ]);
    await dataSource.query(`DELETE FROM feedback_requests WHERE id = $1`, [requestId]);
    expect(await FEEDBACK_AUDIT.entries(dataSource.manager, requestId)).toEqual([]);
  });
});
