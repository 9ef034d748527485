import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { BudgetingHttp } from '@vaikuta/contracts';
import { AuditLog, decodeCursor, keysetPage, KeysetPage, SqlConditions } from '@vaikuta/domain';
import { ProposalEntity } from './proposal.entity';

export interface ProposalListFilter {
  district?: string;
  status?: BudgetingHttp.ProposalStatus;
  q?: string;
  limit: number;
  cursor?: string;
}

/** The later steps of a proposal's thread, read in one query. */
export interface ThreadSteps {
  plan: { id: string; title: BudgetingHttp.BudgetingText; cost: number | null; status: BudgetingHttp.PlanStatus } | null;
  project: { id: string; status: 'planned' | 'in_progress' | 'completed' | 'cancelled'; progress: number } | null;
}

/**
 * The words in all three stemmings at once: a reader need not say which language they searched
 * in, and each row's vector was built in its own language (the generated column).
 */
const tsQuery = (param: string) =>
  `(websearch_to_tsquery('pg_catalog.finnish', ${param}) || websearch_to_tsquery('pg_catalog.swedish', ${param}) || websearch_to_tsquery('pg_catalog.english', ${param}))`;

/** The columns a page reads: everything but the search vector. */
const COLUMNS = `p.id, p.round_id, p.district_code, p.language, p.title, p.description, p.location, p.rough_cost, p.status,
  p.screening_reason, p.plan_id, p.source_kind, p.source_id, p.proposer_sub, p.version, p.created_at, p.updated_at`;

