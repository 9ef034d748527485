import { z } from 'zod';

/**
 * Free text in every HTTP request contract: one rule, so no field takes a 900 KB title or a
 * title nobody can see. Responses keep the loose `localizedTextView`: rows written before these
 * limits must still be readable by the portal.
 */

/** Whitespace and invisible characters: separators (\p{Z}) and format characters (\p{Cf}: U+200B–U+200D, U+2060, U+FEFF, soft hyphen…). */
const INVISIBLE_AT_ENDS = /^[\s\p{Z}\p{Cf}]+|[\s\p{Z}\p{Cf}]+$/gu;
const FORMAT_CHARACTERS = /\p{Cf}/gu;
const VISIBLE = /[^\s\p{Z}\p{Cf}]/u;

/** Trimmed of whitespace and invisible characters at both ends (the string's own trim leaves U+200B). */
export const trimInvisible = (text: string): string => text.replace(INVISIBLE_AT_ENDS, '');

/** Whether a text has anything a reader can see. */
export const hasVisibleText = (text: string): boolean => VISIBLE.test(text);

export interface VisibleTextLimits {
  /** Characters, not counting invisible format characters; at least 1. */
  min?: number;
  max: number;
  /** What to say when nothing visible is left ("Give the reason; the registrant sees it"). */
  emptyMessage?: string;
}

/**
 * A trimmed text with at least one visible character: four zero-width spaces count as empty.
 * `min` counts what is left once format characters are removed (so "\u200B\u200Bab" is 2),
 * `max` every character kept, as the database and the pages hold them.
 */
export const visibleText = ({ min = 1, max, emptyMessage = 'Must not be empty' }: VisibleTextLimits) =>
  z
    .string()
    .transform(trimInvisible)
    .pipe(
      z
        .string()
        .max(max, `At most ${max} characters`)
        .refine(hasVisibleText, emptyMessage)
        .refine((t) => !hasVisibleText(t) || t.replace(FORMAT_CHARACTERS, '').length >= min, `At least ${min} characters`),
    );

export const TEXT_LANGUAGES = ['fi', 'sv', 'en'] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];

/** A text per language as stored and answered; readers show theirs and fall back to another. */
export const localizedTextView = z.object({ fi: z.string().optional(), sv: z.string().optional(), en: z.string().optional() });
export type LocalizedText = z.infer<typeof localizedTextView>;

export interface LocalizedTextLimits extends VisibleTextLimits {
  /** A language that must always be written (grants and premises ask for Finnish). */
  required?: TextLanguage;
}

/**
 * A text per language (fi, sv, en), each trimmed and limited as `visibleText`. A language sent
 * blank (`""`, spaces, zero-width characters) is left out rather than refused, since forms send
 * every language's field; at least one language must remain. Errors name the language
 * (`title.fi`), or the text itself when no language has visible text.
 */
type LocalizedTextSchema<Out> = z.ZodType<Out, LocalizedText>;
export function localizedText(limits: VisibleTextLimits & { required: 'fi' }): LocalizedTextSchema<LocalizedText & { fi: string }>;
export function localizedText(limits: LocalizedTextLimits): LocalizedTextSchema<LocalizedText>;
export function localizedText({ required, ...limits }: LocalizedTextLimits): LocalizedTextSchema<LocalizedText> {
  const language = visibleText(limits);
  const optional = z
    .string()
    .optional()
    .transform((t) => (t === undefined || !hasVisibleText(t) ? undefined : t))
    .pipe(language.optional());
  return z
    .object({
      fi: required === 'fi' ? language : optional,
      sv: required === 'sv' ? language : optional,
      en: required === 'en' ? language : optional,
    })
    // A required language already says what is missing; otherwise name the text itself.
    .refine((t) => Boolean(required || t.fi || t.sv || t.en), 'Write it in at least one language (fi, sv or en)')
    .transform(withoutBlankLanguages);
}

/** Languages left out stay out of the stored object too (no `"sv": null` or undefined keys). */
function withoutBlankLanguages<T extends object>(text: T): T {
  return Object.fromEntries(Object.entries(text).filter(([, value]) => value !== undefined)) as T;
}

/** Lengths used across the contracts, so a title is a title everywhere. */
export const TEXT_MAX = {
  /** Titles, names, labels: one line on a page. */
  title: 200,
  /** Descriptions, bodies, reasons of a few paragraphs. */
  description: 5000,
} as const;
