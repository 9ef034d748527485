import { z } from 'zod';
import { planningDate } from '../dates';
import { hasVisibleText, trimInvisible, visibleText } from '../text';

/**
 * Grant applications, from draft to closed (services/grants/src/applications). Money is in
 * cents, as rounds' budgets are. Applicant = someone who acts for the application's
 * association by the register's rule (a Suomi.fi mandate for its business ID, a
 * representative row, or an admin); officer = grants_officer or admin. Another association's application
 * is 404, as if it did not exist. ({id} below is the path parameter `applicationId`.)
 *
 *   POST  /grants/rounds/{roundId}/applications          applicant  CreateApplicationRequest → 201 ApplicationDetail (draft)
 *   GET   /grants/applications/mine                      signed in  → { items: ApplicationSummary[] } of the caller's associations
 *   GET   /grants/applications/{id}                      applicant | officer → ApplicationDetail
 *   PATCH /grants/applications/{id}                      applicant  UpdateApplicationRequest (draft only)
 *   POST  /grants/applications/{id}/submit               applicant  { version } — 400 naming each missing field or attachment
 *   POST  /grants/applications/{id}/withdraw             applicant  { version } (until the decision)
 *   POST  /grants/applications/{id}/answers              applicant  { version, message } — answers a request for information
 *   POST  /grants/applications/{id}/report               applicant  { version, text } — the report on the use of funds
 *   POST  /grants/applications/{id}/attachments          applicant  multipart: purpose, file (PDF, PNG, JPEG ≤ 10 MB) → 201 Attachment
 *   GET   /grants/applications/{id}/attachments/{aid}    applicant | officer → the file
 *   DELETE /grants/applications/{id}/attachments/{aid}   applicant  a draft's attachment → 204
 *   GET   /grants/applications                           officer    ?roundId&state&type&department&limit&cursor → keyset page (the queue)
 *   POST  /grants/applications/{id}/receive | /review | /payment | /close      officer { version }
 *   POST  /grants/applications/{id}/scores               officer    { version, scores: [{ criterion, score, note? }] }
 *   POST  /grants/applications/{id}/information-requests officer    { version, message }
 *   POST  /grants/applications/{id}/decision             officer    DecisionRequest
 *   GET   /grants/rounds/{roundId}/decisions             public     → DecisionList (every decided application, total against the budget)
 *   GET   /grants/statistics?year=                       public     → GrantStatistics; /grants/statistics.csv the same as CSV
 */

const id = z.uuid();
const version = z.number().int().positive();
const cents = z.number().int('Whole cents').positive('More than zero').max(100_000_000_000, 'At most 1 000 000 000 €');

export const applicationState = z.enum([
  'draft',
  'submitted',
  'received',
  'in_review',
  'awaiting_information',
  'decided',
  'paid',
  'report_due',
  'report_received',
  'closed',
  'withdrawn',
]);
export type ApplicationState = z.infer<typeof applicationState>;

export const decisionOutcome = z.enum(['granted', 'rejected']);

/** A form answer keyed by the round's field key: text, a date (YYYY-MM-DD) or a choice's value as text, or a number. */
export const formAnswer = z.union([z.string().trim().max(10_000, 'At most 10000 characters'), z.number().finite()]);

/**
 * Text answers are trimmed as every visible text is (zero-width characters too). An answer with
 * nothing visible is left out, as `localizedText` leaves out a blank language: forms send every
 * field, and a key left out is simply not answered — so a required field answered with "\u200B"
 * is missing at submit (400 `answers.<key>`), as an empty one always was.
 */
const formAnswerRequest = z.union([z.string().transform(trimInvisible).pipe(z.string().max(10_000, 'At most 10000 characters')), z.number().finite()]);
export const formAnswers = z
  .record(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'A field key of the round'), formAnswerRequest)
  .refine((a) => Object.keys(a).length <= 100, 'At most 100 answers')
  .transform((a) => Object.fromEntries(Object.entries(a).filter(([, answer]) => typeof answer === 'number' || hasVisibleText(answer))));

const title = visibleText({ min: 3, max: 200 });
const message = visibleText({ min: 3, max: 10_000 });

export const createApplicationRequest = z.object({
  associationId: id,
  title,
  requestedCents: cents,
  answers: formAnswers.default({}),
});
export type CreateApplicationRequest = z.infer<typeof createApplicationRequest>;

export const updateApplicationRequest = z.object({
  version,
  title: title.optional(),
  requestedCents: cents.optional(),
  /** Replaces the answers given; a key left out is no longer answered. */
  answers: formAnswers.optional(),
});
export type UpdateApplicationRequest = z.infer<typeof updateApplicationRequest>;

/** A step that needs nothing but the version seen (submit, withdraw, receive, review, payment, close). */
export const stepRequest = z.object({ version });
export type StepRequest = z.infer<typeof stepRequest>;

export const messageRequest = z.object({ version, message });
export type MessageRequest = z.infer<typeof messageRequest>;

export const reportRequest = z.object({ version, text: message });
export type ReportRequest = z.infer<typeof reportRequest>;

export const scoreRequest = z.object({
  version,
  scores: z
    .array(
      z.object({
        criterion: z.string().min(1).max(64),
        /** 0–5 per criterion; the criteria's weights make the total out of 100. */
        score: z.number().int('A whole number').min(0, 'From 0 to 5').max(5, 'From 0 to 5'),
        /** Optional, but refused (400 `scores.<i>.note`) when sent with nothing visible, as a decision's `reasons` is. */
        note: visibleText({ max: 2000 }).optional(),
      }),
    )
    .min(1, 'At least one score')
    .max(50),
});
export type ScoreRequest = z.infer<typeof scoreRequest>;

