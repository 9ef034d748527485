import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { isoTime } from './common';

const STREAM = 'PRIVACY';

/**
 * Requests that cross services because personal data lives in more than one of them.
 * The feedback service takes the request (from the signed-in person through the portal, or
 * from an administrator acting on a written request), erases its own data and publishes it
 * (docs/adr/0005); every service holding the person's data erases it and keeps no copy.
 * One request may come as several events with the same `requestId`, one per contact.
 */
export const PrivacyEvents = {
  erasureRequested: defineEvent({
    type: 'fi.vaikuta.privacy.erasure_requested.v1',
    subject: 'privacy.person.erasure_requested',
    stream: STREAM,
    description:
      'A person asked to be forgotten: every service erases the contacts and history it holds for them. ' +
      'Carries personal data (it must name whom to erase); read only by services that hold such data.',
    schema: z
      .object({
        requestId: z.uuid(),
        /** The identity provider's subject, when the person is known by their sign-in. */
        subjectId: z.string().min(1).optional(),
        email: z.email().optional(),
        phone: z.string().regex(/^\+?[0-9 ]{6,20}$/).optional(),
        requestedAt: isoTime,
      })
      .refine((d) => d.subjectId || d.email || d.phone, 'an erasure request names a subject, an email or a phone'),
  }),
} as const;
