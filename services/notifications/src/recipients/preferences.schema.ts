import { z } from 'zod';
import { TOPICS } from '../rules/notification-rules';
import { normalizeEmail, normalizePhone } from './contact-normalization';

const emptyToNull = (v: unknown) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : v);

/** How messages come: the choices anyone may make, signed in or through a message's link. */
const choices = {
  language: z.enum(['fi', 'sv', 'en'], { error: 'Choose fi, sv or en' }).default('fi'),
  channels: z
    .array(z.enum(['email', 'sms', 'inapp'], { error: 'Channels are email, sms and inapp' }))
    .max(3)
    .default(['inapp'])
    .transform((c) => [...new Set(c)]),
  digest: z.enum(['immediate', 'daily', 'weekly'], { error: 'Choose immediate, daily or weekly' }).default('immediate'),
  optOuts: z.array(z.enum(TOPICS as [string, ...string[]], { error: `Topics are ${TOPICS.join(', ')}` })).default([]),
};

/**
 * What a recipient chooses through the signed link in a message. The addresses are not
 * among them: a forwarded link must not be able to send someone's messages elsewhere.
 */
export const linkPreferencesSchema = z.object(choices);
export type LinkPreferencesInput = z.infer<typeof linkPreferencesSchema>;

/** What a signed-in resident chooses. Field names are the API's; errors name them. */
export const preferencesSchema = z
  .object({
    ...choices,
    email: z.preprocess(
      emptyToNull,
      z.email('Enter a valid email address').max(254).transform(normalizeEmail).nullable().optional(),
    ),
    phone: z.preprocess(
      emptyToNull,
      z
        .string()
        .max(32)
        .transform((p, ctx) => {
          const normalized = normalizePhone(p);
          if (!normalized) {
            ctx.addIssue({ code: 'custom', message: 'Enter a valid phone number, e.g. +358401234567' });
            return z.NEVER;
          }
          return normalized;
        })
        .nullable()
        .optional(),
    ),
  })
  .superRefine((p, ctx) => {
    if (p.channels.includes('email') && !p.email) {
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'Give an email address to get messages by email' });
    }
    if (p.channels.includes('sms') && !p.phone) {
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'Give a phone number to get text messages' });
    }
  });

export type PreferencesInput = z.infer<typeof preferencesSchema>;
export type Preferences = Pick<PreferencesInput, 'language' | 'channels' | 'digest' | 'optOuts'>;
