import { z } from 'zod';
import { localizedTextView, visibleText, type LocalizedText as SharedLocalizedText } from './text';

/**
 * HTTP contract of the initiatives service (services/initiatives, port 3002): the response
 * shapes the portal reads, as zod schemas and their TS types, and the request bodies.
 *
 * Routes (role from libs/auth; "public" needs no token; staff = preparer or admin):
 *
 *   GET  /initiatives                              public    ?type&status&year&source(kuntalaisaloite|vaikuta)&q&limit(1–100, 20)&cursor → InitiativeListPage
 *   GET  /initiatives/{id}                         public    → InitiativeDetail (404 when not public)
 *   POST /initiatives                              resident  Idempotency-Key; FileInitiativeRequest (type resident only) → 201 InitiativeDetail
 *   POST /initiatives/{id}/supports                resident  Idempotency-Key; no body → 200 { supportCount, councilDeadline }
 *   GET  /initiatives/reports/{year}               public    → YearlyReport; /reports/{year}.csv or ?format=csv → text/csv
 *   GET  /initiatives/reports/{year}.pdf           public    ?lang(fi|sv|en, fi) → application/pdf, the same rows printable
 *   GET  /initiatives/staff/queue                  staff     ?department&includeUnassigned(true|false; with department, also those no department has yet)&status&overdue(true|false)&limit&cursor → PreparerQueuePage
 *   GET  /initiatives/staff/{id}                   staff     → StaffInitiativeDetail (non-public ones too)
 *   POST /initiatives/staff/paper                  staff     PaperInitiativeRequest → 201 StaffInitiativeDetail
 *   POST /initiatives/{id}/register                staff     registerRequest { version, caseId? }        → 200 StaffInitiativeDetail
 *   POST /initiatives/{id}/assign                  staff     assignRequest { version, departmentCode, preparerId }
 *   POST /initiatives/{id}/statements              staff     statementRequest { version, requestedFrom, dueAt }
 *   POST /initiatives/{id}/statements/{sid}/answer staff*    statementAnswerRequest { version, text }   (*also preparers of `requestedFrom`)
 *   POST /initiatives/{id}/propose                 staff     proposeRequest { version, body, proposal }
 *   POST /initiatives/{id}/decide                  staff     decideRequest { version, body, decidedAt, section?, text, ahjoCaseId?, ahjoDecisionId? }
 *   POST /initiatives/{id}/measures                staff     measuresRequest { version, text }
 *   POST /initiatives/{id}/close                   staff     closeRequest { version }
 *   POST /initiatives/{id}/inadmissible            staff     inadmissibleRequest { version, reason }
 *   POST /initiatives/{id}/withdraw                staff     withdrawRequest { version, reason? }
 *   POST /initiatives/{id}/combine                 staff     combineRequest { version, intoId }
 *   POST /initiatives/{id}/ahjo-link               staff     ahjoLinkRequest { version, ahjoCaseId }
 *   POST /initiatives/admin/imports/kuntalaisaloite admin    no body → 200 ImportResult, exactly {created,updated,unchanged,failed}; 409 while one runs
 *   GET  /initiatives/admin/imports                admin     → ImportRun[] (latest 20, newest first)
 *   POST /initiatives/ahjo/callback                Ahjo      header X-Ahjo-Secret; ahjoCallbackRequest { updatetype, id } → 202 { accepted: true, changed }
 *   (dead letters: /initiatives/admin/dead-letters, admin, from the service kit)
 *
 * Every staff step answers the StaffInitiativeDetail with its new `version`; a stale version
 * is 409 (problem+json with `currentVersion`), a step the life cycle does not allow is 409, a
 * preparer of another department 403 (an unassigned initiative is open to every preparer).
 * Bad input is 400 problem+json naming the field (`errors: [{ field, message }]`).
 */

export const initiativeType = z.enum(['resident', 'council_member', 'advocacy_body']);
export type InitiativeType = z.infer<typeof initiativeType>;

/**
 * The life cycle. `collecting` is an imported kuntalaisaloite.fi initiative not yet sent to the
 * city (sentTime null); it becomes `filed` when sent. Terminal: closed, inadmissible, withdrawn,
 * combined.
 */
export const initiativeStatus = z.enum([
  'collecting',
  'filed',
  'registered',
  'assigned',
  'statements_requested',
  'proposed',
  'decided',
  'measures_taken',
  'closed',
  'inadmissible',
  'withdrawn',
  'combined',
]);
export type InitiativeStatus = z.infer<typeof initiativeStatus>;

export const decisionBody = z.enum(['lautakunta', 'kaupunginhallitus', 'valtuusto']);
export type DecisionBody = z.infer<typeof decisionBody>;

export const advocacyBody = z.enum(['nuorisovaltuusto', 'vanhusneuvosto', 'vammaisneuvosto']);
export type AdvocacyBody = z.infer<typeof advocacyBody>;

export const contentLanguage = z.enum(['fi', 'sv', 'en']);

