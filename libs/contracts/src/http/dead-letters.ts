import { z } from 'zod';

/**
 * The dead-letter admin API every service with consumers serves at /<service>/admin/dead-letters
 * (libs/messaging): events that could not be applied, and their replay.
 */
export const deadLetter = z.object({
  id: z.uuid(),
  consumer: z.string(),
  stream: z.string(),
  streamSeq: z.number(),
  subject: z.string(),
  eventId: z.string().nullable(),
  eventType: z.string().nullable(),
  reason: z.string(),
  deliveries: z.number().int(),
  failedAt: z.string(),
  replayedAt: z.string().nullable(),
  replayError: z.string().nullable(),
});
export type DeadLetter = z.infer<typeof deadLetter>;

export const deadLetterList = z.object({ items: z.array(deadLetter) });
export type DeadLetterList = z.infer<typeof deadLetterList>;

export const replayResult = z.object({ id: z.uuid(), applied: z.boolean() });
export type ReplayResult = z.infer<typeof replayResult>;
