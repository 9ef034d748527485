import { randomUUID } from 'node:crypto';
import { ConflictException, ForbiddenException, HttpException, NotFoundException } from '@nestjs/common';
import { Column, DataSource, Entity, MigrationInterface, PrimaryColumn, QueryRunner } from 'typeorm';
import { FeedbackEvents } from '@vaikuta/contracts';
import { CreateMessagingTables1763800000000, OutboxWriter } from '@vaikuta/messaging';
import { CorrelationContext } from '@vaikuta/observability';
import { createTestDatabase, openServiceDataSource, TestDatabase } from '@vaikuta/persistence';
import { AuditLog } from '../audit/audit-log';
import { auditTableMigration } from '../audit/audit-table.migration';
import { outboxEvent, VersionedChange } from './versioned-change';

@Entity('cases')
class Case {
  @PrimaryColumn('uuid') id: string;
  @Column() title: string;
  @Column({ name: 'department_code' }) departmentCode: string;
  @Column('int') version: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

class CreateCases1764700000001 implements MigrationInterface {
  name = 'CreateCases1764700000001';
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE cases (id uuid PRIMARY KEY, title text NOT NULL, department_code text NOT NULL, version int NOT NULL, updated_at timestamptz NOT NULL)`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE cases`);
  }
}

const actor = { id: 'worker-1', role: 'case_worker' };

