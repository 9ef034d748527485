import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** Emails compare case-insensitively in practice; we keep and match them lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A phone number in E.164 (`+358401234567`), reading local numbers as Finnish; undefined if not a valid number. */
export function normalizePhone(phone: string): string | undefined {
  const parsed = parsePhoneNumberFromString(phone.replace(/[\s-]/g, ''), 'FI');
  return parsed?.isValid() ? parsed.number : undefined;
}

/** How a contact-only recipient is found again: by email, else by phone. */
export function contactKey(contact: { email?: string; phone?: string }): string | undefined {
  if (contact.email) return `email:${normalizeEmail(contact.email)}`;
  const phone = contact.phone ? normalizePhone(contact.phone) : undefined;
  return phone ? `phone:${phone}` : undefined;
}
