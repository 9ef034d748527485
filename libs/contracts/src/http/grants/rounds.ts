import { z } from 'zod';
import { planningDate, planningInstant } from '../dates';
import { visibleText } from '../text';

/**
 * Grant rounds (`/grants/rounds`) and the vuosikello (`/grants/calendar`): the kinds of grant,
 * who pays, the budget, when applications are taken, how they are scored and what the
 * application form asks.
 */

export const grantRoundType = z.enum(['operating', 'project', 'premises', 'small']);
export type GrantRoundType = z.infer<typeof grantRoundType>;
export const GRANT_ROUND_TYPES = grantRoundType.options;

const words = (max: number) => visibleText({ max });

/** A text in Finnish, optionally Swedish and English; the reader's language falls back to Finnish. */
export const roundText = (max: number) => z.object({ fi: words(max), sv: words(max).optional(), en: words(max).optional() });
export interface RoundText {
  fi: string;
  sv?: string;
  en?: string;
}

const key = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Lowercase letters, digits and _, starting with a letter (at most 40)');

/** One scoring criterion; the weights of a round's criteria add up to 100. */
export const roundCriterion = z.object({ key, label: roundText(200), weight: z.number().int().min(1).max(100) });
export type RoundCriterion = z.infer<typeof roundCriterion>;

export const requiredAttachment = z.object({ key, label: roundText(200) });
export type RequiredAttachment = z.infer<typeof requiredAttachment>;

export const formFieldKind = z.enum(['text', 'number', 'date', 'choice']);
export type FormFieldKind = z.infer<typeof formFieldKind>;

/** One field of the application form; `choices` only (and required) for kind `choice`. */
export const formField = z.object({
  key,
  label: roundText(200),
  kind: formFieldKind,
  required: z.boolean(),
  choices: z.array(z.object({ value: key, label: roundText(100) })).min(1).max(50).optional(),
});
export type FormField = z.infer<typeof formField>;

/** Planning dates: a round opens, closes and has its reports due in the years 2000–2100. */
const isoTime = planningInstant('An ISO 8601 time with offset, such as 2027-01-31T16:00:00+02:00');
const isoDate = planningDate('A date, such as 2027-05-31');

const roundFields = {
  type: grantRoundType,
  title: roundText(200),
  description: roundText(5000).optional(),
  /** The paying department's code, e.g. KUVA. */
  department: z.string().regex(/^[A-Z][A-Z0-9_]{1,19}$/, 'A department code such as KUVA'),
  budgetCents: z.number().int().min(0).max(100_000_000_000),
  /** Applications taken from `opensAt` until further notice (or until `closesAt` if given). */
  continuous: z.boolean().default(false),
  opensAt: isoTime,
  closesAt: isoTime.nullable().optional(),
  /** When the report on the use of funds is due. */
  reportDue: isoDate.nullable().optional(),
  criteria: z.array(roundCriterion).max(20).default([]),
  requiredAttachments: z.array(requiredAttachment).max(20).default([]),
  formFields: z.array(formField).max(50).default([]),
};

export const createGrantRoundRequest = z.object(roundFields);
export type CreateGrantRoundRequest = z.infer<typeof createGrantRoundRequest>;

/** A whole new description of the round, with the version the officer saw. */
export const updateGrantRoundRequest = z.object({ version: z.number().int().positive(), ...roundFields });
export type UpdateGrantRoundRequest = z.infer<typeof updateGrantRoundRequest>;

export const roundListQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  type: grantRoundType.optional(),
  /** `true`: only rounds taking applications now. */
  open: z.enum(['true', 'false']).optional(),
});
export type RoundListQuery = z.infer<typeof roundListQuery>;

export const grantRoundSummary = z.object({
  id: z.uuid(),
  type: grantRoundType,
  title: z.object({ fi: z.string(), sv: z.string().optional(), en: z.string().optional() }),
  department: z.string(),
  budgetCents: z.number().int(),
  continuous: z.boolean(),
  opensAt: z.string(),
  closesAt: z.string().nullable(),
  reportDue: z.string().nullable(),
  /** Taking applications at the time of the answer. */
  openNow: z.boolean(),
});
export type GrantRoundSummary = z.infer<typeof grantRoundSummary>;

export const grantRoundList = z.object({ items: z.array(grantRoundSummary) });
export type GrantRoundList = z.infer<typeof grantRoundList>;

export const grantRoundDetail = grantRoundSummary.extend({
  description: z.object({ fi: z.string(), sv: z.string().optional(), en: z.string().optional() }).nullable(),
  criteria: z.array(roundCriterion),
  requiredAttachments: z.array(requiredAttachment),
  formFields: z.array(formField),
  version: z.number().int(),
});
export type GrantRoundDetail = z.infer<typeof grantRoundDetail>;

export const calendarQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export type CalendarQuery = z.infer<typeof calendarQuery>;

export const calendarEntryKind = z.enum(['opens', 'closes', 'report_due']);
export type CalendarEntryKind = z.infer<typeof calendarEntryKind>;

/** One date of the vuosikello: a round opens, closes, or its reports are due. */
export const calendarEntry = z.object({
  roundId: z.uuid(),
  kind: calendarEntryKind,
  /** ISO time for opens/closes; a date (YYYY-MM-DD) for report_due. */
  at: z.string(),
  /** The date in Europe/Helsinki, for grouping by month. */
  date: z.string(),
  type: grantRoundType,
  title: grantRoundSummary.shape.title,
  department: z.string(),
});
export type CalendarEntry = z.infer<typeof calendarEntry>;

export const grantsCalendar = z.object({ year: z.number().int(), entries: z.array(calendarEntry), rounds: z.array(grantRoundSummary) });
export type GrantsCalendar = z.infer<typeof grantsCalendar>;