function proposalOf(r: Record<string, unknown>): ProposalEntity {
  return Object.assign(new ProposalEntity(), {
    id: r.id,
    roundId: r.round_id,
    districtCode: r.district_code,
    language: r.language,
    title: r.title,
    description: r.description,
    location: r.location,
    roughCost: r.rough_cost === null ? null : Number(r.rough_cost),
    status: r.status,
    screeningReason: r.screening_reason,
    planId: r.plan_id,
    sourceKind: r.source_kind,
    sourceId: r.source_id,
    proposerSub: r.proposer_sub,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
}

/** Every query of `proposals`, so services and controllers hold no SQL. */
@Injectable()
export class ProposalRepository {
  /** proposal_audit (libs/domain's shared shape), written in the change's transaction. */
  readonly auditLog = new AuditLog('proposal_audit');

  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  /** Inserts the proposal; false when one with its id is already there (a retried keyed request). */
  async insert(m: EntityManager, proposal: ProposalEntity): Promise<boolean> {
    const result = await m.createQueryBuilder().insert().into(ProposalEntity).values(proposal).orIgnore().returning('id').execute();
    return (result.raw as unknown[]).length === 1;
  }

  find(id: string): Promise<ProposalEntity | null> {
    return this.dataSource.getRepository(ProposalEntity).findOneBy({ id });
  }

  /**
   * A round's proposals, newest first, on the (round_id, created_at DESC, id DESC) index; `q`
   * goes through the GIN index on search_vector.
   */
  async page(roundId: string, f: ProposalListFilter): Promise<KeysetPage<ProposalEntity>> {
    const w = new SqlConditions().add('p.round_id = ?', roundId);
    if (f.district) w.add('p.district_code = ?', f.district);
    if (f.status) w.add('p.status = ?', f.status);
    if (f.q) w.raw(`p.search_vector @@ ${tsQuery(w.param(f.q))}`);
    if (f.cursor) w.after('p.created_at', 'p.id', decodeCursor(f.cursor), { descending: true });
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM proposals p WHERE ${w} ORDER BY p.created_at DESC, p.id DESC LIMIT ${w.param(f.limit + 1)}`,
      w.params,
    );
    return keysetPage(rows.map(proposalOf), f.limit, (r) => ({ at: r.createdAt.toISOString(), id: r.id }));
  }

  /** Which of these plans are on the ballot. */
  async onBallotAmong(planIds: readonly string[]): Promise<Set<string>> {
    if (planIds.length === 0) return new Set();
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM plans WHERE id = ANY($1::uuid[]) AND status = 'on_ballot'`, [[...planIds]]);
    return new Set(rows.map((r) => r.id));
  }

  /** The plan a proposal is in and that plan's project, if any. */
  async threadSteps(planId: string | null): Promise<ThreadSteps> {
    if (!planId) return { plan: null, project: null };
    const [row] = await this.dataSource.query(
      `SELECT pl.id, pl.title, pl.cost, pl.status, pr.id AS project_id, pr.status AS project_status, pr.progress
         FROM plans pl LEFT JOIN projects pr ON pr.id = pl.id
        WHERE pl.id = $1`,
      [planId],
    );
    if (!row) return { plan: null, project: null };
    return {
      plan: { id: row.id, title: row.title, cost: row.cost === null ? null : Number(row.cost), status: row.status },
      project: row.project_id ? { id: row.project_id, status: row.project_status, progress: row.progress } : null,
    };
  }

  /**
   * The named proposals, locked until the transaction ends, in id order (so two coordinators
   * combining overlapping sets wait for each other instead of deadlocking).
   */
  lockMany(m: EntityManager, ids: readonly string[]): Promise<ProposalEntity[]> {
    return m
      .getRepository(ProposalEntity)
      .createQueryBuilder('p')
      .where('p.id IN (:...ids)', { ids: [...ids] })
      .orderBy('p.id')
      .setLock('pessimistic_write')
      .getMany();
  }

  /** Puts the proposals in a plan (the caller bumps versions and writes the audit). */
  async joinPlan(m: EntityManager, ids: readonly string[], planId: string, at: Date): Promise<void> {
    await m.query(
      `UPDATE proposals SET status = 'in_plan', plan_id = $2, version = version + 1, updated_at = $3 WHERE id = ANY($1::uuid[])`,
      [[...ids], planId, at],
    );
  }

  /** A plan's proposals, locked until the transaction ends (id order, as lockMany). */
  lockByPlan(m: EntityManager, planId: string): Promise<ProposalEntity[]> {
    return m.getRepository(ProposalEntity).createQueryBuilder('p').where('p.plan_id = :planId', { planId }).orderBy('p.id').setLock('pessimistic_write').getMany();
  }

  /**
   * Takes the proposals out of their plan, back to where screening left them: feasible when it
   * gave a reason (only feasible ones can be combined, so a reason means feasible), else
   * submitted. The caller bumps nothing else and writes the audit.
   */
  async leavePlan(m: EntityManager, ids: readonly string[], at: Date): Promise<void> {
    await m.query(
      `UPDATE proposals SET status = CASE WHEN screening_reason IS NULL THEN 'submitted' ELSE 'feasible' END, plan_id = NULL, version = version + 1, updated_at = $2
        WHERE id = ANY($1::uuid[])`,
      [[...ids], at],
    );
  }

  /** The proposal ids of each plan, in the order they were proposed. */
  async idsByPlan(m: EntityManager, planIds: readonly string[]): Promise<Map<string, string[]>> {
    const byPlan = new Map<string, string[]>(planIds.map((id) => [id, []]));
    if (planIds.length === 0) return byPlan;
    const rows: { plan_id: string; id: string }[] = await m.query(
      `SELECT plan_id, id FROM proposals WHERE plan_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [[...planIds]],
    );
    for (const r of rows) byPlan.get(r.plan_id)?.push(r.id);
    return byPlan;
  }

  /** Right to erasure: the proposals stay (public record), their proposer is forgotten. */
  async forgetProposer(m: EntityManager, sub: string): Promise<number> {
    const [, count]: [unknown[], number] = await m.query(`UPDATE proposals SET proposer_sub = NULL WHERE proposer_sub = $1 RETURNING id`, [sub]);
    return count;
  }

  /** Right to erasure: a signed-in voter's sub and language (kept only for project news). */
  async forgetVoter(m: EntityManager, sub: string): Promise<number> {
    const [, count]: [unknown[], number] = await m.query(`DELETE FROM voters WHERE sub = $1 RETURNING round_id`, [sub]);
    return count;
  }
}
