import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@vaikuta/domain';
import { Initiative } from './initiative.entity';
import { InitiatorRecord, InitiativeRecord, StatementRecord, TimelineRecord } from './initiative.record';

/**
 * A raw row of `initiatives` (the lists' SQL) as an entity: column names from the entity's
 * own mapping, so the two never disagree.
 */
export function fromRow(dataSource: DataSource, row: Record<string, unknown>): InitiativeRecord {
  const record = new Initiative() as unknown as Record<string, unknown>;
  for (const column of dataSource.getMetadata(Initiative).columns) record[column.propertyName] = row[column.databaseName];
  return record as unknown as InitiativeRecord;
}

/**
 * The entity's columns for the lists' raw SQL (not the search vector); `council_deadline` as
 * text, so no time zone shifts the day.
 */
export function initiativeColumnsSql(dataSource: DataSource): string {
  return dataSource
    .getMetadata(Initiative)
    .columns.map((c) => (c.databaseName === 'council_deadline' ? `to_char(i.council_deadline, 'YYYY-MM-DD') AS council_deadline` : `i.${c.databaseName}`))
    .join(', ');
}

/** Every query of the initiatives tables, so services and controllers hold no SQL. */
@Injectable()
export class InitiativeRepository {
  /** The shared audit table (libs/domain), written in the change's transaction. */
  readonly auditLog = new AuditLog('initiative_audit');

  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Inserts the row; false when one with its id is already there (a retried keyed filing). */
  async insert(m: EntityManager, record: InitiativeRecord): Promise<boolean> {
    const result = await m.createQueryBuilder().insert().into(Initiative).values(record).orIgnore().returning('id').execute();
    return (result.raw as unknown[]).length === 1;
  }

  /** Writes back a row changed outside a versioned change (supports, the import). */
  async update(m: EntityManager, record: InitiativeRecord): Promise<void> {
    await m.save(Initiative, record);
  }

