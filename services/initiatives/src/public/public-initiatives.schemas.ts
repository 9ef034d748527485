import { z } from 'zod';
import { InitiativesHttp } from '@vaikuta/contracts';
import { text } from '@vaikuta/http';

export const publicListQuerySchema = z.object({
  type: InitiativesHttp.initiativeType.optional(),
  status: InitiativesHttp.initiativeStatus.optional(),
  year: z.coerce.number().int().min(1995).max(2100).optional(),
  /** `kuntalaisaloite`: imported ones; `vaikuta`: filed here or on paper. */
  source: z.enum(['kuntalaisaloite', 'vaikuta']).optional(),
  /** Words in Finnish, Swedish or English, matched with each language's stemming. */
  q: text({ min: 1, max: 200 }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: text({ max: 300 }).optional(),
});
export type PublicListQuery = z.infer<typeof publicListQuerySchema>;