export const decisionRequest = z
  .object({
    version,
    outcome: decisionOutcome,
    /** For a grant: at most what was applied for. */
    grantedCents: cents.optional(),
    /** Required for a rejection; may explain a partial grant. */
    reasons: visibleText({ min: 3, max: 5000 }).optional(),
    ahjoDecisionId: z.string().trim().regex(/^[A-Za-z0-9 ./§-]{1,64}$/, 'An Ahjo decision id such as HEL 2026-001234 or § 45').optional(),
    /** When the report on the use of funds is due (a grant); the round's report date when left out. */
    reportDue: planningDate().optional(),
  })
  .superRefine((d, ctx) => {
    if (d.outcome === 'granted' && d.grantedCents === undefined) ctx.addIssue({ code: 'custom', path: ['grantedCents'], message: 'A grant needs its amount' });
    if (d.outcome === 'rejected' && d.grantedCents !== undefined) ctx.addIssue({ code: 'custom', path: ['grantedCents'], message: 'A rejection grants nothing' });
    // Only when none were sent: reasons sent blank ("\u200B ") already have their own error on the field.
    if (d.outcome === 'rejected' && d.reasons === undefined) ctx.addIssue({ code: 'custom', path: ['reasons'], message: 'A rejection needs its reasons' });
  });
export type DecisionRequest = z.infer<typeof decisionRequest>;

export const queueQuery = z.object({
  roundId: id.optional(),
  state: applicationState.optional(),
  type: z.enum(['operating', 'project', 'premises', 'small']).optional(),
  department: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'A department code').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export type QueueQuery = z.infer<typeof queueQuery>;

export const attachmentView = z.object({
  id,
  purpose: z.string(),
  filename: z.string(),
  contentType: z.string(),
  bytes: z.number().int(),
  uploadedAt: z.string(),
});
export type AttachmentView = z.infer<typeof attachmentView>;

export const threadMessage = z.object({
  id,
  kind: z.enum(['information_request', 'answer']),
  side: z.enum(['officer', 'applicant']),
  body: z.string(),
  writtenAt: z.string(),
});

export const applicationSummary = z.object({
  id,
  roundId: id,
  associationId: id,
  associationName: z.string(),
  type: z.string(),
  department: z.string(),
  state: applicationState,
  title: z.string(),
  requestedCents: z.number().int(),
  grantedCents: z.number().int().nullable(),
  submittedAt: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type ApplicationSummary = z.infer<typeof applicationSummary>;

export const applicationDetail = applicationSummary.extend({
  answers: z.record(z.string(), formAnswer),
  decision: z
    .object({
      outcome: decisionOutcome,
      grantedCents: z.number().int().nullable(),
      reasons: z.string().nullable(),
      decidedAt: z.string(),
      ahjoDecisionId: z.string().nullable(),
      reportDue: z.string().nullable(),
    })
    .nullable(),
  paidAt: z.string().nullable(),
  report: z.object({ text: z.string(), receivedAt: z.string() }).nullable(),
  scores: z.array(z.object({ criterion: z.string(), score: z.number().int(), note: z.string().nullable(), scoredAt: z.string() })),
  /** Weighted by the round's criteria, out of 100, once every criterion is scored. */
  totalScore: z.number().nullable(),
  messages: z.array(threadMessage),
  attachments: z.array(attachmentView),
  /** The steps the caller could take now. */
  possibleSteps: z.array(z.string()),
});
export type ApplicationDetail = z.infer<typeof applicationDetail>;

export const applicationList = z.object({ items: z.array(applicationSummary) });
export type ApplicationList = z.infer<typeof applicationList>;

export const applicationQueuePage = z.object({ items: z.array(applicationSummary), nextCursor: z.string().nullable() });
export type ApplicationQueuePage = z.infer<typeof applicationQueuePage>;

/** One line of a round's public decision list: the association, what it asked and what it got. */
export const decisionListItem = z.object({
  applicationId: id,
  associationName: z.string(),
  title: z.string(),
  requestedCents: z.number().int(),
  outcome: decisionOutcome,
  grantedCents: z.number().int(),
  reasons: z.string().nullable(),
  decidedAt: z.string(),
  ahjoDecisionId: z.string().nullable(),
});

export const decisionList = z.object({
  roundId: id,
  budgetCents: z.number().int(),
  grantedTotalCents: z.number().int(),
  remainingCents: z.number().int(),
  items: z.array(decisionListItem),
});
export type DecisionList = z.infer<typeof decisionList>;

export const statisticsQuery = z.object({ year: z.coerce.number().int('A year').min(2000, 'From 2000').max(2100, 'Until 2100') });
export type StatisticsQuery = z.infer<typeof statisticsQuery>;

const tally = { applications: z.number().int(), granted: z.number().int(), grantedCents: z.number().int() };

/** A year's grants, by the year the round opened: applications submitted (drafts and withdrawn drafts not counted), grants and sums. */
export const grantStatistics = z.object({
  year: z.number().int(),
  rounds: z.array(z.object({ roundId: id, type: z.string(), department: z.string(), budgetCents: z.number().int(), ...tally })),
  byType: z.array(z.object({ type: z.string(), ...tally })),
  byDepartment: z.array(z.object({ department: z.string(), ...tally })),
});
export type GrantStatistics = z.infer<typeof grantStatistics>;
