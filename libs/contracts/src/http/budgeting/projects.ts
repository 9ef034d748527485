import { z } from 'zod';
import { planningDate } from '../dates';
import { localizedText, visibleText } from '../text';
import { budgetingText } from './rounds';
import { projectStatus } from './proposals';

/**
 * Projects: the plans that won, as they are built (routes in index.ts). A project shares its
 * plan's id, so the thread "proposal → plan → project" needs no second key. Coordinators
 * publish updates (status, progress, a text in one or more languages) and add and mark
 * milestones; every update and reached milestone is told to the plan's proposers and voters.
 * Nothing here names a person: updates carry no author in public answers.
 */

const id = z.uuid();
const version = z.number().int().positive();

export type ProjectStatus = z.infer<typeof projectStatus>;

/** A milestone as anyone reads it; `reachedAt` null while it is ahead. */
export const projectMilestone = z.object({
  id,
  title: budgetingText,
  dueDate: z.string().nullable(),
  reachedAt: z.string().nullable(),
  note: z.string().nullable(),
  position: z.number().int(),
});
export type ProjectMilestone = z.infer<typeof projectMilestone>;

export const projectUpdate = z.object({
  id,
  status: projectStatus,
  progress: z.number().int(),
  text: budgetingText,
  publishedAt: z.string(),
});
export type ProjectUpdate = z.infer<typeof projectUpdate>;

/** GET /budgeting/rounds/{roundId}/projects: one line of the list. */
export const projectSummary = z.object({
  id,
  roundId: id,
  title: budgetingText,
  districtCode: z.string(),
  /** Whole euros: the plan's cost. */
  cost: z.number().int().nullable(),
  status: projectStatus,
  progress: z.number().int(),
  /** The first milestone not yet reached (by position), or null. */
  nextMilestone: projectMilestone.nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type ProjectSummary = z.infer<typeof projectSummary>;

export const projectList = z.object({ items: z.array(projectSummary) });
export type ProjectList = z.infer<typeof projectList>;

/** GET /budgeting/projects/{id}: the thread's end — the plan, its proposals, milestones and updates (newest first). */
export const projectDetail = projectSummary.extend({
  plan: z.object({ id, title: budgetingText, description: budgetingText, cost: z.number().int().nullable(), districtCode: z.string() }),
  proposals: z.array(z.object({ id, title: z.string() })),
  milestones: z.array(projectMilestone),
  updates: z.array(projectUpdate),
});
export type ProjectDetail = z.infer<typeof projectDetail>;

/** POST /budgeting/projects/{id}/updates (staff). */
export const projectUpdateRequest = z.object({
  version,
  status: projectStatus,
  progress: z.number().int('Whole percent').min(0, 'From 0 to 100').max(100, 'From 0 to 100'),
  /** Public; Finnish always, Swedish and English when written. */
  text: localizedText({ min: 3, max: 5000, required: 'fi' }),
});
export type ProjectUpdateRequest = z.infer<typeof projectUpdateRequest>;

const milestoneTitle = localizedText({ min: 2, max: 200, required: 'fi' });

/** POST /budgeting/projects/{id}/milestones (staff). */
export const addMilestoneRequest = z.object({
  version,
  title: milestoneTitle,
  /** A planning date: 2000–2100 (`0001-01-01` was taken and sorted first on every page). */
  dueDate: planningDate().optional(),
});
export type AddMilestoneRequest = z.infer<typeof addMilestoneRequest>;

/** POST /budgeting/projects/{id}/milestones/{milestoneId}/reached (staff). */
export const milestoneReachedRequest = z.object({
  version,
  /** Public. */
  note: visibleText({ max: 2000 }).optional(),
});
export type MilestoneReachedRequest = z.infer<typeof milestoneReachedRequest>;
