import type { GrantsHttp } from '@vaikuta/contracts';
import type { FieldProblem } from '../clients/service-problem';
import type { Lang, Translate } from '../i18n/i18n';
import { localText } from '../budgeting/budgeting-view';

/** A round's text (title, label) in the reader's language, else the first there is; `lang` set when it is not the reader's. */
export const roundText = (text: GrantsHttp.RoundText | null | undefined, lang: Lang) => localText(text, lang);

const EUROS: Record<Lang, Intl.NumberFormat> = {
  fi: new Intl.NumberFormat('fi-FI', { style: 'currency', currency: 'EUR', maximumFractionDigits: 2 }),
  sv: new Intl.NumberFormat('sv-FI', { style: 'currency', currency: 'EUR', maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR', maximumFractionDigits: 2 }),
};

/** The service counts money in cents; people read euros. */
export const centsAsEuros = (cents: number | null | undefined, lang: Lang) => (cents === null || cents === undefined ? '' : EUROS[lang].format(cents / 100));

/** Cents as the amount field shows them again (1234.5 → "1234,50" in Finnish and Swedish). */
export function centsAsField(cents: number, lang: Lang): string {
  const text = (cents / 100).toFixed(cents % 100 === 0 ? 0 : 2);
  return lang === 'en' ? text : text.replace('.', ',');
}

/**
 * Euros as typed ("1 500", "1500,50", "1500.5 €") into cents; `undefined` for an empty field,
 * NaN for anything else, which the contract's check then refuses with the field named.
 */
export function eurosAsCents(typed: unknown): number | undefined {
  const text = String(typeof typed === 'string' ? typed : '').replace(/[\s\u00a0€]/g, '').replace(',', '.');
  if (!text) return undefined;
  return /^\d{1,10}(\.\d{1,2})?$/.test(text) ? Math.round(Number(text) * 100) : Number.NaN;
}

/** A round's form field's answer as typed into what the service stores: a number for number fields, text otherwise; empty is no answer. */
export function answerOf(field: GrantsHttp.FormField, typed: unknown): string | number | undefined {
  const text = typeof typed === 'string' ? typed.trim() : '';
  if (!text) return undefined;
  if (field.kind !== 'number') return text;
  const number = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  // Not a number stays text: the service names the field ("A number") and the form shows it.
  return /^-?\d+(\.\d+)?$/.test(number) ? Number(number) : text;
}

/** The form's input name of a round's field (kept apart from the form's own fields). */
export const answerInput = (key: string) => `a_${key}`;

/**
 * Field problems (the contract's or the service's) as the form shows them: a message in the
 * person's language beside each field (keyed by the field, dots as dashes), picked by the field
 * and what was wrong, and a summary that links to the fields in `order`. `anchor` names the element a field's link points to.
 */
export function formErrors(t: Translate, problems: readonly FieldProblem[], order: readonly string[], anchor: (field: string) => string) {
  const byField: Record<string, string> = {};
  for (const { field, message } of problems) {
    const shown = order.includes(field) ? field : (order.find((f) => field.startsWith(`${f}.`)) ?? order[0]);
    byField[shown] ??= t(messageKeyFor(field, message));
  }
  const present = order.filter((f) => byField[f]);
  // Keyed without dots (address.street → address-street), which templates can name.
  const errors = Object.fromEntries(present.map((f) => [f.replace(/\./g, '-'), byField[f]]));
  const errorSummary = present.map((f) => ({ href: `#${anchor(f)}`, text: byField[f] }));
  return { errors, errorSummary };
}

/** Which of our messages a service's problem becomes; the services speak English to developers. */
function messageKeyFor(field: string, message: string): string {
  if (field === 'businessId') {
    if (/valid business id/i.test(message)) return 'ga.err.businessIdInvalid';
    if (/does not act|mandate/i.test(message)) return 'ga.err.businessIdMandate';
    if (/already/i.test(message)) return 'ga.err.businessIdTaken';
    return 'ga.err.identifier';
  }
  if (field.startsWith('answers.')) {
    if (/required/i.test(message)) return 'ga.err.answerRequired';
    if (/number/i.test(message)) return 'ga.err.answerNumber';
    if (/date/i.test(message)) return 'ga.err.answerDate';
    if (/one of/i.test(message)) return 'ga.err.answerChoice';
    return 'ga.err.answerText';
  }
  if (field.startsWith('attachments.')) return 'ga.err.attachmentMissing';
  if (field === 'file') return /10 MB|large/i.test(message) ? 'ga.err.fileLarge' : /type|PDF|PNG|JPEG/i.test(message) ? 'ga.err.fileType' : 'ga.err.file';
  const known = ['name', 'nameSv', 'registrationNumber', 'address.street', 'address.postalCode', 'address.city', 'iban', 'email', 'sub', 'representativeName', 'title', 'requestedCents', 'message', 'text', 'purpose', 'associationId'];
  return known.includes(field) ? `ga.err.${field}` : 'ga.err.other';
}

/** The applicant-side states in their order, for the application's timeline. */
export const APPLICANT_TIMELINE: readonly GrantsHttp.ApplicationState[] = ['draft', 'submitted', 'received', 'in_review', 'decided', 'paid', 'report_received', 'closed'];
