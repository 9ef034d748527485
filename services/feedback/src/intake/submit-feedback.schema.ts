import { z } from 'zod';
import { text } from '@vaikuta/http';

// Multipart forms send every field as text; these accept both JSON values and form strings.
const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), text({ max }).optional());
const optionalNumber = z.preprocess((v) => (v === '' || v === undefined || v === null ? undefined : Number(v)), z.number().finite().optional());
const flag = z.preprocess((v) => v === true || v === 'true' || v === 'on' || v === '1', z.boolean());

/** What a resident (or staff on their behalf) sends. Field names are the API's. */
export const submitFeedbackSchema = z
  .object({
    kind: z.enum(['feedback', 'idea', 'fault'], { error: 'Choose feedback, idea or fault' }),
    categoryCode: text({ min: 1, max: 64, required: 'Choose a category' }),
    title: optionalText(120),
    // text(): multipart and Open311 forms bypass the shared hook that screens JSON bodies.
    description: text({ min: 10, max: 5000, required: 'Describe the matter', tooShort: 'Write at least 10 characters', tooLong: 'Write at most 5000 characters' }),
    lat: optionalNumber,
    lon: optionalNumber,
    address: optionalText(200),
    districtCode: optionalText(64),
    email: z.preprocess((v) => (v === '' ? undefined : v), z.email('Enter a valid email address').max(254).optional()),
    phone: z.preprocess(
      (v) => (v === '' ? undefined : typeof v === 'string' ? v.replace(/[\s-]/g, '') : v),
      z.string().regex(/^\+?[0-9]{6,15}$/, 'Enter a phone number with digits only, e.g. +358401234567').optional(),
    ),
    contactConsent: flag.default(false),
    language: z.enum(['fi', 'sv', 'en']).default('fi'),
  })
  .superRefine((v, ctx) => {
    if ((v.lat === undefined) !== (v.lon === undefined)) {
      ctx.addIssue({ code: 'custom', path: [v.lat === undefined ? 'lat' : 'lon'], message: 'Give both latitude and longitude' });
    }
    if ((v.email || v.phone) && !v.contactConsent) {
      ctx.addIssue({
        code: 'custom',
        path: ['contactConsent'],
        message: 'We keep your contact details only with your consent to be contacted',
      });
    }
    if (v.kind === 'fault' && v.lat === undefined && !v.address) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'A fault report needs a place: coordinates or an address' });
    }
  });

export type SubmitFeedback = z.infer<typeof submitFeedbackSchema>;