/**
 * Decision: a title is a text per language, at least one present, plus `language`, the language
 * the initiator wrote in. A resident writes one language; seeded and staff-translated ones carry
 * more. The portal shows the reader's language and falls back to `title[language]`. Answers
 * only: the shared loose shape, so titles imported before any limit still read.
 */
export const localizedText = localizedTextView;
export type LocalizedText = SharedLocalizedText;

/** Where an imported initiative came from; absent on ones filed here. */
export const initiativeSource = z.object({
  system: z.literal('kuntalaisaloite'),
  /** The initiative's id in kuntalaisaloite.fi, the last segment of its API URL. */
  externalId: z.string(),
  /** Its Finnish page on kuntalaisaloite.fi. */
  url: z.string(),
});
export type InitiativeSource = z.infer<typeof initiativeSource>;

const isoTime = z.string();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const initiativeListItem = z.object({
  id: z.uuid(),
  /** The city's case id (`HEL-2026-001234`) once registered, null before. */
  caseId: z.string().nullable(),
  type: initiativeType,
  title: localizedText,
  language: contentLanguage,
  status: initiativeStatus,
  supportCount: z.number().int().nonnegative(),
  /** When filed with the city; null while still collecting on kuntalaisaloite.fi. */
  filedAt: isoTime.nullable(),
  source: initiativeSource.nullable(),
  /** The department preparing it, once assigned. */
  departmentCode: z.string().nullable(),
  /** filed + 6 months, set when supports reach 2 % of the residents entitled to vote. */
  councilDeadline: isoDate.nullable(),
  /** advocacy_body only: which body. */
  advocacyBody: advocacyBody.nullable(),
  updatedAt: isoTime,
});
export type InitiativeListItem = z.infer<typeof initiativeListItem>;

export const initiativeListPage = z.object({ items: z.array(initiativeListItem), nextCursor: z.string().nullable() });
export type InitiativeListPage = z.infer<typeof initiativeListPage>;

export const timelineEntry = z.object({
  at: isoTime,
  /** The status entered, or an event without a status change (`supported_threshold`, `ahjo_decision`, `statement_answered`). */
  kind: z.string(),
  status: initiativeStatus.nullable(),
  /** Public text of the step (reason, decision excerpt, measures); never personal data. */
  note: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof timelineEntry>;

export const statement = z.object({
  id: z.uuid(),
  /** A department code or a body name. */
  requestedFrom: z.string(),
  requestedAt: isoTime,
  dueAt: isoTime,
  answeredAt: isoTime.nullable(),
  text: z.string().nullable(),
  overdue: z.boolean(),
});
export type Statement = z.infer<typeof statement>;

export const decision = z.object({
  body: decisionBody,
  decidedAt: isoDate,
  /** § number in the minutes. */
  section: z.string().nullable(),
  text: z.string(),
  ahjoCaseId: z.string().nullable(),
  ahjoDecisionId: z.string().nullable(),
});
export type Decision = z.infer<typeof decision>;

export const measures = z.object({ text: z.string(), recordedAt: isoTime });
export type Measures = z.infer<typeof measures>;

/** Named initiators only when they made their name public; otherwise only the count. */
export const publicInitiators = z.object({ publicNames: z.array(z.string()), count: z.number().int().nonnegative() });

export const initiativeDetail = initiativeListItem.extend({
  version: z.number().int(),
  body: z.string(),
  initiators: publicInitiators,
  proposedTo: decisionBody.nullable(),
  proposal: z.string().nullable(),
  statements: z.array(statement),
  decision: decision.nullable(),
  measures: measures.nullable(),
  /** Why it is inadmissible or withdrawn. */
  closingReason: z.string().nullable(),
  /** combined: the initiative this one is handled with; others combined into this one. */
  combinedInto: z.uuid().nullable(),
  combinedWith: z.array(z.uuid()),
  ahjoCaseId: z.string().nullable(),
  /** false when kuntalaisaloite.fi stopped showing it (403); staff still see it. */
  public: z.boolean(),
  timeline: z.array(timelineEntry),
});
export type InitiativeDetail = z.infer<typeof initiativeDetail>;

/** What staff see of an initiative: the public detail plus who prepares it and its initiators' contacts. */
export const staffInitiativeDetail = initiativeDetail.extend({
  preparerId: z.string().nullable(),
  nextDueAt: isoTime.nullable(),
  overdue: z.boolean(),
  initiatorContacts: z.array(
    z.object({
      role: z.enum(['initiator', 'first_signer', 'co_signer', 'body']),
      name: z.string().nullable(),
      namePublic: z.boolean(),
      email: z.string().nullable(),
      language: contentLanguage,
    }),
  ),
});
export type StaffInitiativeDetail = z.infer<typeof staffInitiativeDetail>;

export const preparerQueueItem = initiativeListItem.extend({
  version: z.number().int(),
  preparerId: z.string().nullable(),
  /** The nearest open due date: a statement's, the council deadline's, or the handling target. */
  nextDueAt: isoTime.nullable(),
  overdue: z.boolean(),
  openStatements: z.number().int().nonnegative(),
});
export type PreparerQueueItem = z.infer<typeof preparerQueueItem>;
export const preparerQueuePage = z.object({ items: z.array(preparerQueueItem), nextCursor: z.string().nullable() });
export type PreparerQueuePage = z.infer<typeof preparerQueuePage>;

export const yearlyReportRow = z.object({
  id: z.uuid(),
  caseId: z.string().nullable(),
  type: initiativeType,
  title: z.string(),
  status: initiativeStatus,
  filedAt: isoTime.nullable(),
  decidedAt: isoDate.nullable(),
  body: decisionBody.nullable(),
  measures: z.string().nullable(),
  supportCount: z.number().int(),
});
export const yearlyReport = z.object({ year: z.number().int(), items: z.array(yearlyReportRow) });
export type YearlyReport = z.infer<typeof yearlyReport>;

export const importResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
});
export type ImportResult = z.infer<typeof importResult>;

