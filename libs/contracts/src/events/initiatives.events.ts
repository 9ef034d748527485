import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { actor, consentedContact, isoTime, language } from './common';
import { decisionBody } from '../http/initiatives';

const STREAM = 'INITIATIVES';
/**
 * Every event names the initiative and its public title (in the initiator's language). The
 * optional fields were added with the service; older consumers ignore them.
 */
const initiativeRef = {
  initiativeId: z.uuid(),
  title: z.string().min(1),
  /** The city's case id once registered (`HEL-2026-001234`). */
  caseId: z.string().optional(),
  /** The language the initiative was written in. */
  language: language.optional(),
};
const body = decisionBody;

export const InitiativeEvents = {
  filed: defineEvent({
    type: 'fi.vaikuta.initiatives.filed.v1',
    subject: 'initiatives.initiative.filed',
    stream: STREAM,
    description:
      'An initiative was filed or imported from kuntalaisaloite.fi. `contacts` are the initiators who consented to be told ' +
      '(only the notification service reads them; they are auto-subscribed). `public` tells whether anyone may follow it.',
    schema: z.object({
      ...initiativeRef,
      initiativeType: z.enum(['resident', 'council_member', 'advocacy_body']),
      filedAt: isoTime,
      supportCount: z.number().int().nonnegative().optional(),
      contacts: z.array(consentedContact).max(100).optional(),
      public: z.boolean().optional(),
    }),
  }),
  statusChanged: defineEvent({
    type: 'fi.vaikuta.initiatives.status_changed.v1',
    subject: 'initiatives.initiative.status_changed',
    stream: STREAM,
    description:
      'An initiative moved in its life cycle (every step, including inadmissible, withdrawn and closed with their reason); ' +
      'initiators and followers are told.',
    schema: z.object({
      ...initiativeRef,
      from: z.string(),
      to: z.string(),
      by: actor,
      changedAt: isoTime,
      reason: z.string().optional(),
    }),
  }),
  registered: defineEvent({
    type: 'fi.vaikuta.initiatives.registered.v1',
    subject: 'initiatives.initiative.registered',
    stream: STREAM,
    description: 'The registry gave the initiative its case id.',
    schema: z.object({ ...initiativeRef, caseId: z.string().min(1), by: actor, registeredAt: isoTime }),
  }),
  assigned: defineEvent({
    type: 'fi.vaikuta.initiatives.assigned.v1',
    subject: 'initiatives.initiative.assigned',
    stream: STREAM,
    description: 'The initiative was assigned to a preparer in a department.',
    schema: z.object({
      ...initiativeRef,
      departmentCode: z.string().min(1),
      preparerId: z.string().min(1),
      by: actor,
      assignedAt: isoTime,
    }),
  }),
  statementRequested: defineEvent({
    type: 'fi.vaikuta.initiatives.statement_requested.v1',
    subject: 'initiatives.initiative.statement_requested',
    stream: STREAM,
    description: 'A statement was requested from a department or body, with a due date.',
    schema: z.object({
      ...initiativeRef,
      statementId: z.uuid(),
      requestedFrom: z.string().min(1),
      dueAt: isoTime,
      by: actor,
      requestedAt: isoTime,
    }),
  }),
  statementAnswered: defineEvent({
    type: 'fi.vaikuta.initiatives.statement_answered.v1',
    subject: 'initiatives.initiative.statement_answered',
    stream: STREAM,
    description: 'A department or body gave its statement.',
    schema: z.object({
      ...initiativeRef,
      statementId: z.uuid(),
      requestedFrom: z.string().min(1),
      by: actor,
      answeredAt: isoTime,
    }),
  }),
  proposed: defineEvent({
    type: 'fi.vaikuta.initiatives.proposed.v1',
    subject: 'initiatives.initiative.proposed',
    stream: STREAM,
    description: 'The preparer brought a proposal to a body (lautakunta, kaupunginhallitus, valtuusto).',
    schema: z.object({ ...initiativeRef, body, by: actor, proposedAt: isoTime }),
  }),
  decided: defineEvent({
    type: 'fi.vaikuta.initiatives.decided.v1',
    subject: 'initiatives.initiative.decided',
    stream: STREAM,
    description: 'A body decided on the initiative.',
    schema: z.object({
      ...initiativeRef,
      body: z.string().min(1),
      decision: z.string().min(1),
      decidedAt: isoTime,
      section: z.string().optional(),
      ahjoCaseId: z.string().optional(),
      ahjoDecisionId: z.string().optional(),
    }),
  }),
  measuresRecorded: defineEvent({
    type: 'fi.vaikuta.initiatives.measures_recorded.v1',
    subject: 'initiatives.initiative.measures_recorded',
    stream: STREAM,
    description: 'The measures taken on an initiative were recorded (kuntalaki § 23).',
    schema: z.object({ ...initiativeRef, measures: z.string().min(1), recordedAt: isoTime }),
  }),
  combined: defineEvent({
    type: 'fi.vaikuta.initiatives.combined.v1',
    subject: 'initiatives.initiative.combined',
    stream: STREAM,
    description: 'The initiative is handled together with another; its followers follow that one from now on.',
    schema: z.object({
      ...initiativeRef,
      intoInitiativeId: z.uuid(),
      intoTitle: z.string().min(1),
      by: actor,
      combinedAt: isoTime,
    }),
  }),
  councilDeadlineSet: defineEvent({
    type: 'fi.vaikuta.initiatives.council_deadline_set.v1',
    subject: 'initiatives.initiative.council_deadline_set',
    stream: STREAM,
    description: 'Supports reached 2 % of the residents entitled to vote: the council must handle it by the deadline (filing + 6 months).',
    schema: z.object({ ...initiativeRef, supportCount: z.number().int().nonnegative(), councilDeadline: isoTime }),
  }),
  deadlineApproaching: defineEvent({
    type: 'fi.vaikuta.initiatives.deadline_approaching.v1',
    subject: 'initiatives.initiative.deadline_approaching',
    stream: STREAM,
    description: 'A reminder to the preparer: a statement or the council deadline is near.',
    schema: z.object({
      ...initiativeRef,
      preparerId: z.string().min(1),
      kind: z.enum(['statement', 'council']),
      dueAt: isoTime,
    }),
  }),
  unpublished: defineEvent({
    type: 'fi.vaikuta.initiatives.unpublished.v1',
    subject: 'initiatives.initiative.unpublished',
    stream: STREAM,
    description: 'kuntalaisaloite.fi stopped showing the initiative (403): it leaves public lists, new follows are refused.',
    schema: z.object({ ...initiativeRef, unpublishedAt: isoTime }),
  }),
} as const;
