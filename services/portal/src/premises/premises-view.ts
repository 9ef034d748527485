import { ForbiddenException } from '@nestjs/common';
import { PremisesHttp } from '@vaikuta/contracts';
import { formatDate, Lang, Translate } from '../i18n/i18n';
import { PortalContext, requireUser } from '../layout/portal-request';

const ZONE = 'Europe/Helsinki';

/** Premises managers and admins, as the service's staff routes accept them. */
export const isPremisesManager = (ctx: PortalContext) => Boolean(ctx.user?.roles.some((r) => r === 'premises_manager' || r === 'admin'));

/** Managers and admins only; a resident gets 403, someone signed out the sign-in page. */
export function requirePremisesManager(ctx: PortalContext) {
  const session = requireUser(ctx);
  if (!isPremisesManager(ctx)) throw new ForbiddenException();
  return session;
}

/** A text in the reader's language, else Finnish, Swedish, English; `lang` set when it is not the reader's. */
export function premisesText(text: PremisesHttp.PremisesText | null | undefined, lang: Lang): { text: string; lang?: string } {
  if (!text) return { text: '' };
  if (text[lang]) return { text: text[lang]! };
  for (const other of ['fi', 'sv', 'en'] as const) if (text[other]) return { text: text[other]!, lang: other };
  return { text: '' };
}

const partsFormat = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The Helsinki wall-clock date (YYYY-MM-DD) and time (HH:MM) of an instant. */
export function helsinkiParts(value: string | Date): { date: string; time: string } {
  const parts = Object.fromEntries(partsFormat.formatToParts(typeof value === 'string' ? new Date(value) : value).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** Today's date in Helsinki. */
export const helsinkiToday = (now = new Date()) => helsinkiParts(now).date;

/** A date YYYY-MM-DD plus days, on the calendar (no clock involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const isDate = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T12:00:00Z`)) && new Date(`${value}T12:00:00Z`).toISOString().startsWith(value);
export const isTime = (value: unknown): value is string => typeof value === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(value);

function offsetMinutesAt(utcMs: number): number {
  const { date, time } = helsinkiParts(new Date(utcMs));
  return (Date.parse(`${date}T${time}:00Z`) - Math.floor(utcMs / 60_000) * 60_000) / 60_000;
}

/**
 * The instant of a Helsinki wall-clock time, ISO 8601 with its offset (+02:00 or +03:00): the
 * service reads the offset, so a form's "17:00" means 17:00 in Helsinki on both sides of DST.
 */
export function helsinkiInstant(date: string, time: string): string {
  const wall = Date.parse(`${date}T${time}:00Z`);
  // Two passes: the offset of the first guess can differ from the answer's near a clock change.
  let offset = offsetMinutesAt(wall - offsetMinutesAt(wall) * 60_000);
  offset = offsetMinutesAt(wall - offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${date}T${time}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const EUROS: Record<Lang, Intl.NumberFormat> = {
  fi: new Intl.NumberFormat('fi-FI', { style: 'currency', currency: 'EUR' }),
  sv: new Intl.NumberFormat('sv-FI', { style: 'currency', currency: 'EUR' }),
  en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }),
};
export const centsAsEuros = (cents: number, lang: Lang) => EUROS[lang].format(cents / 100);

export function priceText(t: Translate, lang: Lang, price: PremisesHttp.Price): string {
  if (price.kind === 'free') return t('prem.price.free');
  return t(`prem.price.${price.kind}`, { sum: centsAsEuros(price.cents, lang) });
}

/** Minutes as hours and minutes in words ("1 h 30 min"). */
export function duration(t: Translate, minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return t('prem.min', { n: m });
  return m ? `${t('prem.hours', { n: h })} ${t('prem.min', { n: m })}` : t('prem.hours', { n: h });
}

/** The space's rules as sentences a booker reads before choosing a time. */
export function rulesInWords(t: Translate, lang: Lang, space: PremisesHttp.SpaceDetail): string[] {
  const r = space.rules;
  const lines = [
    t('prem.rule.duration', { min: duration(t, r.minDurationMinutes), max: duration(t, r.maxDurationMinutes) }),
    t('prem.rule.interval', { n: r.startIntervalMinutes }),
    t('prem.rule.ahead', { min: r.minDaysAhead, max: r.maxDaysAhead }),
    t('prem.rule.perPerson', { n: r.maxActiveBookingsPerPerson }),
    t(`prem.who.${r.whoMayBook}`),
    t('prem.rule.price', { price: priceText(t, lang, r.price) }),
    t('prem.rule.cancel', { n: r.cancellationDeadlineHours }),
    t(space.requiresApproval ? 'prem.rule.approval' : 'prem.rule.direct'),
  ];
  if (r.bufferBeforeMinutes || r.bufferAfterMinutes) lines.splice(2, 0, t('prem.rule.buffer', { before: r.bufferBeforeMinutes, after: r.bufferAfterMinutes }));
  return lines;
}

/** A booking's time as one line: "10.12.2026 17:00–19:00" (the end's date too when it differs). */
export function bookingTime(lang: Lang, begin: string, end: string): string {
  const a = helsinkiParts(begin);
  const b = helsinkiParts(end);
  return a.date === b.date ? `${formatDate(begin, lang, false)} ${a.time}–${b.time}` : `${formatDate(begin, lang)} – ${formatDate(end, lang)}`;
}

/** A booking's summary line as lists show it. */
export function describeBooking(t: Translate, lang: Lang, booking: PremisesHttp.Booking, spaceName?: { text: string; lang?: string }) {
  return {
    id: booking.id,
    href: `/premises/bookings/${booking.id}`,
    when: bookingTime(lang, booking.begin, booking.end),
    state: booking.state,
    stateLabel: t(`prem.state.${booking.state}`),
    space: spaceName,
    purpose: booking.purpose,
    price: booking.priceCents ? centsAsEuros(booking.priceCents, lang) : t('prem.price.free'),
  };
}
