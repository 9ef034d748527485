import type { ErrorFormat } from './fuzz-target';
import type { RawResponse } from './raw-http';

/**
 * What is wrong with an answer to bad input, or undefined when it is acceptable: never a
 * 5xx; a client error in the path's error format; a 400 that names the field.
 */
export function problemWithAnswer(response: RawResponse, format: ErrorFormat): string | undefined {
  if (response.status >= 500) return `answered ${response.status}`;
  if (response.status < 400 || format === 'any') return undefined;
  if (format === 'open311') return problemWithOpen311Error(response);
  if (!response.contentType.startsWith('application/problem+json')) return `${response.status} as ${response.contentType || 'no content type'}, not problem+json`;
  let problem: { status?: unknown; errors?: unknown };
  try {
    problem = JSON.parse(response.body);
  } catch {
    return `${response.status} problem+json that does not parse`;
  }
  if (problem.status !== response.status) return `problem.status ${String(problem.status)} under HTTP ${response.status}`;
  if (response.status === 400) {
    const errors = problem.errors as { field?: unknown; message?: unknown }[] | undefined;
    if (!Array.isArray(errors) || errors.length === 0) return '400 without errors[] naming the field';
    if (errors.some((e) => typeof e.field !== 'string' || e.field === '' || typeof e.message !== 'string')) return '400 with an error that names no field';
  }
  return undefined;
}

function problemWithOpen311Error(response: RawResponse): string | undefined {
  if (![400, 403, 404, 429].includes(response.status)) return `Open311 answered ${response.status}; it knows 400, 403, 404 (and 429)`;
  if (response.contentType.startsWith('text/xml')) {
    return /<errors>[\s\S]*<error>[\s\S]*<code>\d+<\/code>[\s\S]*<description>/.test(response.body) ? undefined : 'Open311 XML error without <errors><error>';
  }
  if (!response.contentType.startsWith('application/json')) return `Open311 ${response.status} as ${response.contentType || 'no content type'}`;
  try {
    const errors = JSON.parse(response.body) as { code?: unknown; description?: unknown }[];
    if (!Array.isArray(errors) || errors.length === 0) return 'Open311 error that is not [{code, description}]';
    if (errors.some((e) => typeof e.code !== 'number' || typeof e.description !== 'string' || e.description === '')) return 'Open311 error entry without code or description';
  } catch {
    return 'Open311 error JSON that does not parse';
  }
  return undefined;
}
