import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { BudgetingHttp } from '@vaikuta/contracts';
import { AuditLog } from '@vaikuta/domain';

/** A project with its plan's public facts, as the list and the page read it. */
export interface ProjectRow {
  id: string;
  roundId: string;
  status: BudgetingHttp.ProjectStatus;
  progress: number;
  version: number;
  updatedAt: Date;
  title: BudgetingHttp.BudgetingText;
  description: BudgetingHttp.BudgetingText;
  districtCode: string;
  /** bigint arrives as text. */
  cost: string | null;
}

interface MilestoneRow {
  id: string;
  projectId: string;
  title: BudgetingHttp.BudgetingText;
  dueDate: string | null;
  reachedAt: Date | null;
  note: string | null;
  position: number;
}

const PROJECT_COLUMNS = `p.id, p.round_id AS "roundId", p.status, p.progress, p.version, p.updated_at AS "updatedAt",
  pl.title, pl.description, pl.district_code AS "districtCode", pl.cost`;
const MILESTONE_COLUMNS = `m.id, m.project_id AS "projectId", m.title, to_char(m.due_date, 'YYYY-MM-DD') AS "dueDate",
  m.reached_at AS "reachedAt", m.note, m.position`;

/** Every query of `projects`, `project_milestones` and `project_updates`. */
@Injectable()
export class ProjectRepository {
  /** project_audit (libs/domain's shared shape), written in the change's transaction. */
  readonly auditLog = new AuditLog('project_audit');

  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  /** A round's projects by district, then by plan title's creation order (the ballot's order). */
  listByRound(roundId: string): Promise<ProjectRow[]> {
    return this.dataSource.query(
      `SELECT ${PROJECT_COLUMNS} FROM projects p JOIN plans pl ON pl.id = p.id
        WHERE p.round_id = $1 ORDER BY pl.district_code, pl.created_at, p.id`,
      [roundId],
    );
  }

  async find(id: string, m: EntityManager = this.dataSource.manager): Promise<ProjectRow | undefined> {
    const [row] = await m.query(`SELECT ${PROJECT_COLUMNS} FROM projects p JOIN plans pl ON pl.id = p.id WHERE p.id = $1`, [id]);
    return row;
  }

  /** Milestones of the projects, each list in position order. */
  async milestones(projectIds: readonly string[], m: EntityManager = this.dataSource.manager): Promise<Map<string, MilestoneRow[]>> {
    const byProject = new Map<string, MilestoneRow[]>(projectIds.map((id) => [id, []]));
    if (projectIds.length === 0) return byProject;
    const rows: MilestoneRow[] = await m.query(
      `SELECT ${MILESTONE_COLUMNS} FROM project_milestones m WHERE m.project_id = ANY($1::uuid[]) ORDER BY m.position, m.id`,
      [[...projectIds]],
    );
    for (const r of rows) byProject.get(r.projectId)?.push(r);
    return byProject;
  }

  /** Published updates, newest first. */
  updates(projectId: string): Promise<{ id: string; status: BudgetingHttp.ProjectStatus; progress: number; text: BudgetingHttp.BudgetingText; publishedAt: Date }[]> {
    return this.dataSource.query(
      `SELECT id, status, progress, text, published_at AS "publishedAt" FROM project_updates
        WHERE project_id = $1 ORDER BY published_at DESC, id DESC`,
      [projectId],
    );
  }

  /** The plan's proposals, by id and title only (their proposers stay in the service). */
  proposalsOf(planId: string): Promise<{ id: string; title: string }[]> {
    return this.dataSource.query(`SELECT id, title FROM proposals WHERE plan_id = $1 ORDER BY created_at, id`, [planId]);
  }

  async insertUpdate(m: EntityManager, u: { projectId: string; status: string; progress: number; text: BudgetingHttp.BudgetingText; at: Date; by: string }): Promise<string> {
    const id = randomUUID();
    await m.query(
      `INSERT INTO project_updates (id, project_id, status, progress, text, published_at, published_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, u.projectId, u.status, u.progress, JSON.stringify(u.text), u.at, u.by],
    );
    return id;
  }

  /** Appends a milestone after the project's last one. */
  async insertMilestone(m: EntityManager, projectId: string, title: BudgetingHttp.BudgetingText, dueDate: string | null): Promise<string> {
    const id = randomUUID();
    await m.query(
      `INSERT INTO project_milestones (id, project_id, title, due_date, position)
       SELECT $1, $2, $3, $4, coalesce(max(position), 0) + 1 FROM project_milestones WHERE project_id = $2`,
      [id, projectId, JSON.stringify(title), dueDate],
    );
    return id;
  }

  /** The milestone of this project (the caller holds the project's lock), or undefined. */
  async milestone(m: EntityManager, projectId: string, milestoneId: string): Promise<MilestoneRow | undefined> {
    const [row] = await m.query(`SELECT ${MILESTONE_COLUMNS} FROM project_milestones m WHERE m.id = $1 AND m.project_id = $2`, [milestoneId, projectId]);
    return row;
  }

  async markReached(m: EntityManager, milestoneId: string, at: Date, note: string | null): Promise<void> {
    await m.query(`UPDATE project_milestones SET reached_at = $2, note = $3 WHERE id = $1`, [milestoneId, at, note]);
  }
}

export type { MilestoneRow };
