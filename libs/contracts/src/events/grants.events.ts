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
} as const;
