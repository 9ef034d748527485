import { z } from 'zod';
import { visibleText } from '../text';
import { budgetingDescription, budgetingText, budgetingTitle } from './rounds';

/**
 * Proposals and plans of a budgeting round (routes in index.ts).
 *
 * A resident proposes while the round's proposals phase is open; coordinators screen each
 * proposal (feasible / not feasible, always with a public reason) and combine feasible or
 * unscreened ones of one district into a plan, which gets a cost and goes on the ballot. The
 * thread page (`GET /budgeting/proposals/{id}`) shows where the idea came from (a feedback idea
 * or an initiative, by kind and id: the portal makes the links), the screening, the plan and
 * the plan's project, so "idea → proposal → plan → project" reads as one page.
 *
 * Public answers never carry the proposer: their sign-in subject stays in the service (for
 * notifications and erasure) and is named only in events.
 */

const content = z.enum(['fi', 'sv', 'en']);
const id = z.uuid();
/** Trimmed, visible (zero-width characters alone are empty), between min and max characters. */
const clean = (min: number, max: number) => visibleText({ min, max });

/**
 * A point inside Finland's bounding box (Åland's western skerries to the eastern border, the
 * Gulf of Finland to Utsjoki), WGS84 degrees: a proposal anywhere else is a typo or a swap of
 * lat and lon, which the box catches for every Finnish place.
 */
export const finnishLocation = z.object({
  lat: z.number().min(59.4, 'Must be inside Finland (latitude 59.4–70.1)').max(70.1, 'Must be inside Finland (latitude 59.4–70.1)'),
  lon: z.number().min(19.0, 'Must be inside Finland (longitude 19.0–31.6)').max(31.6, 'Must be inside Finland (longitude 19.0–31.6)'),
});
export type FinnishLocation = z.infer<typeof finnishLocation>;

export const proposalStatus = z.enum(['submitted', 'feasible', 'not_feasible', 'in_plan']);
export type ProposalStatus = z.infer<typeof proposalStatus>;

/** Where a proposal came from: a feedback idea or an initiative, by its id in that service. */
export const proposalSource = z.object({
  kind: z.enum(['feedback', 'initiative']),
  id: z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'An id of letters, digits and dashes (at most 100)'),
});
export type ProposalSource = z.infer<typeof proposalSource>;

/** POST /budgeting/rounds/{roundId}/proposals (resident, Idempotency-Key). */
export const submitProposalRequest = z.object({
  title: clean(3, 120),
  description: clean(10, 5000),
  /** The language the proposal is written in: it picks the search stemming. */
  language: content,
  /** One of the round's districts. */
  districtCode: z.string().min(1).max(40),
  location: finnishLocation.optional(),
  /** Whole euros, the proposer's own guess. */
  roughCost: z.number().int().min(0).max(1_000_000_000).optional(),
  source: proposalSource.optional(),
});
export type SubmitProposalRequest = z.infer<typeof submitProposalRequest>;

/** A proposal as anyone may read it. */
export const proposal = z.object({
  id,
  roundId: id,
  districtCode: z.string(),
  language: content,
  title: z.string(),
  description: z.string(),
  location: finnishLocation.nullable(),
  roughCost: z.number().int().nullable(),
  status: proposalStatus,
  /** The public reason given at screening. */
  screeningReason: z.string().nullable(),
  planId: id.nullable(),
  source: proposalSource.nullable(),
  /** For coordinators' screening (optimistic concurrency). */
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Proposal = z.infer<typeof proposal>;

export const proposalPage = z.object({ items: z.array(proposal), nextCursor: z.string().nullable() });
export type ProposalPage = z.infer<typeof proposalPage>;

export const planStatus = z.enum(['draft', 'on_ballot', 'withdrawn']);
export type PlanStatus = z.infer<typeof planStatus>;

export const projectStatus = z.enum(['planned', 'in_progress', 'completed', 'cancelled']);

/** GET /budgeting/proposals/{id}: the proposal and every later step of its thread. */
export const proposalThread = proposal.extend({
  /** null until screened; a proposal combined into a plan without screening has none either. */
  screening: z.object({ outcome: z.enum(['feasible', 'not_feasible']), reason: z.string() }).nullable(),
  /**
   * The plan the proposal is in. The public sees it (and `planId`) only once the plan is on the
   * ballot; a draft is the coordinators' working copy, shown to coordinators alone.
   */
  plan: z.object({ id, title: budgetingText, cost: z.number().int().nullable(), status: planStatus }).nullable(),
  /** The plan's project once it won (projects share their plan's id). */
  project: z.object({ id, status: projectStatus, progress: z.number().int() }).nullable(),
});
export type ProposalThread = z.infer<typeof proposalThread>;

/** POST /budgeting/proposals/{id}/screening (staff). */
export const screenProposalRequest = z.object({
  version: z.number().int().positive(),
  outcome: z.enum(['feasible', 'not_feasible']),
  /** Public: the proposer and everyone reading the proposal see it. */
  reason: clean(3, 2000),
});
export type ScreenProposalRequest = z.infer<typeof screenProposalRequest>;

const incompatibleGroup = z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'Letters, digits, dashes and underscores (at most 60)');
/** Whole euros; the ballot needs one. */
const planCost = z.number().int().positive().max(1_000_000_000);

/** POST /budgeting/rounds/{roundId}/plans (staff): proposals of one district combined. */
export const createPlanRequest = z.object({
  title: budgetingTitle,
  description: budgetingDescription,
  districtCode: z.string().min(1).max(40),
  /** Proposals of this round and district, each feasible or not yet screened. */
  proposalIds: z.array(id).min(1).max(20),
  cost: planCost.optional(),
  incompatibleGroup: incompatibleGroup.optional(),
  location: finnishLocation.optional(),
});
export type CreatePlanRequest = z.infer<typeof createPlanRequest>;

/** PATCH /budgeting/plans/{planId} (staff): refused once voting has opened. */
export const updatePlanRequest = z.object({
  version: z.number().int().positive(),
  cost: planCost.optional(),
  title: budgetingTitle.optional(),
  description: budgetingDescription.optional(),
  /** null takes the plan out of its group. */
  incompatibleGroup: incompatibleGroup.nullable().optional(),
  /** `on_ballot` needs a cost. */
  status: planStatus.optional(),
});
export type UpdatePlanRequest = z.infer<typeof updatePlanRequest>;

export const plan = z.object({
  id,
  roundId: id,
  districtCode: z.string(),
  title: budgetingText,
  description: budgetingText,
  cost: z.number().int().nullable(),
  incompatibleGroup: z.string().nullable(),
  location: finnishLocation.nullable(),
  status: planStatus,
  proposalIds: z.array(id),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type Plan = z.infer<typeof plan>;

export const planList = z.object({ items: z.array(plan) });
export type PlanList = z.infer<typeof planList>;
