import { z } from 'zod';
import { text } from '@vaikuta/http';

export const publicListQuerySchema = z.object({
  kind: z.enum(['feedback', 'idea', 'fault']).optional(),
  category: text({ max: 64 }).optional(),
  district: text({ max: 64 }).optional(),
  status: z.enum(['open', 'closed']).optional(),
  /** Words to find in the title, description or address, or a tracking code. */
  q: text({ max: 200 }).optional(),
  lang: z.enum(['fi', 'sv', 'en']).default('fi'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: text({ max: 200 }).optional(),
});
export type PublicListQuery = z.infer<typeof publicListQuerySchema>;

/** The map takes the list's filters; it has no pages. */
export const publicMapQuerySchema = publicListQuerySchema.omit({ limit: true, cursor: true });
export type PublicMapQuery = z.infer<typeof publicMapQuerySchema>;
