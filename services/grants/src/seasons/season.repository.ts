import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { PremisesHttp } from '@vaikuta/contracts';
import { AuditLog } from '@vaikuta/domain';
import { Season } from './season.entity';
import type { AllocationDecision } from './season-allocation';

/** A row of `season_applications`. */
export interface SeasonApplicationRow {
  id: string;
  seasonId: string;
  associationId: string;
  spaceId: string;
  applicantSub: string;
  weekday: PremisesHttp.Weekday;
  begins: string;
  ends: string;
  purpose: string;
  state: PremisesHttp.SeasonApplicationState;
  refusal: PremisesHttp.AllocationRefusal | null;
  clashesWith: string | null;
  rrule: string | null;
  createdAt: Date;
}

export interface OccurrenceRow {
  applicationId: string;
  date: string;
  outcome: PremisesHttp.OccurrenceOutcome;
  bookingId: string | null;
  note: string | null;
}

const APPLICATION_COLUMNS = `id, season_id, association_id, space_id, applicant_sub, weekday, begins, ends, purpose, state, refusal, clashes_with, rrule, created_at`;

/** Every query of `seasons`, `season_applications` and `season_occurrences`. */
@Injectable()
export class SeasonRepository {
  readonly auditLog = new AuditLog('season_audit');

  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  async insert(m: EntityManager, season: Season): Promise<void> {
    await m.insert(Season, season);
  }

  find(id: string): Promise<Season | null> {
    return this.dataSource.getRepository(Season).findOneBy({ id });
  }

  /** The season of that Finnish name, if any (the demo seed finds its own season by it). */
  findByFinnishName(name: string): Promise<Season | null> {
    return this.dataSource.getRepository(Season).createQueryBuilder('s').where(`s.name->>'fi' = :name`, { name }).getOne();
  }

  list(): Promise<Season[]> {
    return this.dataSource.getRepository(Season).find({ order: { startsOn: 'DESC', id: 'ASC' }, take: 200 });
  }

  /** The season's state, share-locked: an allocation (which locks the row to change it) waits for this transaction, or it for the allocation. */
  async stateForShare(m: EntityManager, seasonId: string): Promise<Season['state'] | null> {
    const rows: { state: Season['state'] }[] = await m.query(`SELECT state FROM seasons WHERE id = $1 FOR SHARE`, [seasonId]);
    return rows[0]?.state ?? null;
  }

  async insertApplication(row: Omit<SeasonApplicationRow, 'state' | 'refusal' | 'clashesWith' | 'rrule'>, m: EntityManager = this.dataSource.manager): Promise<void> {
    await m.query(
      `INSERT INTO season_applications (id, season_id, association_id, space_id, applicant_sub, weekday, begins, ends, purpose, state, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'submitted', $10, $10)`,
      [row.id, row.seasonId, row.associationId, row.spaceId, row.applicantSub, row.weekday, row.begins, row.ends, row.purpose, row.createdAt],
    );
  }

  async applications(seasonId: string, m: EntityManager = this.dataSource.manager): Promise<SeasonApplicationRow[]> {
    const rows: Record<string, any>[] = await m.query(`SELECT ${APPLICATION_COLUMNS} FROM season_applications WHERE season_id = $1 ORDER BY created_at, id`, [seasonId]);
    return rows.map(applicationOf);
  }

  async application(seasonId: string, id: string): Promise<SeasonApplicationRow | null> {
    const [row] = await this.dataSource.query(`SELECT ${APPLICATION_COLUMNS} FROM season_applications WHERE season_id = $1 AND id = $2`, [seasonId, id]);
    return row ? applicationOf(row) : null;
  }

  /** Writes allocation's decisions in the caller's transaction. */
  async saveDecisions(m: EntityManager, decisions: readonly AllocationDecision[], at: Date): Promise<void> {
    for (const d of decisions) {
      await m.query(`UPDATE season_applications SET state = $2, refusal = $3, clashes_with = $4, updated_at = $5 WHERE id = $1`, [
        d.applicationId,
        d.outcome,
        d.outcome === 'rejected' ? d.refusal : null,
        d.outcome === 'rejected' ? d.clashesWith : null,
        at,
      ]);
    }
  }

  async saveRrule(applicationId: string, rrule: string): Promise<void> {
    await this.dataSource.query(`UPDATE season_applications SET rrule = $2 WHERE id = $1`, [applicationId, rrule]);
  }

  async occurrences(applicationId: string): Promise<OccurrenceRow[]> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT application_id, to_char(date, 'YYYY-MM-DD') AS date, outcome, booking_id, note FROM season_occurrences WHERE application_id = $1 ORDER BY date`,
      [applicationId],
    );
    return rows.map((r) => ({ applicationId: r.application_id, date: r.date, outcome: r.outcome, bookingId: r.booking_id, note: r.note }));
  }

  /** Records a week's outcome once; a week already recorded (a resumed publication) is kept. */
  async recordOccurrence(row: OccurrenceRow): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO season_occurrences (application_id, date, outcome, booking_id, note) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [row.applicationId, row.date, row.outcome, row.bookingId, row.note],
    );
  }

  async markCancelled(applicationId: string, date: string): Promise<void> {
    await this.dataSource.query(`UPDATE season_occurrences SET outcome = 'cancelled' WHERE application_id = $1 AND date = $2`, [applicationId, date]);
  }
}

function applicationOf(r: Record<string, any>): SeasonApplicationRow {
  return {
    id: r.id,
    seasonId: r.season_id,
    associationId: r.association_id,
    spaceId: r.space_id,
    applicantSub: r.applicant_sub,
    weekday: r.weekday,
    begins: r.begins,
    ends: r.ends,
    purpose: r.purpose,
    state: r.state,
    refusal: r.refusal,
    clashesWith: r.clashes_with,
    rrule: r.rrule,
    createdAt: new Date(r.created_at),
  };
}
