import { z } from 'zod';
import { planningInstant } from '../dates';
import { localizedText, localizedTextView, TEXT_MAX, visibleText, type LocalizedText } from '../text';

/** A text per language as answered; the portal shows the reader's and falls back. Requests use `budgetingTitle` / `budgetingDescription`. */
export const budgetingText = localizedTextView;
export type BudgetingText = LocalizedText;
/** Titles and names of rounds, districts, plans and milestones in requests: visible, at most 200 characters per language. */
export const budgetingTitle = localizedText({ max: TEXT_MAX.title });
/** Descriptions of rounds and plans in requests: visible, at most 5000 characters per language. */
export const budgetingDescription = localizedText({ max: TEXT_MAX.description });

/** The phases of a round, in the order they run (DOMAIN.md §3; OmaStadi's cycle). */
export const roundPhase = z.enum(['proposals', 'screening', 'costing', 'voting', 'results', 'implementation']);
export type RoundPhase = z.infer<typeof roundPhase>;
export const ROUND_PHASES = roundPhase.options;

/** Where a round stands: before its first phase opens it is `upcoming`; after that the last phase that opened. */
export const roundStage = z.enum(['upcoming', ...ROUND_PHASES]);
export type RoundStage = z.infer<typeof roundStage>;

/** How winners are computed: see services/budgeting/src/domain/results. */
export const resultRule = z.enum(['greedy', 'mes']);
export type ResultRule = z.infer<typeof resultRule>;

/**
 * What a voter may choose in each part (their district, and city-wide): plans up to the
 * part's budget (optionally spending at least a share of it), or between `minChoices` and
 * `maxChoices` plans. A blank part is always allowed.
 */
export const ballotRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('knapsack'), minimumSpendPercent: z.number().int().min(0).max(100).optional() }),
  z.object({ kind: z.literal('approval'), maxChoices: z.number().int().min(1).max(100), minChoices: z.number().int().min(1).max(100).optional() }),
]);
export type BallotRule = z.infer<typeof ballotRule>;

/** Who may propose and vote: configuration of each round, never code. */
export const eligibilityRules = z.object({
  /** Reached in the round's voting year (12 as in Helsinki: born in votingYear − 12 or earlier). */
  minimumAge: z.number().int().min(0).max(120),
  /** Statistics Finland municipality codes of residence ('091'); empty: anyone. */
  municipalities: z.array(z.string().regex(/^\d{3}$/, 'a three-digit municipality code such as 091')).max(400),
  /** Accepted sign-in methods, as the token's `amr` claim names them; empty: any. */
  authMethods: z.array(z.enum(['strong', 'school', 'sms'])).max(3),
});
export type EligibilityRules = z.infer<typeof eligibilityRules>;

/**
 * Which ballot counts when one person voted in several channels (a paper sheet and online):
 * `latest` — the last one confirmed, whatever the channel; `paper_first` — a paper or assisted
 * ballot (cast in person, identity checked by staff) outranks online ones, then the latest.
 */
export const reconciliationPolicy = z.enum(['latest', 'paper_first']);
export type ReconciliationPolicy = z.infer<typeof reconciliationPolicy>;

export const phaseWindow = z.object({
  phase: roundPhase,
  opensAt: z.iso.datetime({ offset: true }),
  /** The implementation phase may run open-ended. */
  closesAt: z.iso.datetime({ offset: true }).nullable(),
});
export type PhaseWindow = z.infer<typeof phaseWindow>;

/** A phase as a request dates it: the same fields, in the years 2000–2100. */
const phaseWindowRequest = phaseWindow.extend({ opensAt: planningInstant(), closesAt: planningInstant().nullable() });

export const district = z.object({
  /** `city` is the city-wide part every voter also votes in. */
  code: z.string().regex(/^[a-z0-9-]{2,40}$/, 'lowercase letters, digits and dashes'),
  name: budgetingText,
  /** Whole euros. */
  budget: z.number().int().positive().max(1_000_000_000),
  cityWide: z.boolean(),
});
export type District = z.infer<typeof district>;
const districtRequest = district.extend({ name: budgetingTitle });

export const roundSummary = z.object({
  id: z.uuid(),
  title: budgetingText,
  phase: roundStage,
  rule: resultRule,
  votingYear: z.number().int(),
  votingOpensAt: z.string().nullable(),
  votingClosesAt: z.string().nullable(),
  /** Sum of every district's budget, city-wide included. */
  totalBudget: z.number().int(),
  resultsPublished: z.boolean(),
});
export type RoundSummary = z.infer<typeof roundSummary>;
export const roundList = z.object({ items: z.array(roundSummary) });
export type RoundList = z.infer<typeof roundList>;

export const roundDetail = roundSummary.extend({
  description: budgetingText.nullable(),
  phases: z.array(phaseWindow),
  districts: z.array(district),
  ballotRule,
  eligibility: eligibilityRules,
  /** Plans with fewer votes are never funded. */
  minimumVotes: z.number().int().min(0),
  reconciliationPolicy,
  version: z.number().int(),
});
export type RoundDetail = z.infer<typeof roundDetail>;

export const createRoundRequest = z.object({
  title: budgetingTitle,
  description: budgetingDescription.optional(),
  votingYear: z.number().int().min(2000).max(2100),
  rule: resultRule,
  ballotRule,
  eligibility: eligibilityRules,
  minimumVotes: z.number().int().min(0).max(1_000_000).default(0),
  reconciliationPolicy: reconciliationPolicy.default('paper_first'),
  phases: z.array(phaseWindowRequest).length(6),
  districts: z.array(districtRequest).min(1).max(60),
});
export type CreateRoundRequest = z.infer<typeof createRoundRequest>;

export const movePhasesRequest = z.object({
  version: z.number().int().positive(),
  phases: z.array(phaseWindowRequest).length(6),
  /** Why the dates moved; kept in the audit trail. */
  reason: visibleText({ min: 3, max: 1000 }),
});
export type MovePhasesRequest = z.infer<typeof movePhasesRequest>;

export const refusal = z.object({ code: z.string(), message: z.string() });
export const eligibility = z.object({ eligible: z.boolean(), refusals: z.array(refusal) });
export type Eligibility = z.infer<typeof eligibility>;
