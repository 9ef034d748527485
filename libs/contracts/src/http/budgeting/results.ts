import { z } from 'zod';
import { visibleText } from '../text';
import { resultRule } from './rounds';

/**
 * Results (see index.ts for the routes). A round's results are computed by its rule (greedy or
 * equal shares, services/budgeting/src/domain/results) over the counted ballots, district by
 * district, with the coordinators' recorded overrides applied; they stay a draft that only
 * staff see until published. Published results, the Pabulib export, turnout and the anonymised
 * ballot CSV are public; none of them carries a person key, a birth year or a channel per ballot.
 */

/** A text in the three languages, always all three (the service writes these, not people). */
export const resultText = z.object({ fi: z.string(), sv: z.string(), en: z.string() });
export type ResultText = z.infer<typeof resultText>;

/** POST /budgeting/rounds/{roundId}/overrides (staff): a decision about one plan, with its public reason. */
export const overrideRequest = z.object({
  planId: z.uuid('Must be a plan id (a UUID)'),
  decision: z.enum(['fund', 'exclude'], { error: 'Must be fund or exclude' }),
  /** Shown on the results page next to the plan. */
  reason: z.string({ error: 'Give the public reason' }).pipe(visibleText({ min: 3, max: 1000 })),
});
export type OverrideRequest = z.infer<typeof overrideRequest>;

export const overrideView = z.object({
  id: z.string(),
  planId: z.string(),
  decision: z.enum(['fund', 'exclude']),
  reason: z.string(),
  decidedAt: z.string(),
});
export type OverrideView = z.infer<typeof overrideView>;

/** POST /budgeting/rounds/{roundId}/results/publish (staff): the round's version as last read. */
export const publishResultsRequest = z.object({
  version: z.number({ error: 'The round version you saw' }).int().min(1),
});
export type PublishResultsRequest = z.infer<typeof publishResultsRequest>;

/** Why a plan won or lost, as the rules explain it; `text` says it in words. */
export const planResultStatus = z.enum(['funded', 'funded_by_override', 'excluded_by_override', 'no_votes', 'below_floor', 'did_not_fit', 'incompatible', 'not_reached']);
export type PlanResultStatus = z.infer<typeof planResultStatus>;

export const planResult = z.object({
  id: z.string(),
  title: z.object({ fi: z.string().optional(), sv: z.string().optional(), en: z.string().optional() }),
  cost: z.number(),
  votes: z.number(),
  status: planResultStatus,
  explanation: resultText,
});
export type PlanResult = z.infer<typeof planResult>;

export const districtResult = z.object({
  code: z.string(),
  budget: z.number(),
  /** Plan ids in the order funded (overrides first). */
  winners: z.array(z.string()),
  cost: z.number(),
  /** Counted ballots in this part (blank ones included). */
  ballots: z.number(),
  plans: z.array(planResult),
});
export type DistrictResult = z.infer<typeof districtResult>;

/** GET /budgeting/rounds/{roundId}/results ★ */
export const roundResults = z.object({
  rule: resultRule,
  tieBreak: resultText,
  published: z.boolean(),
  publishedAt: z.string().nullable(),
  computedAt: z.string(),
  districts: z.array(districtResult),
});
export type RoundResults = z.infer<typeof roundResults>;

/** GET /budgeting/rounds/{roundId}/pabulib ★ ?district={code} */
export const pabulibExportQuery = z.object({
  district: z.string({ error: 'Name the district: ?district={code}' }).regex(/^[a-z0-9-]{2,40}$/, 'A district code of the round'),
});
export type PabulibExportQuery = z.infer<typeof pabulibExportQuery>;

/** POST /budgeting/analysis/pabulib ★ ?rule=greedy|mes */
export const pabulibAnalysisQuery = z.object({
  rule: resultRule.default('greedy'),
});
export type PabulibAnalysisQuery = z.infer<typeof pabulibAnalysisQuery>;

export const pabulibAnalysisResult = z.object({
  rule: resultRule,
  budget: z.number(),
  /** Project ids as in the file, in the order funded. */
  winners: z.array(z.string()),
  cost: z.number(),
});
export type PabulibAnalysisResult = z.infer<typeof pabulibAnalysisResult>;

export const AGE_BANDS = ['12-17', '18-29', '30-44', '45-64', '65+', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** GET /budgeting/rounds/{roundId}/turnout: counts of counted ballots only, never a person. */
export const turnout = z.object({
  ballots: z.number(),
  byDistrict: z.array(z.object({ code: z.string(), ballots: z.number() })),
  /** Age reached in the voting year, from the birth year; `unknown` when none was recorded. */
  byAgeBand: z.array(z.object({ band: z.enum(AGE_BANDS), ballots: z.number() })),
  byChannel: z.array(z.object({ channel: z.enum(['online', 'assisted', 'paper']), ballots: z.number() })),
});
export type Turnout = z.infer<typeof turnout>;
