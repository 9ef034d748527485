import { z } from 'zod';

/** Every change carries the version the case worker saw; a stale one answers 409. */
const version = z.coerce.number({ error: 'Send the version you last saw' }).int().positive();
const text = (min: number, max: number, what: string) =>
  z.string({ error: `Write the ${what}` }).trim().min(min, `Write the ${what}`).max(max, `At most ${max} characters`);

export const versionOnly = z.object({ version });
export const assignSchema = z.object({ version, assigneeId: z.string().trim().min(1, 'Choose who handles it').max(200) });
/** The outcome is what the resident is told and what the public page shows, so it is required. */
export const resolveSchema = z.object({ version, resolution: text(1, 5000, 'resolution') });
export const rejectSchema = z.object({ version, reason: text(3, 5000, 'reason') });
export const replySchema = z.object({ version, body: text(1, 5000, 'reply') });
export const noteSchema = z.object({ body: text(1, 5000, 'note') });
export const forwardSchema = z.object({
  version,
  departmentCode: z.string().trim().min(1, 'Choose the department').max(64),
  note: text(1, 2000, 'note').optional(),
});
/** The original by the tracking code staff read on the page (VKT-2026-001255), or by its id. */
export const mergeSchema = z
  .object({
    version,
    originalId: z.uuid('Give the id of the original request').optional(),
    originalTrackingCode: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2,8}-\d{4}-\d{1,9}$/, 'Give the tracking code of the original, like VKT-2026-001255')
      .optional(),
  })
  .refine((b) => b.originalId !== undefined || b.originalTrackingCode !== undefined, {
    path: ['originalTrackingCode'],
    message: 'Give the tracking code of the original request',
  });

const csv = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)));

export const queueQuerySchema = z.object({
  status: csv(['received', 'in_process', 'resolved', 'rejected'] as const).optional(),
  kind: csv(['feedback', 'idea', 'fault'] as const).optional(),
  category: z.string().max(64).optional(),
  district: z.string().max(64).optional(),
  /** `me`, `none`, or someone's id. */
  assignee: z.string().max(200).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  /** A tracking code or words of the text; searches every state unless `status` says otherwise. */
  q: z.string().trim().min(1, 'Write something to search for').max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export type QueueQuery = z.infer<typeof queueQuerySchema>;

export const staffQuerySchema = z.object({ department: z.string().trim().min(1).max(64).optional() });
export type StaffQuery = z.infer<typeof staffQuerySchema>;
