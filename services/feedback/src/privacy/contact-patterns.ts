import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * The ways one phone number can be stored. Intake keeps what the sender typed less spaces
 * and dashes, so 040 123 4567 may be "0401234567", "+358401234567" or "358401234567";
 * local numbers are read as Finnish.
 */
export function phoneForms(phone: string): string[] {
  const typed = phone.replace(/[\s-]/g, '');
  const forms = new Set([typed]);
  const parsed = parsePhoneNumberFromString(typed, 'FI');
  if (parsed?.isValid()) {
    const international = parsed.number.slice(1);
    forms.add(parsed.number).add(international).add(`00${international}`).add(parsed.formatNational().replace(/\D/g, ''));
  }
  return [...forms];
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A PostgreSQL regular expression (for `~*` and `regexp_replace(…, 'gi')`) that finds the
 * emails, and the phone forms also as people write them in free text — with spaces or
 * dashes between the digits — but not as part of a longer number. Undefined for nothing.
 */
export function freeTextPattern(emails: string[], phones: string[]): string | undefined {
  const alternatives = [
    ...emails.map(escapeRegex),
    ...phones.map((p) => `(?<![0-9])${p.split('').map(escapeRegex).join('[ -]?')}(?![0-9])`),
  ];
  return alternatives.length ? alternatives.join('|') : undefined;
}
