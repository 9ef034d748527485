import { z } from 'zod';
import { visibleText } from '../text';
import { resultText } from './results';
import { reconciliationPolicy } from './rounds';

/**
 * Ballots (see index.ts for the routes). A voter votes in one district of their choice plus
 * city-wide; either part may be blank. Every ballot from every channel goes into the round's
 * append-only log under the person's key (an HMAC of their identity code, or of their sign-in
 * subject when the token has no code); one row per person says which entry counts under the
 * round's reconciliation policy. An identity code in a request is used only to derive that key
 * and the birth year: it is never stored, logged or answered.
 *
 * Channels:
 * - `online`: the resident's own PUT, eligibility from the token's claims;
 * - `assisted`: staff at a library or service desk enter the ballot of a person in front of
 *   them; the age is read from the identity code, residence is checked by the staff member from
 *   the ID shown (a code does not tell the municipality), the sign-in method does not apply;
 * - `paper`: staff enter a sheet once (a second entry of the same sheet is 409). Sheets may be
 *   entered from the opening of voting until the results phase closes, since counting the
 *   post takes a few days, but not after the results are published.
 */

const planIds = z.array(z.uuid('Must be a plan id (a UUID)')).max(100, 'At most 100 plans');
const districtCode = z.string().regex(/^[a-z0-9-]{2,40}$/, 'A district code of the round');

/** What a voter chose: their district and its plans, and the city-wide plans. */
export const ballotChoice = z.object({
  districtCode,
  district: planIds,
  cityWide: planIds,
});
export type BallotChoice = z.infer<typeof ballotChoice>;

/** PUT /budgeting/rounds/{roundId}/ballot: `confirmed` must be literally true (the ballot is confirmed explicitly). */
export const castBallotRequest = ballotChoice.extend({
  confirmed: z.literal(true, { error: 'Confirm the ballot explicitly: send "confirmed": true' }),
});
export type CastBallotRequest = z.infer<typeof castBallotRequest>;

/** Checked with finnish-ssn by the service (400 naming `identityCode`); never echoed back. */
const identityCode = z.string({ error: 'The identity code (henkilötunnus) is required' }).trim().min(1, 'The identity code (henkilötunnus) is required').max(20, 'Not an identity code');

/** POST /budgeting/rounds/{roundId}/ballots/assisted (staff): the person's code and where the ballot was entered. */
export const assistedBallotRequest = ballotChoice.extend({
  identityCode,
  /** Where the person voted, e.g. "Oodi, Töölönlahdenkatu 4". */
  place: visibleText({ min: 2, max: 200 }),
});
export type AssistedBallotRequest = z.infer<typeof assistedBallotRequest>;

/** POST /budgeting/rounds/{roundId}/ballots/paper (staff): one entry per sheet. */
export const paperBallotRequest = ballotChoice.extend({
  /** The number printed on the sheet. */
  sheetId: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/, 'The sheet number: letters, digits, . _ / -, at most 64'),
  identityCode,
});
export type PaperBallotRequest = z.infer<typeof paperBallotRequest>;

/**
 * The answer to a ballot: what was recorded and whether it is the one that counts (a later
 * online ballot of a person who voted on paper does not count under `paper_first`). Totals are
 * the chosen plans' costs in whole euros. GET …/ballot answers the caller's counting ballot in
 * this shape, or `null` when none counts (never voted, or withdrew).
 */
export const ballotReceipt = z.object({
  ballotId: z.uuid(),
  confirmedAt: z.string(),
  channel: z.enum(['online', 'assisted', 'paper']),
  counts: z.boolean(),
  districtCode: z.string(),
  district: z.array(z.uuid()),
  cityWide: z.array(z.uuid()),
  total: z.object({ district: z.number().int(), cityWide: z.number().int() }),
});
export type BallotReceipt = z.infer<typeof ballotReceipt>;

/** DELETE …/ballot: the withdrawal is an entry of the log too; `counts` is false when an in-person ballot outranks it. */
export const withdrawalReceipt = z.object({ ballotId: z.uuid(), withdrawnAt: z.string(), counts: z.boolean() });
export type WithdrawalReceipt = z.infer<typeof withdrawalReceipt>;

export const ballotEntryKind = z.enum(['ballot', 'withdrawal']);

/**
 * GET /budgeting/rounds/{roundId}/reconciliation (staff): people seen in more than one
 * channel. `personRef` is the first 12 hex digits of the person's key — enough to tell rows
 * apart, never the identity code. `counted` is the entry that counts and `why` says so under
 * the round's `policy`.
 */
export const reconciliationReport = z.object({
  policy: reconciliationPolicy,
  items: z.array(
    z.object({
      personRef: z.string().regex(/^[0-9a-f]{12}$/),
      channels: z.array(z.enum(['online', 'assisted', 'paper'])),
      entries: z.array(z.object({ ballotId: z.uuid(), channel: z.enum(['online', 'assisted', 'paper']), confirmedAt: z.string(), kind: ballotEntryKind })),
      counted: z.uuid(),
      /** Which entry counts and why, in fi, sv and en (the service writes it, like the results' explanations). */
      why: resultText,
    }),
  ),
});
export type ReconciliationReport = z.infer<typeof reconciliationReport>;
