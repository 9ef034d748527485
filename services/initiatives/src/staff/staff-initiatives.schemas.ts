import { z } from 'zod';
import { InitiativesHttp } from '@vaikuta/contracts';
import { text } from '@vaikuta/http';

export const queueQuerySchema = z.object({
  department: text({ min: 1, max: 64 }).optional(),
  /**
   * `true`: with `department`, also the initiatives not yet assigned to any department (new
   * filings awaiting registration), so a preparer's own view does not hide the registry's work.
   */
  includeUnassigned: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  status: InitiativesHttp.initiativeStatus.optional(),
  /** `true`: only those past a due date. */
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: text({ max: 300 }).optional(),
});
export type QueueQuery = z.infer<typeof queueQuerySchema>;
