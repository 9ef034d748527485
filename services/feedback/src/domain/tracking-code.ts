/**
 * What a resident reads, types and says on the phone: short, unambiguous, and not
 * guessable from the id, e.g. "HEL-2026-004217". The number comes from a database sequence.
 */
export function trackingCode(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}