  /** The row, locked for the rest of the transaction. */
  lock(m: EntityManager, id: string): Promise<InitiativeRecord | null> {
    return m.getRepository(Initiative).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  find(id: string, m: EntityManager = this.dataSource.manager): Promise<InitiativeRecord | null> {
    return m.getRepository(Initiative).findOneBy({ id });
  }

  lockBySource(m: EntityManager, system: 'kuntalaisaloite', externalId: string): Promise<InitiativeRecord | null> {
    return m.getRepository(Initiative).findOne({ where: { sourceSystem: system, externalId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Initiatives linked to an Ahjo case (or registered under the same case id). */
  findByAhjoCase(caseId: string): Promise<InitiativeRecord[]> {
    return this.dataSource.getRepository(Initiative).find({ where: [{ ahjoCaseId: caseId }, { caseId }] });
  }

  /** Titles in more languages (staff translations, the demo city). */
  async setTitle(id: string, title: InitiativeRecord['title']): Promise<void> {
    await this.dataSource.getRepository(Initiative).update({ id }, { title });
  }

  async countCreatedBy(createdBy: string): Promise<number> {
    return this.dataSource.getRepository(Initiative).countBy({ createdBy });
  }

  async caseIdTaken(m: EntityManager, caseId: string): Promise<boolean> {
    const rows = await m.query(`SELECT 1 FROM initiatives WHERE case_id = $1`, [caseId]);
    return rows.length > 0;
  }

  /** The next free `PREFIX-YEAR-nnnnnn`, counted per year from those given so far. */
  async nextCaseId(m: EntityManager, prefix: string, year: number): Promise<string> {
    // One registration at a time per city: the sequence is the count, so two must not race.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('initiatives.case_id'))`);
    const [{ n }] = await m.query(
      `SELECT coalesce(max(substring(case_id FROM '\\d{6}$')::int), 0) + 1 AS n FROM initiatives WHERE case_id LIKE $1`,
      [`${prefix}-${year}-%`],
    );
    return `${prefix}-${year}-${String(n).padStart(6, '0')}`;
  }

  async addInitiators(m: EntityManager, initiativeId: string, initiators: InitiatorRecord[]): Promise<void> {
    // The first signer first, co-signers in the order given.
    for (const [position, p] of initiators.entries()) {
      await m.query(
        `INSERT INTO initiative_initiators (id, initiative_id, position, role, name, name_public, email, language, user_sub, entered_by)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [initiativeId, position, p.role, p.name, p.namePublic, p.email, p.language, p.userSub, p.enteredBy],
      );
    }
  }

  async initiators(id: string, m: EntityManager = this.dataSource.manager): Promise<InitiatorRecord[]> {
    const rows = await m.query(
      `SELECT role, name, name_public, email, language, user_sub, entered_by FROM initiative_initiators WHERE initiative_id = $1 ORDER BY position`,
      [id],
    );
    return rows.map((r: Record<string, any>) => ({
      role: r.role,
      name: r.name,
      namePublic: r.name_public,
      email: r.email,
      language: r.language,
      userSub: r.user_sub,
      enteredBy: r.entered_by,
    }));
  }

  /** Whether the signed-in person filed the initiative online (they are counted in its supports from the start). */
  async isOnlineInitiator(m: EntityManager, initiativeId: string, sub: string): Promise<boolean> {
    const rows = await m.query(`SELECT 1 FROM initiative_initiators WHERE initiative_id = $1 AND user_sub = $2 LIMIT 1`, [initiativeId, sub]);
    return rows.length > 0;
  }

  /** Records a support once per person; answers whether it was new. */
  async addSupport(m: EntityManager, initiativeId: string, supporterSub: string): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO initiative_supports (initiative_id, supporter_sub) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
      [initiativeId, supporterSub],
    );
    return rows.length > 0;
  }

  async addStatement(m: EntityManager, initiativeId: string, s: StatementRecord): Promise<void> {
    await m.query(
      `INSERT INTO initiative_statements (id, initiative_id, requested_from, requested_at, due_at) VALUES ($1, $2, $3, $4, $5)`,
      [s.id, initiativeId, s.requestedFrom, s.requestedAt, s.dueAt],
    );
  }

  async answerStatement(m: EntityManager, s: StatementRecord): Promise<void> {
    await m.query(`UPDATE initiative_statements SET answered_at = $2, text = $3, answered_by = $4 WHERE id = $1`, [s.id, s.answeredAt, s.text, s.answeredBy]);
  }

  async statements(id: string, m: EntityManager = this.dataSource.manager): Promise<StatementRecord[]> {
    const rows = await m.query(
      `SELECT id, requested_from, requested_at, due_at, answered_at, text, answered_by FROM initiative_statements WHERE initiative_id = $1 ORDER BY requested_at, id`,
      [id],
    );
    return rows.map((r: Record<string, any>) => ({
      id: r.id,
      requestedFrom: r.requested_from,
      requestedAt: r.requested_at,
      dueAt: r.due_at,
      answeredAt: r.answered_at,
      text: r.text,
      answeredBy: r.answered_by,
    }));
  }

  /** Unanswered statements per initiative, in one query for a whole page (a count per row would be N+1). */
  async openStatementCounts(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows: { initiative_id: string; n: number }[] = await this.dataSource.query(
      `SELECT initiative_id, count(*)::int AS n FROM initiative_statements WHERE initiative_id = ANY($1::uuid[]) AND answered_at IS NULL GROUP BY initiative_id`,
      [ids],
    );
    return new Map(rows.map((r) => [r.initiative_id, r.n]));
  }

  async addTimeline(m: EntityManager, initiativeId: string, entry: TimelineRecord): Promise<void> {
    await m.query(`INSERT INTO initiative_timeline (initiative_id, at, kind, status, note) VALUES ($1, $2, $3, $4, $5)`, [
      initiativeId,
      entry.at,
      entry.kind,
      entry.status,
      entry.note,
    ]);
  }

  async timeline(id: string): Promise<TimelineRecord[]> {
    return this.dataSource.query(`SELECT at, kind, status, note FROM initiative_timeline WHERE initiative_id = $1 ORDER BY at, id`, [id]);
  }

  /** Whether a timeline already has an entry of this kind with this note (Ahjo callbacks repeat). */
  async hasTimelineEntry(m: EntityManager, id: string, kind: string, note: string): Promise<boolean> {
    const rows = await m.query(`SELECT 1 FROM initiative_timeline WHERE initiative_id = $1 AND kind = $2 AND note = $3`, [id, kind, note]);
    return rows.length > 0;
  }

  async combinedWith(id: string): Promise<string[]> {
    const rows = await this.dataSource.query(`SELECT id FROM initiatives WHERE combined_into = $1 ORDER BY sort_at, id`, [id]);
    return rows.map((r: { id: string }) => r.id);
  }

  /** An audit entry of a change that is not a versioned preparer step (filing, supports, the import). */
  audit(m: EntityManager, initiativeId: string, actor: { id: string; role: string }, action: string, details: Record<string, unknown>, version?: number): Promise<void> {
    return this.auditLog.write(m, { entityId: initiativeId, action, actor, details, ...(version !== undefined ? { version } : {}) });
  }
}
