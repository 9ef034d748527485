import { z } from 'zod';

/** Public photo sizes; the original (stripped too) is for staff, on the case's photo route. */
export const publicPhotoQuerySchema = z.object({
  size: z.enum(['thumb', 'display']).default('display'),
});
export type PublicPhotoQuery = z.infer<typeof publicPhotoQuerySchema>;

/** Staff may also open the original, re-encoded without metadata like every size. */
export const staffPhotoQuerySchema = z.object({
  size: z.enum(['thumb', 'display', 'original']).default('display'),
});
export type StaffPhotoQuery = z.infer<typeof staffPhotoQuerySchema>;
