import { accountMessages } from '../account/account.messages';
import { adminMessages } from '../admin/admin.messages';
import { budgetingMessages } from '../budgeting/budgeting.messages';
import { budgetingCoordinationMessages } from '../budgeting/budgeting-coordination.messages';
import { budgetingResultsMessages } from '../budgeting/budgeting-results.messages';
import { feedbackMessages } from '../feedback/feedback.messages';
import { grantsApplicantMessages } from '../grants/grants-applicant.messages';
import { grantsOfficerMessages } from '../grants/grants-officer.messages';
import { initiativesMessages } from '../initiatives/initiatives.messages';
import { layoutMessages } from '../layout/layout.messages';
import { premisesMessages } from '../premises/premises.messages';
import { queueMessages } from '../queue/queue.messages';

/** Each feature folder holds its own words (`<feature>/<feature>.messages.ts`); the pages see them merged. */
export const FEATURE_MESSAGES = [layoutMessages, feedbackMessages, accountMessages, queueMessages, adminMessages, initiativesMessages, budgetingMessages, budgetingResultsMessages, budgetingCoordinationMessages, grantsApplicantMessages, grantsOfficerMessages, premisesMessages] as const;

type Feature = (typeof FEATURE_MESSAGES)[number];
type KeysOf<F> = F extends { fi: infer Fi } ? keyof Fi : never;
export type MessageKey = KeysOf<Feature> & string;
export type Messages = Record<MessageKey, string>;

/** Finnish first: the order of the language switcher and the fallback. */
export const LANGS = ['fi', 'sv', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const LANG_NAMES: Record<Lang, string> = { fi: 'Suomi', sv: 'Svenska', en: 'English' };
const LOCALES: Record<Lang, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };
const merged = (lang: Lang) => Object.assign({}, ...FEATURE_MESSAGES.map((feature) => feature[lang])) as Messages;
export const CATALOGUES: Record<Lang, Messages> = { fi: merged('fi'), sv: merged('sv'), en: merged('en') };
export const LANG_COOKIE = 'vaikuta_lang';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/**
 * The person's language: their choice (the cookie) first, then the browser's Accept-Language
 * by quality, then Finnish. Nynorsk/Bokmål and other near misses do not count as Swedish.
 */
export function negotiateLang(cookie: string | undefined, acceptLanguage: string | undefined): Lang {
  if (isLang(cookie)) return cookie;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { base: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((x) => x.base && x.q > 0 && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((x) => x.base).find(isLang) ?? 'fi';
}

export type Translate = (key: MessageKey | string, params?: Record<string, unknown>) => string;

/** `{name}` placeholders are filled from params; an unknown key shows itself (tests catch those). */
export function translator(lang: Lang): Translate {
  const messages = CATALOGUES[lang];
  return (key, params) => {
    const text = (messages as Record<string, string>)[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (m, name) => (params[name] === undefined ? m : String(params[name]))) : text;
  };
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** Dates in the city's time zone, in the person's language. */
export function formatDate(value: string | Date | null | undefined, lang: Lang, withTime = true): string {
  if (!value) return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  const key = `${lang}:${withTime}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[lang], {
      timeZone: 'Europe/Helsinki',
      day: 'numeric',
      month: 'numeric',
      year: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
    });
    dateTimeFormats.set(key, format);
  }
  return format.format(date);
}

