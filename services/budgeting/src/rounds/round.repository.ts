import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { BudgetingHttp } from '@vaikuta/contracts';
import { AuditLog } from '@vaikuta/domain';
import { Round } from './round.entity';

/** A round with its phase windows (in order) and districts (city-wide last). */
export interface RoundRecord {
  round: Round;
  phases: BudgetingHttp.PhaseWindow[];
  districts: BudgetingHttp.District[];
}

/** A row of ROUND_RECORD_COLUMNS: the round's columns, and its phases and districts as JSON arrays. */
export interface RoundRecordRow {
  id: string;
  title: BudgetingHttp.BudgetingText;
  description: BudgetingHttp.BudgetingText | null;
  voting_year: number;
  rule: BudgetingHttp.ResultRule;
  ballot_rule: BudgetingHttp.BallotRule;
  eligibility: BudgetingHttp.EligibilityRules;
  minimum_votes: number;
  reconciliation_policy: BudgetingHttp.ReconciliationPolicy;
  results_published_at: Date | null;
  version: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  phases: { phase: BudgetingHttp.RoundPhase; opensAt: string; closesAt: string | null }[];
  districts: { code: string; name: BudgetingHttp.BudgetingText; budget: number | string; cityWide: boolean }[];
}

/**
 * The select list of a round record over `rounds r`: its columns, and its phases (in order) and
 * districts (city-wide last) aggregated in the same statement, so reading a round is one round
 * trip. Other repositories add columns of their own (the ballot adds its plans).
 */
export const ROUND_RECORD_COLUMNS = `r.id, r.title, r.description, r.voting_year, r.rule, r.ballot_rule, r.eligibility, r.minimum_votes,
  r.reconciliation_policy, r.results_published_at, r.version, r.created_by, r.created_at, r.updated_at,
  (SELECT coalesce(json_agg(json_build_object('phase', p.phase, 'opensAt', p.opens_at, 'closesAt', p.closes_at) ORDER BY p.position), '[]')
     FROM round_phases p WHERE p.round_id = r.id) AS phases,
  (SELECT coalesce(json_agg(json_build_object('code', d.code, 'name', d.name, 'budget', d.budget, 'cityWide', d.city_wide) ORDER BY d.city_wide, d.position), '[]')
     FROM districts d WHERE d.round_id = r.id) AS districts`;

/** JSON gives a timestamptz with microseconds and an offset; the API's form is the ISO instant with milliseconds. */
const isoInstant = (text: string) => new Date(text).toISOString();

export function roundRecordOf(row: RoundRecordRow): RoundRecord {
  const round = Object.assign(new Round(), {
    id: row.id,
    title: row.title,
    description: row.description,
    votingYear: row.voting_year,
    rule: row.rule,
    ballotRule: row.ballot_rule,
    eligibility: row.eligibility,
    minimumVotes: row.minimum_votes,
    reconciliationPolicy: row.reconciliation_policy,
    resultsPublishedAt: row.results_published_at,
    version: row.version,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
  return {
    round,
    phases: row.phases.map((p) => ({ phase: p.phase, opensAt: isoInstant(p.opensAt), closesAt: p.closesAt === null ? null : isoInstant(p.closesAt) })),
    districts: row.districts.map((d) => ({ code: d.code, name: d.name, budget: Number(d.budget), cityWide: d.cityWide })),
  };
}

/** Every query of the round tables, so services and controllers hold no SQL. */
@Injectable()
export class RoundRepository {
  /** The shared audit table (libs/domain), written in the change's transaction. */
  readonly auditLog = new AuditLog('round_audit');

  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  async insert(m: EntityManager, record: RoundRecord): Promise<void> {
    await m.insert(Round, record.round);
    await this.insertPhases(m, record.round.id, record.phases);
    for (const [position, d] of record.districts.entries()) {
      await m.query(`INSERT INTO districts (round_id, code, name, budget, city_wide, position) VALUES ($1, $2, $3, $4, $5, $6)`, [
        record.round.id,
        d.code,
        d.name,
        d.budget,
        d.cityWide,
        position,
      ]);
    }
  }

  /** Replaces a round's phase dates (inside the versioned change that moved them). */
  async replacePhases(m: EntityManager, roundId: string, phases: readonly BudgetingHttp.PhaseWindow[]): Promise<void> {
    await m.query(`DELETE FROM round_phases WHERE round_id = $1`, [roundId]);
    await this.insertPhases(m, roundId, phases);
  }

  private async insertPhases(m: EntityManager, roundId: string, phases: readonly BudgetingHttp.PhaseWindow[]): Promise<void> {
    await m.query(
      `INSERT INTO round_phases (round_id, phase, position, opens_at, closes_at)
       SELECT $1, p.phase, p.position, p.opens_at, p.closes_at
         FROM unnest($2::text[], $3::int[], $4::timestamptz[], $5::timestamptz[]) AS p (phase, position, opens_at, closes_at)`,
      [roundId, phases.map((p) => p.phase), phases.map((_, i) => i), phases.map((p) => p.opensAt), phases.map((p) => p.closesAt)],
    );
  }

  /** One round trip: every ballot reads the round, so its phases and districts come in the same query. */
  async find(id: string, m: EntityManager = this.dataSource.manager): Promise<RoundRecord | null> {
    const [row]: RoundRecordRow[] = await m.query(`SELECT ${ROUND_RECORD_COLUMNS} FROM rounds r WHERE r.id = $1`, [id]);
    return row ? roundRecordOf(row) : null;
  }

  /** Every round, newest voting year first (a city runs a few a year: no paging needed). */
  async list(m: EntityManager = this.dataSource.manager): Promise<RoundRecord[]> {
    const rounds = await m.getRepository(Round).find({ order: { votingYear: 'DESC', createdAt: 'DESC' } });
    const parts = await this.partsOf(
      m,
      rounds.map((r) => r.id),
    );
    return rounds.map((round, i) => ({ round, ...parts[i] }));
  }

  /** Phases and districts of several rounds in two queries, in the order of `ids`. */
  private async partsOf(m: EntityManager, ids: string[]): Promise<Omit<RoundRecord, 'round'>[]> {
    if (ids.length === 0) return [];
    const phases: { round_id: string; phase: BudgetingHttp.RoundPhase; opens_at: Date; closes_at: Date | null }[] = await m.query(
      `SELECT round_id, phase, opens_at, closes_at FROM round_phases WHERE round_id = ANY($1::uuid[]) ORDER BY round_id, position`,
      [ids],
    );
    const districts: { round_id: string; code: string; name: BudgetingHttp.BudgetingText; budget: string; city_wide: boolean }[] = await m.query(
      `SELECT round_id, code, name, budget, city_wide FROM districts WHERE round_id = ANY($1::uuid[]) ORDER BY round_id, city_wide, position`,
      [ids],
    );
    return ids.map((id) => ({
      phases: phases
        .filter((p) => p.round_id === id)
        .map((p) => ({ phase: p.phase, opensAt: p.opens_at.toISOString(), closesAt: p.closes_at?.toISOString() ?? null })),
      districts: districts
        .filter((d) => d.round_id === id)
        .map((d) => ({ code: d.code, name: d.name, budget: Number(d.budget), cityWide: d.city_wide })),
    }));
  }
}
