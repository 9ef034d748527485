import { z } from 'zod';

const lang = z.enum(['fi', 'sv', 'en']).default('fi');
const noNul = (v: string) => !v.includes('\u0000');

export const geocodeQuerySchema = z.object({
  q: z.string({ error: 'Type an address to search' }).trim().min(2, 'Type at least 2 characters').max(200, 'At most 200 characters').refine(noNul, 'Contains a character that is not allowed'),
  lang,
  limit: z.coerce.number().int().min(1).max(10).default(5),
});
export type GeocodeQuery = z.infer<typeof geocodeQuerySchema>;

export const pointQuerySchema = z.object({
  lat: z.coerce.number({ error: 'Give the latitude as a number' }).min(-90).max(90),
  lon: z.coerce.number({ error: 'Give the longitude as a number' }).min(-180).max(180),
  lang,
});
export type PointQuery = z.infer<typeof pointQuerySchema>;

export const langQuerySchema = z.object({ lang });
