import type { Language } from '@vaikuta/contracts';

/** Bookings are of city premises in Finland: their times are read on Helsinki's clocks. */
export const HELSINKI = 'Europe/Helsinki';

/** An instant as Helsinki's clocks show it (month 1–12). */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 Monday … 6 Sunday. */
  weekday: number;
}

// Asked of Intl, not computed: the server's own zone must not matter, and DST is Intl's to know.
// A message is planned a few times a second at most, so there is no cache here.
const helsinkiParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: HELSINKI,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  weekday: 'short',
  hourCycle: 'h23',
});
const WEEKDAY_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

export function helsinkiWallClock(at: Date): WallClock {
  const part = Object.fromEntries(helsinkiParts.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    year: Number(part.year),
    month: Number(part.month),
    day: Number(part.day),
    hour: Number(part.hour),
    minute: Number(part.minute),
    second: Number(part.second),
    weekday: WEEKDAY_INDEX[part.weekday],
  };
}

const WEEKDAYS: Record<Language, string[]> = {
  fi: ['ma', 'ti', 'ke', 'to', 'pe', 'la', 'su'],
  sv: ['mån', 'tis', 'ons', 'tors', 'fre', 'lör', 'sön'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};
/** "klo 17.00" in Finnish and Finland Swedish (Kielitoimisto's and Svenska språkbyrån's advice), "17:00" in English. */
const TIME_WORD: Record<Language, string> = { fi: 'klo ', sv: 'kl. ', en: '' };
const TIME_SEPARATOR: Record<Language, string> = { fi: '.', sv: '.', en: ':' };

const pad = (n: number) => String(n).padStart(2, '0');
const dateIn = (w: WallClock, language: Language) => `${WEEKDAYS[language][w.weekday]} ${w.day}.${w.month}.${w.year}`;
const timeIn = (w: WallClock, language: Language) => `${pad(w.hour)}${TIME_SEPARATOR[language]}${pad(w.minute)}`;

/**
 * A span of time as a reader in each language writes it, in Helsinki time: "ti 15.6.2027 klo
 * 17.00–19.00", or both dates when it runs past midnight.
 */
export function helsinkiSpan(begin: Date, end: Date): Record<Language, string> {
  const [from, to] = [helsinkiWallClock(begin), helsinkiWallClock(end)];
  const sameDay = from.year === to.year && from.month === to.month && from.day === to.day;
  const inLanguage = (language: Language) =>
    sameDay
      ? `${dateIn(from, language)} ${TIME_WORD[language]}${timeIn(from, language)}–${timeIn(to, language)}`
      : `${dateIn(from, language)} ${TIME_WORD[language]}${timeIn(from, language)} – ${dateIn(to, language)} ${TIME_WORD[language]}${timeIn(to, language)}`;
  return { fi: inLanguage('fi'), sv: inLanguage('sv'), en: inLanguage('en') };
}
