import { PremisesHttp } from '@vaikuta/contracts';
import type { Translate } from '../i18n/i18n';

const LANGS = ['fi', 'sv', 'en'] as const;
const { WEEKDAYS } = PremisesHttp;

/** The space form's fields as posted: every value a string (checkbox groups an array). */
export type SpaceForm = Record<string, string | string[] | undefined>;

/** Fields the form has, in the order the error summary lists them; each has a label key `prem.sf.<field>`. */
export const SPACE_FIELDS = [
  'name_fi',
  'unit',
  'address',
  'capacity',
  'lat',
  'lon',
  ...WEEKDAYS.map((d) => `${d}_hours`),
  'exceptions',
  'minDurationMinutes',
  'maxDurationMinutes',
  'startIntervalMinutes',
  'bufferBeforeMinutes',
  'bufferAfterMinutes',
  'minDaysAhead',
  'maxDaysAhead',
  'maxActiveBookingsPerPerson',
  'whoMayBook',
  'priceKind',
  'priceEuros',
  'cancellationDeadlineHours',
  'accessType',
  'keyWhere_fi',
  'keyWhen_fi',
] as const;

const str = (form: SpaceForm, name: string) => {
  const v = form[name];
  return (Array.isArray(v) ? v[0] : (v ?? '')).trim();
};
const int = (form: SpaceForm, name: string) => (/^-?\d{1,9}$/.test(str(form, name)) ? Number(str(form, name)) : Number.NaN);
const texts = (form: SpaceForm, prefix: string): PremisesHttp.PremisesText | undefined => {
  const out: Record<string, string> = {};
  for (const l of LANGS) if (str(form, `${prefix}_${l}`)) out[l] = str(form, `${prefix}_${l}`);
  return Object.keys(out).length ? out : undefined;
};

/**
 * Exceptions, one a line: `2026-12-24 closed` (or `suljettu`/`stängt`, or nothing after the
 * date), or `2026-12-31 10:00-14:00 note` (several periods with commas). A line of another shape is an error.
 */
export function parseExceptions(text: string): PremisesHttp.OpeningHours['exceptions'] | null {
  const out: PremisesHttp.OpeningHours['exceptions'] = [];
  for (const line of text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
    const m = /^(\d{4}-\d{2}-\d{2})((?:\s*,?\s*\d{1,2}[:.]\d{2}\s*[-–]\s*\d{1,2}[:.]\d{2})*)(?:\s+(.*))?$/.exec(line);
    const periods = m ? parsePeriods(m[2].trim().replace(/^,\s*/, '')) : null;
    if (!m || !periods) return null;
    const note = m[3]?.trim();
    const closedWord = note && /^(closed|suljettu|stängt)$/i.test(note);
    out.push({ date: m[1], periods, ...(note && !closedWord ? { note: note.slice(0, 200) } : {}) });
  }
  return out;
}

/** A day's periods as typed: `08:00-12:00, 13:00-21:00`; empty is closed; null when unreadable. */
export function parsePeriods(text: string): PremisesHttp.OpeningPeriod[] | null {
  if (!text) return [];
  const periods = text.split(/[,;]/).map((p) => /^\s*(\d{1,2}[:.]\d{2})\s*[-–]\s*(\d{1,2}[:.]\d{2})\s*$/.exec(p));
  if (periods.some((m) => !m)) return null;
  const time = (v: string) => v.replace('.', ':').padStart(5, '0');
  return periods.map((m) => ({ opens: time(m![1]), closes: time(m![2]) }));
}

const periodsText = (periods: readonly PremisesHttp.OpeningPeriod[]) => periods.map((p) => `${p.opens}-${p.closes}`).join(', ');

function exceptionsText(exceptions: PremisesHttp.OpeningHours['exceptions']): string {
  return exceptions.map((e) => [e.date, periodsText(e.periods) || 'closed', e.note ?? ''].filter(Boolean).join(' ')).join('\n');
}

/** The request the form describes (checked by the contract's schema afterwards), or the fields the form itself cannot read. */
export function spaceRequestOf(form: SpaceForm): { request: unknown; unreadable: string[] } {
  const unreadable: string[] = [];
  const weekly: Partial<Record<PremisesHttp.Weekday, PremisesHttp.OpeningPeriod[]>> = {};
  for (const d of WEEKDAYS) {
    const periods = parsePeriods(str(form, `${d}_hours`));
    if (!periods) unreadable.push(`${d}_hours`);
    else if (periods.length) weekly[d] = periods;
  }
  const exceptions = parseExceptions(str(form, 'exceptions'));
  if (!exceptions) unreadable.push('exceptions');
  const lat = str(form, 'lat');
  const lon = str(form, 'lon');
  if ((lat || lon) && !(/^\d{1,2}(\.\d+)?$/.test(lat) && /^\d{1,2}(\.\d+)?$/.test(lon))) unreadable.push('lat');
  const euros = str(form, 'priceEuros').replace(',', '.');
  const priceKind = str(form, 'priceKind');
  const cents = /^\d{1,6}(\.\d{1,2})?$/.test(euros) ? Math.round(Number(euros) * 100) : Number.NaN;
  if (priceKind !== 'free' && Number.isNaN(cents)) unreadable.push('priceEuros');
  const features = ([] as string[]).concat(form.feature ?? []).map(String);
  const description = texts(form, 'desc');
  const where = texts(form, 'keyWhere');
  const when = texts(form, 'keyWhen');
  const request = {
    name: texts(form, 'name') ?? {},
    unit: str(form, 'unit'),
    address: str(form, 'address'),
    location: lat && lon ? { lat: Number(lat), lon: Number(lon) } : null,
    capacity: int(form, 'capacity'),
    accessibility: { features, ...(description ? { description } : {}) },
    openingHours: { weekly, exceptions: exceptions ?? [] },
    rules: {
      minDurationMinutes: int(form, 'minDurationMinutes'),
      maxDurationMinutes: int(form, 'maxDurationMinutes'),
      startIntervalMinutes: int(form, 'startIntervalMinutes'),
      bufferBeforeMinutes: int(form, 'bufferBeforeMinutes'),
      bufferAfterMinutes: int(form, 'bufferAfterMinutes'),
      minDaysAhead: int(form, 'minDaysAhead'),
      maxDaysAhead: int(form, 'maxDaysAhead'),
      maxActiveBookingsPerPerson: int(form, 'maxActiveBookingsPerPerson'),
      whoMayBook: str(form, 'whoMayBook'),
      price: priceKind === 'free' ? { kind: 'free' } : { kind: priceKind, cents },
      cancellationDeadlineHours: int(form, 'cancellationDeadlineHours'),
    },
    requiresApproval: str(form, 'requiresApproval') === 'yes',
    accessType: str(form, 'accessType'),
    ...(where || when ? { keyPickup: { where: where ?? {}, when: when ?? {} } } : {}),
  };
  return { request, unreadable };
}

