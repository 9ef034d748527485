import { z } from 'zod';

const noNul = (v: string) => !v.includes('\u0000');
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** "Is it one of these?": the category and point a resident has chosen so far. */
export const nearbyQuerySchema = z.object({
  category: z.string({ error: 'Choose a category' }).trim().min(1, 'Choose a category').max(64).refine(noNul, 'Contains a character that is not allowed'),
  lat: z.coerce.number({ error: 'Give the latitude as a number' }).min(-90).max(90),
  lon: z.coerce.number({ error: 'Give the longitude as a number' }).min(-180).max(180),
  lang: z.enum(['fi', 'sv', 'en']).default('fi'),
});
export type NearbyQuery = z.infer<typeof nearbyQuerySchema>;

/** "Me too". Contact only with consent, as on intake; `clientKey` counts an anonymous browser once. */
export const supportSchema = z
  .object({
    ref: z.string({ error: 'Say which report you support' }).trim().regex(/^[A-Z]{2,6}-\d{4}-\d{6}$/i, 'Not a tracking code'),
    email: z.preprocess(blankToUndefined, z.email('Enter a valid email address').max(254).optional()),
    phone: z.preprocess(
      (v) => (typeof v === 'string' ? blankToUndefined(v.replace(/[\s-]/g, '')) : v),
      z.string().regex(/^\+?[0-9]{6,15}$/, 'Enter a phone number with digits only, e.g. +358401234567').optional(),
    ),
    contactConsent: z.preprocess((v) => v === true || v === 'true' || v === 'on' || v === '1', z.boolean()).default(false),
    language: z.enum(['fi', 'sv', 'en']).default('fi'),
    clientKey: z.preprocess(blankToUndefined, z.string().min(16, 'At least 16 characters').max(128).regex(/^[A-Za-z0-9_-]+$/, 'Letters, digits, - and _ only').optional()),
  })
  .superRefine((v, ctx) => {
    if ((v.email || v.phone) && !v.contactConsent) {
      ctx.addIssue({ code: 'custom', path: ['contactConsent'], message: 'We keep your contact details only with your consent to be contacted' });
    }
  });
export type SupportInput = z.infer<typeof supportSchema>;
