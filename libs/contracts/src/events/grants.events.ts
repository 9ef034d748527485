import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { isoTime } from './common';

const STREAM = 'GRANTS';

/** Grants and premises bookings are one service, so one stream; premises' events are in premises.events.ts. */
export const GrantEvents = {
  applicationSubmitted: defineEvent({
    type: 'fi.vaikuta.grants.application_submitted.v1',
    subject: 'grants.application.submitted',
    stream: STREAM,
    description: 'An association submitted a grant application.',
    schema: z.object({ applicationId: z.uuid(), associationId: z.uuid(), roundId: z.uuid(), submittedAt: isoTime }),
  }),
  applicationDecided: defineEvent({
    type: 'fi.vaikuta.grants.application_decided.v1',
    subject: 'grants.application.decided',
    stream: STREAM,
    description: 'A grant was awarded or refused, with reasons.',
    schema: z.object({
      applicationId: z.uuid(),
      associationId: z.uuid(),
      outcome: z.enum(['granted', 'partially_granted', 'rejected']),
      amountCents: z.number().int().nonnegative().optional(),
      reasons: z.string().optional(),
      decidedAt: isoTime,
    }),
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
