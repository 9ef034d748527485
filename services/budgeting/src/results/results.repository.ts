import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { BudgetingHttp } from '@vaikuta/contracts';

/** A plan on the ballot, as the results need it. */
export interface BallotPlan {
  id: string;
  districtCode: string;
  title: BudgetingHttp.BudgetingText;
  cost: number;
  incompatibleGroup: string | null;
}

export interface OverrideRow {
  id: string;
  planId: string;
  decision: 'fund' | 'exclude';
  reason: string;
  decidedAt: Date;
}

/** A stored district result: the public view as computed, and when. */
export interface StoredResult {
  districtCode: string;
  rule: BudgetingHttp.ResultRule;
  outcome: BudgetingHttp.DistrictResult;
  computedAt: Date;
  /** Ballot log entries the tally saw; null for results computed before this was kept. */
  logEntries: number | null;
}

/** The results, overrides and projects tables; every query of the feature except the tally and exports. */
@Injectable()
export class ResultsRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  async plansOnBallot(roundId: string, m: EntityManager = this.dataSource.manager): Promise<BallotPlan[]> {
    const rows: { id: string; district_code: string; title: BudgetingHttp.BudgetingText; cost: string | null; incompatible_group: string | null }[] = await m.query(
      `SELECT id, district_code, title, cost, incompatible_group FROM plans WHERE round_id = $1 AND status = 'on_ballot' ORDER BY district_code, id`,
      [roundId],
    );
    return rows.map((r) => ({ id: r.id, districtCode: r.district_code, title: r.title, cost: Number(r.cost ?? 0), incompatibleGroup: r.incompatible_group }));
  }

  async plan(roundId: string, planId: string, m: EntityManager = this.dataSource.manager): Promise<{ status: string } | null> {
    const [row] = await m.query(`SELECT status FROM plans WHERE round_id = $1 AND id = $2`, [roundId, planId]);
    return row ?? null;
  }

  async overrides(roundId: string, m: EntityManager = this.dataSource.manager): Promise<OverrideRow[]> {
    const rows: { id: string; plan_id: string; decision: 'fund' | 'exclude'; reason: string; decided_at: Date }[] = await m.query(
      `SELECT id, plan_id, decision, reason, decided_at FROM result_overrides WHERE round_id = $1 ORDER BY decided_at, id`,
      [roundId],
    );
    return rows.map((r) => ({ id: r.id, planId: r.plan_id, decision: r.decision, reason: r.reason, decidedAt: r.decided_at }));
  }

  /** One decision per plan: a new decision replaces the earlier one (the audit keeps both). */
  async saveOverride(
    m: EntityManager,
    roundId: string,
    override: { planId: string; decision: 'fund' | 'exclude'; reason: string; decidedBy: string; decidedAt: Date },
  ): Promise<OverrideRow> {
    const [row] = await m.query(
      `INSERT INTO result_overrides (id, round_id, plan_id, decision, reason, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (round_id, plan_id) DO UPDATE SET decision = EXCLUDED.decision, reason = EXCLUDED.reason, decided_by = EXCLUDED.decided_by, decided_at = EXCLUDED.decided_at
       RETURNING id`,
      [randomUUID(), roundId, override.planId, override.decision, override.reason, override.decidedBy, override.decidedAt],
    );
    return { id: row.id, planId: override.planId, decision: override.decision, reason: override.reason, decidedAt: override.decidedAt };
  }

  async saveResults(
    m: EntityManager,
    roundId: string,
    rule: BudgetingHttp.ResultRule,
    results: BudgetingHttp.DistrictResult[],
    computed: { at: Date; by: string; logEntries: number },
  ): Promise<void> {
    await m.query(`DELETE FROM results WHERE round_id = $1 AND NOT (district_code = ANY($2::text[]))`, [roundId, results.map((r) => r.code)]);
    for (const result of results) {
      await m.query(
        `INSERT INTO results (round_id, district_code, rule, outcome, ballots, computed_at, computed_by, log_entries) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (round_id, district_code) DO UPDATE SET rule = EXCLUDED.rule, outcome = EXCLUDED.outcome, ballots = EXCLUDED.ballots,
           computed_at = EXCLUDED.computed_at, computed_by = EXCLUDED.computed_by, log_entries = EXCLUDED.log_entries`,
        [roundId, result.code, rule, result, result.ballots, computed.at, computed.by, computed.logEntries],
      );
    }
  }

  /** The stored results in the districts' order (city-wide last). */
  async results(roundId: string, m: EntityManager = this.dataSource.manager): Promise<StoredResult[]> {
    const rows: { district_code: string; rule: BudgetingHttp.ResultRule; outcome: BudgetingHttp.DistrictResult; computed_at: Date; log_entries: string | null }[] = await m.query(
      `SELECT r.district_code, r.rule, r.outcome, r.computed_at, r.log_entries FROM results r
         JOIN districts d ON d.round_id = r.round_id AND d.code = r.district_code
        WHERE r.round_id = $1 ORDER BY d.city_wide, d.position`,
      [roundId],
    );
    return rows.map((r) => ({
      districtCode: r.district_code,
      rule: r.rule,
      outcome: r.outcome,
      computedAt: r.computed_at,
      logEntries: r.log_entries === null ? null : Number(r.log_entries),
    }));
  }

  /** A winner becomes a project (id = plan id), planned. */
  async insertProjects(m: EntityManager, roundId: string, planIds: string[], at: Date): Promise<void> {
    await m.query(
      `INSERT INTO projects (id, round_id, status, progress, created_at, updated_at) SELECT p, $1, 'planned', 0, $3, $3 FROM unnest($2::uuid[]) AS p`,
      [roundId, planIds, at],
    );
  }
}