/** Which form field a problem at a request path (the contract's or the service's) belongs to. */
export function fieldOfPath(path: readonly (string | number)[] | string): (typeof SPACE_FIELDS)[number] {
  const parts = typeof path === 'string' ? path.split('.') : path.map(String);
  const [head, second, third] = parts;
  const known = (f: string) => ((SPACE_FIELDS as readonly string[]).includes(f) ? (f as (typeof SPACE_FIELDS)[number]) : undefined);
  if (head === 'name') return 'name_fi';
  if (head === 'location') return 'lat';
  if (head === 'keyPickup') return second === 'when' ? 'keyWhen_fi' : 'keyWhere_fi';
  if (head === 'openingHours') return (second === 'weekly' && known(`${third}_hours`)) || 'exceptions';
  if (head === 'rules' && second === 'price') return third === 'cents' ? 'priceEuros' : 'priceKind';
  if (head === 'rules' && second) return known(second) ?? 'minDurationMinutes';
  return known(head) ?? 'name_fi';
}

/** One message per field, in the person's language: "Check: <label>". */
export function spaceFormErrors(t: Translate, fields: readonly string[]) {
  const errors: Record<string, string> = {};
  const label = (f: string) =>
    f.endsWith('_hours') ? t(`prem.weekday.${f.slice(0, 3)}`) : f === 'keyWhere_fi' ? t('prem.key.where') : f === 'keyWhen_fi' ? t('prem.key.when') : t(`prem.sf.${f}`);
  for (const f of fields) errors[f] ??= t('prem.sf.check', { field: label(f) });
  const errorSummary = SPACE_FIELDS.filter((f) => errors[f]).map((f) => ({ href: `#sf-${f}`, text: errors[f] }));
  return { errors, errorSummary };
}

/** The form's values for an existing space (edit), or the defaults of a new one. */
export function spaceFormValues(space?: PremisesHttp.SpaceDetail): SpaceForm {
  if (!space) {
    return {
      minDurationMinutes: '60', maxDurationMinutes: '180', startIntervalMinutes: '30', bufferBeforeMinutes: '0', bufferAfterMinutes: '15',
      minDaysAhead: '0', maxDaysAhead: '90', maxActiveBookingsPerPerson: '4', whoMayBook: 'anyone', priceKind: 'free', cancellationDeadlineHours: '24',
      accessType: 'door_code', requiresApproval: 'no', feature: [],
      ...Object.fromEntries(WEEKDAYS.slice(0, 5).map((d) => [`${d}_hours`, '08:00-21:00'])),
    };
  }
  const r = space.rules;
  const values: SpaceForm = {
    unit: space.unit,
    address: space.address,
    capacity: String(space.capacity),
    lat: space.location ? String(space.location.lat) : '',
    lon: space.location ? String(space.location.lon) : '',
    feature: space.accessibility.features,
    exceptions: exceptionsText(space.openingHours.exceptions),
    minDurationMinutes: String(r.minDurationMinutes),
    maxDurationMinutes: String(r.maxDurationMinutes),
    startIntervalMinutes: String(r.startIntervalMinutes),
    bufferBeforeMinutes: String(r.bufferBeforeMinutes),
    bufferAfterMinutes: String(r.bufferAfterMinutes),
    minDaysAhead: String(r.minDaysAhead),
    maxDaysAhead: String(r.maxDaysAhead),
    maxActiveBookingsPerPerson: String(r.maxActiveBookingsPerPerson),
    whoMayBook: r.whoMayBook,
    priceKind: r.price.kind,
    priceEuros: r.price.kind === 'free' ? '' : (r.price.cents / 100).toFixed(2),
    cancellationDeadlineHours: String(r.cancellationDeadlineHours),
    accessType: space.accessType,
    requiresApproval: space.requiresApproval ? 'yes' : 'no',
    version: String(space.version),
  };
  for (const l of LANGS) {
    values[`name_${l}`] = space.name[l] ?? '';
    values[`desc_${l}`] = space.accessibility.description?.[l] ?? '';
    values[`keyWhere_${l}`] = space.keyPickup?.where[l] ?? '';
    values[`keyWhen_${l}`] = space.keyPickup?.when[l] ?? '';
  }
  for (const d of WEEKDAYS) values[`${d}_hours`] = periodsText(space.openingHours.weekly[d] ?? []);
  return values;
}