export const importRun = importResult.extend({ startedAt: isoTime, finishedAt: isoTime, trigger: z.enum(['schedule', 'admin']) });
export type ImportRun = z.infer<typeof importRun>;

/* ---- Requests ---- */

const version = z.number().int().nonnegative();
/** Trimmed and visible: a title of zero-width spaces is empty (libs/contracts/src/http/text.ts). */
const shortText = (max: number) => visibleText({ max });

export const fileInitiativeRequest = z.object({
  type: initiativeType,
  language: contentLanguage,
  title: shortText(200),
  body: shortText(20_000),
  /** advocacy_body only. */
  advocacyBody: advocacyBody.optional(),
  /** Whether the initiator's name may be shown publicly. */
  namePublic: z.boolean().default(false),
  /** Initiator's name as it should appear (only shown if namePublic). */
  initiatorName: shortText(200),
  /** council_member: co-signers' names (public by role). */
  coSigners: z.array(shortText(200)).max(100).default([]),
  /** For notifications, in the initiator's language; never public. */
  email: z.email().max(254).optional(),
});
export type FileInitiativeRequest = z.infer<typeof fileInitiativeRequest>;

export const paperInitiativeRequest = fileInitiativeRequest.extend({
  /** When the paper reached the city (the legal filing date). */
  filedAt: z.iso
    .datetime({ offset: true })
    // Year 0001 was taken: an initiative no yearly report or list by year would ever show.
    .refine((t) => new Date(t).getUTCFullYear() >= 1995, 'A filing date from 1995 on')
    .optional(),
  supportCount: z.number().int().nonnegative().max(10_000_000).default(1),
});
export type PaperInitiativeRequest = z.infer<typeof paperInitiativeRequest>;

export const registerRequest = z.object({ version, caseId: z.string().regex(/^[A-Z]{2,5}-\d{4}-\d{6}$/).optional() });
/**
 * A department as staff tokens name it (`KYMP`). Upper-cased: an initiative assigned to `kymp`
 * would match no preparer's departments and lock every preparer out of it.
 */
const departmentCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, 'A department code such as KYMP')
  .transform((code) => code.toUpperCase());
export const assignRequest = z.object({ version, departmentCode, preparerId: shortText(128) });
export const statementRequest = z.object({
  version,
  requestedFrom: shortText(120),
  /** Year 9999 was taken: a due date no clock or reminder would ever reach. */
  dueAt: z.iso.datetime({ offset: true }).refine((t) => {
    const year = new Date(t).getUTCFullYear();
    return year >= 1995 && year <= 2100;
  }, 'A due date from 1995 to 2100'),
});
export const statementAnswerRequest = z.object({ version, text: shortText(20_000) });
export const proposeRequest = z.object({ version, body: decisionBody, proposal: shortText(20_000) });
export const decideRequest = z.object({
  version,
  body: decisionBody,
  /** A real calendar day: `2026-13-45` passed a pattern and broke the decision's event (500). */
  decidedAt: z.iso
    .date('A date such as 2026-09-16')
    .refine((d) => d >= '1995-01-01' && d <= '2100-12-31', 'A date from 1995 to 2100'),
  section: shortText(20).optional(),
  text: shortText(50_000),
  ahjoCaseId: shortText(64).optional(),
  ahjoDecisionId: shortText(64).optional(),
});
export const measuresRequest = z.object({ version, text: shortText(20_000) });
export const closeRequest = z.object({ version });
export const inadmissibleRequest = z.object({ version, reason: shortText(5_000) });
export const withdrawRequest = z.object({ version, reason: shortText(5_000).optional() });
export const combineRequest = z.object({ version, intoId: z.uuid() });
export const ahjoLinkRequest = z.object({ version, ahjoCaseId: shortText(64) });
export const ahjoCallbackRequest = z.object({ updatetype: shortText(32), id: shortText(128) });