describe('VersionedChange on PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let changes: VersionedChange<Case>;

  beforeAll(async () => {
    db = await createTestDatabase('domain_versioned');
    dataSource = await openServiceDataSource({
      url: db.url,
      entities: [Case],
      migrations: [
        CreateMessagingTables1763800000000,
        CreateCases1764700000001,
        auditTableMigration({ table: 'case_audit', timestamp: 1764700000002, references: 'cases(id)' }),
      ],
    });
    changes = new VersionedChange(dataSource, new OutboxWriter({ service: 'domain-test' }), { entity: Case, audit: new AuditLog('case_audit') });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  async function newCase(): Promise<string> {
    const id = randomUUID();
    await dataSource.query(`INSERT INTO cases VALUES ($1, 'Pothole', 'KYMP', 1, '2026-01-01T00:00:00Z')`, [id]);
    return id;
  }

  const state = async (id: string) => {
    const [row] = await dataSource.query(`SELECT title, version, updated_at FROM cases WHERE id = $1`, [id]);
    const audit = await dataSource.query(`SELECT version, action, actor_id, actor_role, details, correlation_id FROM case_audit WHERE entity_id = $1 ORDER BY id`, [id]);
    const outbox = await dataSource.query(`SELECT type, envelope FROM outbox WHERE envelope #>> '{data,requestId}' = $1 ORDER BY seq`, [id]);
    return { row, audit, outbox };
  };

  const publish = (id: string, version: number, title = 'Pothole on Main St') =>
    changes.apply({ id, expectedVersion: version, actor }, async (c) => {
      const before = c.title;
      c.title = title;
      return {
        action: 'retitled',
        details: { from: before, to: title },
        events: (saved, at) => [
          outboxEvent(FeedbackEvents.published, {
            requestId: saved.id,
            trackingCode: `T-${saved.version}`,
            departmentCode: saved.departmentCode,
            categoryCode: 'street',
            language: 'fi',
            by: actor,
            publishedAt: at,
          }),
        ],
      };
    });

  it('applies the change, bumps the version and writes the audit entry and the event together', async () => {
    const id = await newCase();
    const saved = await CorrelationContext.run('corr-123', () => publish(id, 1));
    expect(saved.version).toBe(2);
    const { row, audit, outbox } = await state(id);
    expect(row).toMatchObject({ title: 'Pothole on Main St', version: 2 });
    expect(row.updated_at.getTime()).toBeGreaterThan(Date.parse('2026-01-02T00:00:00Z'));
    expect(audit).toEqual([
      { version: 2, action: 'retitled', actor_id: 'worker-1', actor_role: 'case_worker', details: { from: 'Pothole', to: 'Pothole on Main St' }, correlation_id: 'corr-123' },
    ]);
    expect(outbox).toHaveLength(1);
    // The event sees the saved row: its new version and the change's time.
    expect(outbox[0].envelope.data).toMatchObject({ trackingCode: 'T-2', publishedAt: row.updated_at.toISOString() });
  });

  it('answers a stale version with the 409 problem naming the current version, and writes nothing', async () => {
    const id = await newCase();
    await publish(id, 1);
    const error = await publish(id, 1, 'Late edit').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpException);
    expect((error as HttpException).getStatus()).toBe(409);
    expect((error as HttpException).getResponse()).toEqual({
      title: 'The record has changed',
      detail: 'Someone else changed this record (now version 2). Reload it and try again.',
      currentVersion: 2,
    });
    const { row, audit, outbox } = await state(id);
    expect(row).toMatchObject({ title: 'Pothole on Main St', version: 2 });
    expect(audit).toHaveLength(1);
    expect(outbox).toHaveLength(1);
  });

  it('rolls everything back when the mutation refuses half-way', async () => {
    const id = await newCase();
    const refused = changes.apply({ id, expectedVersion: 1, actor }, async (c, tx) => {
      c.title = 'half';
      await tx.query(`UPDATE cases SET title = 'written before the refusal' WHERE id = $1`, [id]);
      throw new ConflictException('not in this state');
    });
    await expect(refused).rejects.toBeInstanceOf(ConflictException);
    const { row, audit, outbox } = await state(id);
    expect(row).toMatchObject({ title: 'Pothole', version: 1 });
    expect(audit).toEqual([]);
    expect(outbox).toEqual([]);
  });

  it('asks authorize before comparing versions, so a stranger learns no version', async () => {
    const id = await newCase();
    const authorize = () => {
      throw new ForbiddenException('not your department');
    };
    await expect(changes.apply({ id, expectedVersion: 99, actor, authorize }, async () => ({ action: 'x' }))).rejects.toBeInstanceOf(ForbiddenException);
  });

  it('answers an unknown id with 404 (or the service’s own error)', async () => {
    await expect(publish(randomUUID(), 1)).rejects.toBeInstanceOf(NotFoundException);
    const own = new VersionedChange(dataSource, new OutboxWriter({ service: 'domain-test' }), {
      entity: Case,
      audit: new AuditLog('case_audit'),
      notFound: (id) => new NotFoundException(`No request ${id}`),
    });
    await expect(own.apply({ id: '00000000-0000-4000-8000-000000000000', expectedVersion: 1, actor }, async () => ({ action: 'x' }))).rejects.toThrow(
      'No request 00000000-0000-4000-8000-000000000000',
    );
  });

  it('serializes concurrent changes on the row lock: of two with the same version, one wins and one gets 409', async () => {
    const id = await newCase();
    const slow = (title: string) =>
      changes.apply({ id, expectedVersion: 1, actor }, async (c) => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        c.title = title;
        return { action: 'retitled' };
      });
    const results = await Promise.allSettled([slow('first'), slow('second')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as HttpException).getStatus()).toBe(409);
    const { row, audit } = await state(id);
    expect(row.version).toBe(2);
    expect(audit).toHaveLength(1);
  });

  it('writes unversioned entries (notes) through the same audit log and reads a row’s history in order', async () => {
    const id = await newCase();
    await publish(id, 1);
    await dataSource.transaction(async (tx) => {
      await changes.lock(tx, id);
      await changes.audit.write(tx, { entityId: id, action: 'noted', actor, details: { noteId: 'n1' } });
    });
    const history = await changes.audit.entries(dataSource.manager, id);
    expect(history.map((e) => [e.action, e.version, e.actorId])).toEqual([
      ['retitled', 2, 'worker-1'],
      ['noted', null, 'worker-1'],
    ]);
    expect(history[1].at).toBeInstanceOf(Date);
  });
});
