import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { isoTime } from './common';

const STREAM = 'GRANTS';

/**
 * An application's events name the association and the person who made the draft by their
 * sign-in subject (`applicantSub`, which the notification service addresses in the person's
 * own language) — never a name or contact. The title is the association's project name.
 */
const applicationRef = {
  applicationId: z.uuid(),
  roundId: z.uuid(),
  associationId: z.uuid(),
  applicantSub: z.string().min(1),
  title: z.string().min(1),
};

/** One event per step of an application (services/grants/src/applications/application-state.ts). */
function applicationStep<S extends z.ZodRawShape>(step: string, description: string, extra: S) {
  return defineEvent({
    type: `fi.vaikuta.grants.application_${step}.v1`,
    subject: `grants.application.${step}`,
    stream: STREAM,
    description,
    schema: z.object({ ...applicationRef, ...extra, at: isoTime }),
  });
}

/** Grants and premises bookings are one service, so one stream; premises' events are in premises.events.ts. */
export const GrantEvents = {
  applicationSubmitted: applicationStep('submitted', 'An association submitted a grant application; the applicant gets a receipt.', {}),
  applicationReceived: applicationStep('received', 'Officers registered the application as received.', {}),
  applicationInformationRequested: applicationStep(
    'information_requested',
    'An officer asked the applicant for more information; the applicant answers on the application.',
    { message: z.string().min(1) },
  ),
  applicationDecided: applicationStep('decided', 'A grant was awarded (in full or in part) or refused, with reasons.', {
    outcome: z.enum(['granted', 'partially_granted', 'rejected']),
    amountCents: z.number().int().nonnegative(),
    reasons: z.string().optional(),
    ahjoDecisionId: z.string().optional(),
    reportDue: z.iso.date().optional(),
  }),
  applicationPaid: applicationStep('paid', 'A granted amount was paid to the association.', { amountCents: z.number().int().positive() }),
  applicationReportDueSoon: applicationStep('report_due_soon', 'The report on the use of funds is due soon (a reminder, sent once).', {
    reportDue: z.iso.date(),
  }),
  applicationReportReceived: applicationStep('report_received', 'The association reported how it used the grant.', {}),
  applicationClosed: applicationStep('closed', 'The application was closed (a rejection, or a grant whose report was received).', {}),
  applicationWithdrawn: applicationStep('withdrawn', 'The association withdrew its application before the decision.', {
    /** Who withdrew it and the association's representatives, by sub: each is told (the applicant may not be the one who withdrew). */
    withdrawnBy: z.string().min(1).optional(),
    representativeSubs: z.array(z.string().min(1)).optional(),
  }),
  // The association register and grant rounds (services/grants/src/associations, grant-rounds).
  // A person appears only by sign-in subject, so notifications can tell them in their own language.
  associationRegistered: defineEvent({
    type: 'fi.vaikuta.grants.association_registered.v1',
    subject: 'grants.association.registered',
    stream: STREAM,
    description: 'An association (or unregistered group) was added to the register; its registrant is its first representative.',
    schema: z.object({
      associationId: z.uuid(),
      name: z.string().min(1),
      businessId: z.string().nullable(),
      registeredBy: z.string().min(1),
      at: isoTime,
    }),
  }),
  associationVerified: defineEvent({
    type: 'fi.vaikuta.grants.association_verified.v1',
    subject: 'grants.association.verified',
    stream: STREAM,
    description: 'A grants officer verified an association registered without a mandate; it may now submit applications and book in its name.',
    schema: z.object({
      associationId: z.uuid(),
      associationName: z.string().min(1),
      verifiedBy: z.string().min(1),
      /** Its representatives when verified, by sub: each is told (optional: events before this field name none). */
      representativeSubs: z.array(z.string().min(1)).optional(),
      at: isoTime,
    }),
  }),
  associationRejected: defineEvent({
    type: 'fi.vaikuta.grants.association_rejected.v1',
    subject: 'grants.association.rejected',
    stream: STREAM,
    description:
      'A grants officer rejected an association registered without a mandate (the claim was not borne out); its representatives are told why, and its identifier is free to register again.',
    schema: z.object({
      associationId: z.uuid(),
      associationName: z.string().min(1),
      /** The officer's reason, shown to the representatives (no person data: the officer writes it for them). */
      reason: z.string().min(1),
      rejectedBy: z.string().min(1),
      representativeSubs: z.array(z.string().min(1)),
      at: isoTime,
    }),
  }),
  representativeAdded: defineEvent({
    type: 'fi.vaikuta.grants.representative_added.v1',
    subject: 'grants.association.representative_added',
    stream: STREAM,
    description: 'A representative added another person to an association; the added person may act for it from now on.',
    schema: z.object({
      associationId: z.uuid(),
      associationName: z.string().min(1),
      sub: z.string().min(1),
      role: z.enum(['chair', 'secretary', 'treasurer', 'contact']),
      addedBy: z.string().min(1),
      at: isoTime,
    }),
  }),
  representativeRemoved: defineEvent({
    type: 'fi.vaikuta.grants.representative_removed.v1',
    subject: 'grants.association.representative_removed',
    stream: STREAM,
    description: 'A person no longer represents an association.',
    schema: z.object({ associationId: z.uuid(), associationName: z.string().min(1), sub: z.string().min(1), removedBy: z.string().min(1), at: isoTime }),
  }),
  grantRoundCreated: defineEvent({
    type: 'fi.vaikuta.grants.grant_round_created.v1',
    subject: 'grants.round.created',
    stream: STREAM,
    description: 'A grants officer announced a grant round (its dates go into the vuosikello).',
    schema: z.object({
      roundId: z.uuid(),
      type: z.enum(['operating', 'project', 'premises', 'small']),
      department: z.string().min(1),
      opensAt: isoTime,
      closesAt: isoTime.nullable(),
      at: isoTime,
    }),
  }),
} as const;
