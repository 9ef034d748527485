import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface DecisionRow {
  applicationId: string;
  associationName: string;
  title: string;
  requestedCents: string;
  outcome: 'granted' | 'rejected';
  grantedCents: string | null;
  reasons: string | null;
  decidedAt: Date;
  ahjoDecisionId: string | null;
}

/** A line of the year's statistics: one round, type or department (`key`). */
export interface TallyRow {
  key: string;
  type: string;
  department: string;
  budgetCents: string;
  applications: number;
  granted: number;
  grantedCents: string;
}

/**
 * The public figures of grants: a round's decision list and a year's statistics. Only
 * submitted applications count (a draft is the association's own business); the year is the
 * year the round opened, in Helsinki.
 */
@Injectable()
export class GrantStatisticsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async roundBudget(roundId: string): Promise<string | undefined> {
    const [row] = await this.dataSource.query(`SELECT budget_cents AS "budgetCents" FROM grant_rounds WHERE id = $1`, [roundId]);
    return row?.budgetCents;
  }

  /** Every decided application of the round (withdrawn ones never were), in the order decided, a day's by association. */
  decisions(roundId: string): Promise<DecisionRow[]> {
    return this.dataSource.query(
      `SELECT a.id AS "applicationId", s.name->>'fi' AS "associationName", a.title, a.requested_cents AS "requestedCents", a.outcome,
              a.granted_cents AS "grantedCents", a.reasons, a.decided_at AS "decidedAt", a.ahjo_decision_id AS "ahjoDecisionId"
         FROM grant_applications a JOIN associations s ON s.id = a.association_id
        WHERE a.round_id = $1 AND a.outcome IS NOT NULL
        ORDER BY a.decided_at, s.name->>'fi', a.id`,
      [roundId],
    );
  }

  /** The year's submitted applications and grants, per round, type and department (GROUPING SETS: one scan). */
  async year(year: number): Promise<{ rounds: TallyRow[]; types: TallyRow[]; departments: TallyRow[] }> {
    const rows: (TallyRow & { level: 'round' | 'type' | 'department' })[] = await this.dataSource.query(
      `SELECT CASE WHEN grouping(r.id) = 0 THEN 'round' WHEN grouping(r.type) = 0 THEN 'type' ELSE 'department' END AS level,
              coalesce(r.id::text, r.type, r.department) AS key,
              min(r.type) AS type, min(r.department) AS department,
              CASE WHEN grouping(r.id) = 0 THEN min(r.budget_cents) ELSE 0 END AS "budgetCents",
              count(a.id) FILTER (WHERE a.submitted_at IS NOT NULL)::int AS applications,
              count(a.id) FILTER (WHERE a.outcome = 'granted')::int AS granted,
              coalesce(sum(a.granted_cents) FILTER (WHERE a.outcome = 'granted'), 0) AS "grantedCents"
         FROM grant_rounds r LEFT JOIN grant_applications a ON a.round_id = r.id
        WHERE extract(year FROM r.opens_at AT TIME ZONE 'Europe/Helsinki') = $1
        GROUP BY GROUPING SETS ((r.id), (r.type), (r.department))
        ORDER BY level, key`,
      [year],
    );
    return {
      rounds: rows.filter((r) => r.level === 'round'),
      types: rows.filter((r) => r.level === 'type'),
      departments: rows.filter((r) => r.level === 'department'),
    };
  }
}
