import { z } from 'zod';

export const language = z.enum(['fi', 'sv', 'en']);
export type Language = z.infer<typeof language>;

/**
 * Contact details travel on the bus only when the person consented to be contacted,
 * and only to the notification service, which needs them to tell the outcome.
 */
export const consentedContact = z
  .object({
    email: z.email().optional(),
    phone: z.string().regex(/^\+?[0-9 ]{6,20}$/).optional(),
    language,
  })
  .refine((c) => c.email || c.phone, 'a contact needs an email or a phone');

/** Who did it: staff act by id; residents are never named on the bus. */
export const actor = z.object({ id: z.string().min(1), role: z.string().min(1) });

export const isoTime = z.iso.datetime({ offset: true });
