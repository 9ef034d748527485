import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationProblem } from './problem';
import { isCleanText, UNCLEAN_TEXT_MESSAGE } from './text';

/** Parsed JSON deeper than this is refused before anything walks it recursively. */
export const MAX_JSON_DEPTH = 32;

/**
 * The first string (value or key) in `value` that is not clean text, as a dotted path from
 * `root`; undefined when all are clean. Iterative, so no input can exhaust the stack.
 */
export function findUncleanText(value: unknown, root: string): string | undefined {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [item, path] = stack.pop()!;
    if (typeof item === 'string') {
      if (!isCleanText(item)) return path;
    } else if (Array.isArray(item)) {
      item.forEach((child, i) => stack.push([child, `${path}.${i}`]));
    } else if (item !== null && typeof item === 'object' && !Buffer.isBuffer(item)) {
      for (const [key, child] of Object.entries(item)) {
        const childPath = path ? `${path}.${key}` : key;
        if (!isCleanText(key)) return path || '(body)';
        stack.push([child, childPath]);
      }
    }
  }
  return undefined;
}

/**
 * A preValidation hook: path parameters, the query and a parsed body are screened for
 * NUL bytes and lone surrogates before any guard, pipe or handler sees them, so a schema
 * that forgot `text()` still cannot pass one to PostgreSQL or into an event. Field names
 * are as the client sent them: `id`, `code`, `description`.
 */
export async function rejectUncleanInput(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const sources: [unknown, string][] = [
    [request.params, ''],
    [request.query, ''],
    [request.body, ''],
  ];
  for (const [value, root] of sources) {
    const field = findUncleanText(value, root);
    if (field !== undefined) throw ValidationProblem.field(field || '(body)', UNCLEAN_TEXT_MESSAGE);
  }
}

/**
 * How deeply `json` nests arrays and objects, counted without parsing: a linear scan that
 * skips strings. Stops counting once `limit` is passed.
 */
export function jsonDepthExceeds(json: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}
