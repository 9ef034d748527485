import { z } from 'zod';

export const UNCLEAN_TEXT_MESSAGE = 'Contains a character that is not allowed (a NUL byte or a broken Unicode sequence)';

// A UTF-16 surrogate without its pair: not a character, so neither UTF-8 (PostgreSQL, NATS)
// nor XML can carry it, and writing it fails far from where it came in.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text every store and every format can hold: no NUL (PostgreSQL rejects it in text and
 * jsonb) and well-formed Unicode. Checked once here, for every string the services accept.
 */
export function isCleanText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

export interface TextOptions {
  /** Fewest characters after trimming; 1 makes the field required-and-not-blank. */
  min?: number;
  max: number;
  /** Leading and trailing white space removed first (default true). */
  trim?: boolean;
  /** Said when the value is missing, not a string, or shorter than `min`. */
  required?: string;
  /** Said when the value is shorter than `min` (default: `required`). */
  tooShort?: string;
  /** Said when the value is longer than `max`. */
  tooLong?: string;
}

/**
 * The one string schema of the services: bounded, trimmed, clean (see isCleanText). Every
 * body field, query filter and path parameter that is text uses it, so what reaches a
 * repository or an event is always storable.
 */
export function text({ min = 0, max, trim = true, required, tooShort, tooLong }: TextOptions) {
  let schema = z.string(required ? { error: required } : undefined).refine(isCleanText, UNCLEAN_TEXT_MESSAGE);
  if (trim) schema = schema.trim();
  if (min > 0) schema = schema.min(min, tooShort ?? required ?? (min === 1 ? 'Must not be empty' : `At least ${min} characters`));
  return schema.max(max, tooLong ?? `At most ${max} characters`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id as PostgreSQL's uuid type reads it (any version). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** A uuid field of a body or query. */
export function uuid(message = 'Must be an id (a UUID)') {
  return z.string({ error: message }).regex(UUID, message);
}
