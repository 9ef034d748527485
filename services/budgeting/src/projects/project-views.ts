import type { BudgetingHttp } from '@vaikuta/contracts';
import type { MilestoneRow, ProjectRow } from './project.repository';

export function milestoneViewOf(m: MilestoneRow): BudgetingHttp.ProjectMilestone {
  return { id: m.id, title: m.title, dueDate: m.dueDate, reachedAt: m.reachedAt ? new Date(m.reachedAt).toISOString() : null, note: m.note, position: m.position };
}

export function projectSummaryOf(p: ProjectRow, milestones: MilestoneRow[]): BudgetingHttp.ProjectSummary {
  const next = milestones.find((m) => m.reachedAt === null);
  return {
    id: p.id,
    roundId: p.roundId,
    title: p.title,
    districtCode: p.districtCode,
    cost: p.cost === null ? null : Number(p.cost),
    status: p.status,
    progress: p.progress,
    nextMilestone: next ? milestoneViewOf(next) : null,
    version: p.version,
    updatedAt: new Date(p.updatedAt).toISOString(),
  };
}

/** The words a message quotes: the Finnish, else the first language written. */
export function firstWords(t: BudgetingHttp.BudgetingText): string {
  return t.fi ?? t.sv ?? t.en ?? '';
}
