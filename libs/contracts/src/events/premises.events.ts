import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { isoTime } from './common';

/** Premises bookings live in the grants service, so their events share its stream. */
const STREAM = 'GRANTS';

export const PremisesEvents = {
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
