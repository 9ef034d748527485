import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { InitiatorRecord, InitiativeRecord, StatementRecord, TimelineRecord } from './initiative.record';

/** Columns as stored, in the order `insert` writes them; `fromRow` reads them back. */
const COLUMNS: ReadonlyArray<[keyof InitiativeRecord, string]> = [
  ['id', 'id'],
  ['caseId', 'case_id'],
  ['type', 'type'],
  ['advocacyBody', 'advocacy_body'],
  ['language', 'language'],
  ['title', 'title'],
  ['body', 'body'],
  ['status', 'status'],
  ['version', 'version'],
  ['supportCount', 'support_count'],
  ['filedAt', 'filed_at'],
  ['sortAt', 'sort_at'],
  ['councilDeadline', 'council_deadline'],
  ['nextDueAt', 'next_due_at'],
  ['departmentCode', 'department_code'],
  ['preparerId', 'preparer_id'],
  ['proposedTo', 'proposed_to'],
  ['proposal', 'proposal'],
  ['decision', 'decision'],
  ['measures', 'measures'],
  ['measuresAt', 'measures_at'],
  ['closingReason', 'closing_reason'],
  ['combinedInto', 'combined_into'],
  ['ahjoCaseId', 'ahjo_case_id'],
  ['sourceSystem', 'source_system'],
  ['externalId', 'external_id'],
  ['sourceUrl', 'source_url'],
  ['sourceFingerprint', 'source_fingerprint'],
  ['public', 'public'],
  ['createdBy', 'created_by'],
  ['createdAt', 'created_at'],
  ['updatedAt', 'updated_at'],
];
const JSON_COLUMNS = new Set(['title', 'decision']);
/** `council_deadline` is a date: read it as text so no time zone shifts the day. */
const SELECT = COLUMNS.map(([, c]) => (c === 'council_deadline' ? `to_char(i.council_deadline, 'YYYY-MM-DD') AS council_deadline` : `i.${c}`)).join(', ');

export function fromRow(row: Record<string, unknown>): InitiativeRecord {
  const record = {} as Record<string, unknown>;
  for (const [key, column] of COLUMNS) record[key] = row[column];
  return record as unknown as InitiativeRecord;
}

function valueOf(record: InitiativeRecord, key: keyof InitiativeRecord, column: string): unknown {
  const value = record[key];
  return JSON_COLUMNS.has(column) && value !== null ? JSON.stringify(value) : value;
}

/** Every query of the initiatives tables, so services and controllers hold no SQL. */
@Injectable()
export class InitiativeRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async insert(m: EntityManager, record: InitiativeRecord): Promise<void> {
    const placeholders = COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
    await m.query(
      `INSERT INTO initiatives (${COLUMNS.map(([, c]) => c).join(', ')}) VALUES (${placeholders})`,
      COLUMNS.map(([key, column]) => valueOf(record, key, column)),
    );
  }

  /** Writes back every column but the id and creation facts. */
  async update(m: EntityManager, record: InitiativeRecord): Promise<void> {
    const writable = COLUMNS.filter(([, c]) => !['id', 'created_at', 'created_by'].includes(c));
    await m.query(
      `UPDATE initiatives SET ${writable.map(([, c], i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`,
      [record.id, ...writable.map(([key, column]) => valueOf(record, key, column))],
    );
  }

  /** The row, locked for the rest of the transaction. */
  async lock(m: EntityManager, id: string): Promise<InitiativeRecord | null> {
    const rows = await m.query(`SELECT ${SELECT} FROM initiatives i WHERE i.id = $1 FOR UPDATE`, [id]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async find(id: string, m: EntityManager = this.dataSource.manager): Promise<InitiativeRecord | null> {
    const rows = await m.query(`SELECT ${SELECT} FROM initiatives i WHERE i.id = $1`, [id]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async lockBySource(m: EntityManager, system: string, externalId: string): Promise<InitiativeRecord | null> {
    const rows = await m.query(`SELECT ${SELECT} FROM initiatives i WHERE i.source_system = $1 AND i.external_id = $2 FOR UPDATE`, [system, externalId]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async findByAhjoCase(caseId: string): Promise<InitiativeRecord[]> {
    const rows = await this.dataSource.query(`SELECT ${SELECT} FROM initiatives i WHERE i.ahjo_case_id = $1 OR i.case_id = $1`, [caseId]);
    return rows.map(fromRow);
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

  async audit(m: EntityManager, initiativeId: string, actor: { id: string; role: string }, action: string, details: Record<string, unknown>): Promise<void> {
    await m.query(`INSERT INTO initiative_audit (initiative_id, actor_id, actor_role, action, details) VALUES ($1, $2, $3, $4, $5)`, [
      initiativeId,
      actor.id,
      actor.role,
      action,
      JSON.stringify(details),
    ]);
  }
}
