import { z } from 'zod';
import { resultRule } from './rounds';

/**
 * Results (see index.ts for the routes). A round's results are computed by its rule (greedy or
 * equal shares, services/budgeting/src/domain/results) over the counted ballots, district by
 * district, with the coordinators' recorded overrides applied; they stay a draft that only
 * staff see until published. Published results, the Pabulib export, turnout and the anonymised
 * ballot CSV are public; none of them carries a person key, a birth year or a channel per ballot.
 */

/** A text in the three languages, always all three (the service writes these, not people). */
export interface ResultText {
  fi: string;
  sv: string;
  en: string;
}

/** POST /budgeting/rounds/{roundId}/overrides (staff): a decision about one plan, with its public reason. */
export const overrideRequest = z.object({
  planId: z.uuid('Must be a plan id (a UUID)'),
  decision: z.enum(['fund', 'exclude'], { error: 'Must be fund or exclude' }),
  /** Shown on the results page next to the plan. */
  reason: z.string({ error: 'Give the public reason' }).trim().min(3, 'At least 3 characters').max(1000, 'At most 1000 characters'),
});
export type OverrideRequest = z.infer<typeof overrideRequest>;

export interface OverrideView {
  id: string;
  planId: string;
  decision: 'fund' | 'exclude';
  reason: string;
  decidedAt: string;
}

/** POST /budgeting/rounds/{roundId}/results/publish (staff): the round's version as last read. */
export const publishResultsRequest = z.object({
  version: z.number({ error: 'The round version you saw' }).int().min(1),
});
export type PublishResultsRequest = z.infer<typeof publishResultsRequest>;

/** Why a plan won or lost, as the rules explain it; `text` says it in words. */
export type PlanResultStatus = 'funded' | 'funded_by_override' | 'excluded_by_override' | 'no_votes' | 'below_floor' | 'did_not_fit' | 'incompatible' | 'not_reached';

export interface PlanResult {
  id: string;
  title: { fi?: string; sv?: string; en?: string };
  cost: number;
  votes: number;
  status: PlanResultStatus;
  explanation: ResultText;
}

export interface DistrictResult {
  code: string;
  budget: number;
  /** Plan ids in the order funded (overrides first). */
  winners: string[];
  cost: number;
  /** Counted ballots in this part (blank ones included). */
  ballots: number;
  plans: PlanResult[];
}

/** GET /budgeting/rounds/{roundId}/results ★ */
export interface RoundResults {
  rule: z.infer<typeof resultRule>;
  tieBreak: ResultText;
  published: boolean;
  publishedAt: string | null;
  computedAt: string;
  districts: DistrictResult[];
}

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

export interface PabulibAnalysisResult {
  rule: z.infer<typeof resultRule>;
  budget: number;
  /** Project ids as in the file, in the order funded. */
  winners: string[];
  cost: number;
}

export const AGE_BANDS = ['12-17', '18-29', '30-44', '45-64', '65+', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** GET /budgeting/rounds/{roundId}/turnout: counts of counted ballots only, never a person. */
export interface Turnout {
  ballots: number;
  byDistrict: { code: string; ballots: number }[];
  /** Age reached in the voting year, from the birth year; `unknown` when none was recorded. */
  byAgeBand: { band: AgeBand; ballots: number }[];
  byChannel: { channel: 'online' | 'assisted' | 'paper'; ballots: number }[];
}
