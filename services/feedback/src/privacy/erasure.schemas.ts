import { z } from 'zod';

/** A form field as text: empty means absent (forms send every field), else cleaned. */
const text = (clean: (value: string) => string) => (v: unknown) => (typeof v !== 'string' ? v : v.trim() === '' ? undefined : clean(v));

/**
 * Whom an administrator erases, from a written request: at least one of the person's
 * sign-in subject, email or phone.
 */
export const erasureRequestSchema = z
  .object({
    subjectId: z.preprocess(text((s) => s.trim()), z.string().max(255, 'A sign-in subject is at most 255 characters').optional()),
    email: z.preprocess(text((s) => s.trim().toLowerCase()), z.email('Enter a valid email address').max(254).optional()),
    phone: z.preprocess(
      text((s) => s.replace(/[\s-]/g, '')),
      z.string().regex(/^\+?[0-9]{6,15}$/, 'Enter a phone number with digits only, e.g. +358401234567').optional(),
    ),
  })
  .refine((v) => v.subjectId || v.email || v.phone, {
    path: ['email'],
    message: 'Name whom to erase: an email, a phone or a sign-in subject',
  });

export type ErasureRequestInput = z.infer<typeof erasureRequestSchema>;
