import { z } from 'zod';

/** Ahjo's decision as its REST API and helsinki-paatokset read it (../shared/formats/ahjo); leniently. */
export const ahjoDecision = z
  .object({
    NativeId: z.string().min(1),
    CaseID: z.string().nullish(),
    Title: z.string().nullish(),
    Section: z.union([z.string(), z.number()]).nullish(),
    DateDecision: z.string().nullish(),
    Content: z.string().nullish(),
    Organization: z.object({ Name: z.string().nullish(), Type: z.string().nullish() }).passthrough().nullish(),
  })
  .passthrough();
export type AhjoDecision = z.infer<typeof ahjoDecision>;

export const ahjoCase = z
  .object({
    CaseID: z.string().nullish(),
    CaseIDLabel: z.string().nullish(),
    Records: z.array(z.object({ Type: z.string().nullish(), NativeId: z.string().nullish() }).passthrough()).nullish(),
  })
  .passthrough();
export type AhjoCase = z.infer<typeof ahjoCase>;

/** Ahjo writes case ids `HEL 2025-001216` on labels and `HEL-2025-001216` in ids. */
export const AHJO_CASE_ID = /^[A-Z]{2,5}[- ]\d{4}-\d{6}$/;

/** Which body decided, from the organisation's type or name. */
export function decisionBodyOf(organization: AhjoDecision['Organization']): 'valtuusto' | 'kaupunginhallitus' | 'lautakunta' {
  const said = `${organization?.Type ?? ''} ${organization?.Name ?? ''}`.toLowerCase();
  if (said.includes('valtuusto')) return 'valtuusto';
  if (said.includes('hallitus')) return 'kaupunginhallitus';
  return 'lautakunta';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * The text of Ahjo's HTML decision for the timeline: block ends become line breaks, tags go,
 * entities are decoded. The HTML is never shown as HTML, so nothing of it can run.
 */
export function decisionText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|h\d|li|tr)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
