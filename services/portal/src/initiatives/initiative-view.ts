import type { InitiativesHttp } from '@vaikuta/contracts';
import type { Lang, Translate } from '../i18n/i18n';

export const INITIATIVE_TYPES = ['resident', 'council_member', 'advocacy_body'] as const;
export const INITIATIVE_STATUSES = [
  'collecting', 'filed', 'registered', 'assigned', 'statements_requested', 'proposed',
  'decided', 'measures_taken', 'closed', 'inadmissible', 'withdrawn', 'combined',
] as const;
export const DECISION_BODIES = ['lautakunta', 'kaupunginhallitus', 'valtuusto'] as const;
/** Where an initiative came from: kuntalaisaloite.fi, or filed here (online or on paper). */
export const SOURCES = ['kuntalaisaloite', 'vaikuta'] as const;

const DAY_MS = 24 * 3600 * 1000;

/**
 * The title in the reader's language, else in the language the initiator wrote it; `lang` is
 * set when that differs from the page's, so a screen reader reads it right (WCAG 3.1.2).
 */
export function titleIn(item: Pick<InitiativesHttp.InitiativeListItem, 'title' | 'language'>, lang: Lang): { text: string; lang?: string } {
  const own = item.title[lang];
  if (own) return { text: own };
  const fallback = item.title[item.language] ? item.language : (['fi', 'sv', 'en'] as const).find((l) => item.title[l])!;
  return { text: item.title[fallback] ?? '', lang: fallback };
}

/** A clock in words: "in 12 days", "today", "3 days overdue" (whole days, by calendar date). */
export function clock(t: Translate, due: string | null | undefined, now = new Date()): { text: string; overdue: boolean } | undefined {
  if (!due) return undefined;
  const at = new Date(due.length === 10 ? `${due}T12:00:00Z` : due);
  if (Number.isNaN(at.getTime())) return undefined;
  const days = Math.round((startOfDay(at) - startOfDay(now)) / DAY_MS);
  if (days < 0) return { text: t('ini.clock.overdue', { n: -days }), overdue: true };
  if (days === 0) return { text: t('ini.clock.today'), overdue: false };
  return { text: t('ini.clock.left', { n: days }), overdue: false };
}

const startOfDay = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());

/** The labels a list row or a page needs, in the person's language. */
export function describe(t: Translate, lang: Lang, item: InitiativesHttp.InitiativeListItem) {
  return {
    ...item,
    titleText: titleIn(item, lang),
    typeLabel: t(`ini.type.${item.type}`),
    statusLabel: t(`ini.status.${item.status}`),
    bodyLabel: item.advocacyBody ? t(`ini.advocacy.${item.advocacyBody}`) : undefined,
    councilClock: clock(t, item.councilDeadline),
    supportsText: item.supportCount === 1 ? t('ini.supportsOne') : t('ini.supports', { n: item.supportCount }),
  };
}

/** A timeline step in words: its status, or the event that changed no status. */
export function timelineText(t: Translate, entry: InitiativesHttp.TimelineEntry): string {
  const key = `ini.step.${entry.kind}`;
  const text = t(key);
  if (text !== key) return text;
  return entry.status ? t(`ini.status.${entry.status}`) : entry.kind;
}

/**
 * A date field (yyyy-mm-dd) as the end of that day in the city's time zone, the form the
 * service wants for due dates; anything else goes on as typed, for the service to name.
 */
export function endOfCityDay(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const noon = new Date(`${value}T12:00:00Z`);
  if (Number.isNaN(noon.getTime())) return value;
  const offset = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Helsinki', timeZoneName: 'longOffset' })
    .formatToParts(noon)
    .find((p) => p.type === 'timeZoneName')!
    .value.replace('GMT', '');
  return `${value}T23:59:00${offset || '+00:00'}`;
}
