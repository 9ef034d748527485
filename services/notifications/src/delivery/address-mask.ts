/**
 * Addresses as staff see them in delivery logs: enough to recognise, not enough to use.
 * `asukas@example.fi` → `a***@example.fi`, `+358401234567` → `+35840*****67`.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  if (digits.length <= 6) return '*'.repeat(digits.length);
  const head = digits.slice(0, 6);
  const tail = digits.slice(-2);
  return `${head}${'*'.repeat(Math.max(1, digits.length - 8))}${tail}`;
}

export function maskAddress(channel: string, address: string | null | undefined): string | null {
  if (!address) return null;
  return channel === 'sms' ? maskPhone(address) : maskEmail(address);
}
