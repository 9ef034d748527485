import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { actor, consentedContact, isoTime, language } from './common';

const STREAM = 'FEEDBACK';

/** How much of a sender's text travels with `submitted` (in characters, before the ellipsis). */
export const EXCERPT_MAX_LENGTH = 200;

/**
 * The first EXCERPT_MAX_LENGTH characters of a text, cut at a word where one is near, with
 * an ellipsis when shortened. Counts code points, so an emoji is never split in half.
 */
export function textExcerpt(text: string, max = EXCERPT_MAX_LENGTH): string {
  const chars = Array.from(text.trim());
  if (chars.length <= max) return chars.join('');
  const head = chars.slice(0, max).join('');
  const space = head.search(/\s\S*$/);
  return `${(space > max * 0.6 ? head.slice(0, space) : head).trimEnd()}…`;
}

const requestRef = {
  requestId: z.uuid(),
  trackingCode: z.string().min(1),
  departmentCode: z.string().min(1),
  categoryCode: z.string().min(1),
  language,
  /** Present only when the sender consented to be contacted. */
  contact: consentedContact.optional(),
};

export const feedbackStatus = z.enum(['received', 'in_process', 'resolved', 'rejected']);

export const FeedbackEvents = {
  submitted: defineEvent({
    type: 'fi.vaikuta.feedback.submitted.v1',
    subject: 'feedback.request.submitted',
    stream: STREAM,
    description: 'A resident (or staff on their behalf) sent feedback, an idea or a fault report.',
    schema: z.object({
      ...requestRef,
      kind: z.enum(['feedback', 'idea', 'fault']),
      title: z.string().optional(),
      districtCode: z.string().optional(),
      channel: z.enum(['web', 'open311', 'staff']),
      submittedAt: isoTime,
      dueAt: isoTime,
      /**
       * The start of the sender's own text (`textExcerpt`), present only with `contact`: the
       * messages to them quote it so they know which of their reports a message is about.
       */
      excerpt: z.string().max(EXCERPT_MAX_LENGTH * 2 + 1).optional(),
    }),
  }),
  published: defineEvent({
    type: 'fi.vaikuta.feedback.published.v1',
    subject: 'feedback.request.published',
    stream: STREAM,
    description: 'Staff made a request visible in public lists.',
    schema: z.object({ ...requestRef, by: actor, publishedAt: isoTime }),
  }),
  unpublished: defineEvent({
    type: 'fi.vaikuta.feedback.unpublished.v1',
    subject: 'feedback.request.unpublished',
    stream: STREAM,
    description: 'Staff took a published request out of public lists again; only those who took part still see it.',
    schema: z.object({ ...requestRef, by: actor, unpublishedAt: isoTime }),
  }),
  statusChanged: defineEvent({
    type: 'fi.vaikuta.feedback.status_changed.v1',
    subject: 'feedback.request.status_changed',
    stream: STREAM,
    description: 'The handling state of a request changed.',
    schema: z.object({ ...requestRef, from: feedbackStatus, to: feedbackStatus, by: actor, changedAt: isoTime }),
  }),
  replied: defineEvent({
    type: 'fi.vaikuta.feedback.replied.v1',
    subject: 'feedback.request.replied',
    stream: STREAM,
    description: 'A case worker answered publicly; the sender is told.',
    schema: z.object({ ...requestRef, replyId: z.uuid(), body: z.string().min(1), by: actor, repliedAt: isoTime }),
  }),
  resolved: defineEvent({
    type: 'fi.vaikuta.feedback.resolved.v1',
    subject: 'feedback.request.resolved',
    stream: STREAM,
    description: 'The request was handled; the resolution is public.',
    schema: z.object({ ...requestRef, resolution: z.string().optional(), by: actor, resolvedAt: isoTime }),
  }),
  rejected: defineEvent({
    type: 'fi.vaikuta.feedback.rejected.v1',
    subject: 'feedback.request.rejected',
    stream: STREAM,
    description: 'The request was rejected, always with a reason.',
    schema: z.object({ ...requestRef, reason: z.string().min(1), by: actor, rejectedAt: isoTime }),
  }),
  forwarded: defineEvent({
    type: 'fi.vaikuta.feedback.forwarded.v1',
    subject: 'feedback.request.forwarded',
    stream: STREAM,
    description: 'The request moved to another department.',
    schema: z.object({
      ...requestRef,
      fromDepartmentCode: z.string().min(1),
      note: z.string().optional(),
      by: actor,
      forwardedAt: isoTime,
    }),
  }),
  merged: defineEvent({
    type: 'fi.vaikuta.feedback.merged.v1',
    subject: 'feedback.request.merged',
    stream: STREAM,
    description: 'A duplicate was merged into its original; the duplicate’s sender follows the original.',
    schema: z.object({
      ...requestRef,
      originalRequestId: z.uuid(),
      originalTrackingCode: z.string().min(1),
      /** The original's state at the merge. Optional so that older events still parse. */
      originalStatus: feedbackStatus.optional(),
      /** Whether the original is public: only then may the duplicate's sender be sent to its page. */
      originalPublished: z.boolean().optional(),
      /** The original's public outcome (resolution or rejection reason) when it is already closed. */
      originalOutcome: z.string().optional(),
      by: actor,
      mergedAt: isoTime,
    }),
  }),
  supported: defineEvent({
    type: 'fi.vaikuta.feedback.supported.v1',
    subject: 'feedback.request.supported',
    stream: STREAM,
    description:
      'A resident said "me too" to an open report instead of sending the same one. Here `contact` and `language` are the ' +
      "supporter's (contact only with their consent), never the report's sender's. Published tells whether the report is " +
      'public: until it is, a supporter may be told only its public state (as a merged duplicate’s sender).',
    schema: z.object({
      ...requestRef,
      published: z.boolean(),
      supporterCount: z.number().int().positive(),
      supportedAt: isoTime,
    }),
  }),
} as const;
