import { z } from 'zod';

/**
 * kuntalaisaloite.fi's JSON (../shared/formats/kuntalaisaloite/NOTES.md), read leniently:
 * any field but the id may be missing or null, and unknown fields are ignored.
 */
const municipality = z.object({ id: z.string().nullish(), nameFi: z.string().nullish(), nameSv: z.string().nullish() }).passthrough();
const pages = z.object({ fi: z.string().nullish(), sv: z.string().nullish() }).nullish();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}/).nullish();

export const kuntalaisaloiteListItem = z
  .object({
    id: z.string().min(1),
    name: z.string().nullish(),
    participantCount: z.number().int().nonnegative().nullish(),
    publishDate: date,
    sentTime: date,
    type: z.string().nullish(),
    url: pages,
    municipality: municipality.nullish(),
  })
  .passthrough();
export type KuntalaisaloiteListItem = z.infer<typeof kuntalaisaloiteListItem>;

export const kuntalaisaloiteList = z.array(kuntalaisaloiteListItem);

export const kuntalaisaloiteDetail = z
  .object({
    id: z.string().min(1),
    name: z.string().nullish(),
    proposal: z.string().nullish(),
    publishDate: date,
    sentTime: date,
    type: z.string().nullish(),
    url: pages,
    municipality: municipality.nullish(),
    authors: z
      .object({
        privateNames: z.number().int().nonnegative().nullish(),
        publicNames: z.number().int().nonnegative().nullish(),
        publicAuthors: z.array(z.object({ name: z.string().nullish() }).passthrough()).nullish(),
      })
      .passthrough()
      .nullish(),
    participantCount: z
      .object({ total: z.number().int().nonnegative().nullish() })
      .passthrough()
      .nullish(),
  })
  .passthrough();
export type KuntalaisaloiteDetail = z.infer<typeof kuntalaisaloiteDetail>;

/** The initiative's id in kuntalaisaloite.fi: the last segment of its API URL. */
export function externalIdOf(apiUrl: string): string {
  const segments = apiUrl.replace(/[?#].*$/, '').replace(/\/+$/, '').split('/');
  return decodeURIComponent(segments[segments.length - 1] ?? '');
}
