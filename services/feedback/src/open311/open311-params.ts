import type { Language } from '../intake/feedback-request.entity';
import { Open311Error } from './open311-error';
import { Open311Format, parseOpen311Format } from './open311-format';

/** Query strings and forms: a repeated parameter arrives as an array. */
export type Open311Params = Record<string, string | string[] | undefined>;

/**
 * The spec's "optional" rule: an empty parameter is the same as an absent one.
 * A repeated one is read as a comma list, the form list filters use anyway.
 */
export function paramOf(params: Open311Params | undefined, name: string): string | undefined {
  const value = params?.[name];
  const text = Array.isArray(value) ? value.join(',') : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

/** The suffix of the resource; anything but json or xml is a resource we do not have. */
export function requireFormat(suffix: string): Open311Format {
  const format = parseOpen311Format(suffix);
  if (!format) throw Open311Error.notFound(`Format "${suffix}" is not offered; use .json or .xml`);
  return format;
}

/**
 * This endpoint serves one jurisdiction, so jurisdiction_id is optional; a different one
 * is a jurisdiction we do not know, which the spec answers with 404.
 */
export function assertJurisdiction(given: string | undefined, ours: string): void {
  if (given !== undefined && given !== ours) {
    throw Open311Error.notFound(`jurisdiction_id "${given}" not found; this endpoint serves "${ours}"`);
  }
}

/**
 * CitySDK's `locale` (fi, sv, en, also fi_FI, sv-FI, en_GB). English by default, as in
 * Helsinki's API; a locale we have no texts for falls back to English rather than failing,
 * since the answer is still useful.
 */
export function open311Locale(locale: string | undefined, fallback: Language = 'en'): Language {
  const language = locale?.toLowerCase().split(/[_-]/)[0];
  return language === 'fi' || language === 'sv' || language === 'en' ? language : fallback;
}
