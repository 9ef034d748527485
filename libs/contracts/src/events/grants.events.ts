import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { isoTime } from './common';

const STREAM = 'GRANTS';

/** Grants and premises bookings are one service, so one stream. */
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
  bookingConfirmed: defineEvent({
    type: 'fi.vaikuta.grants.booking_confirmed.v1',
    subject: 'grants.booking.confirmed',
    stream: STREAM,
    description: 'A premises booking was confirmed; the booker gets the access details.',
    schema: z.object({
      bookingId: z.uuid(),
      spaceId: z.uuid(),
      spaceName: z.string().min(1),
      begin: isoTime,
      end: isoTime,
      access: z.enum(['door_code', 'key_pickup', 'open']),
    }),
  }),
  bookingCancelled: defineEvent({
    type: 'fi.vaikuta.grants.booking_cancelled.v1',
    subject: 'grants.booking.cancelled',
    stream: STREAM,
    description: 'A booking was cancelled or its request refused.',
    schema: z.object({ bookingId: z.uuid(), spaceId: z.uuid(), reason: z.string().optional(), cancelledAt: isoTime }),
  }),
} as const;
