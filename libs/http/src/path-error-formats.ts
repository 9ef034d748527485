import type { FastifyInstance } from 'fastify';

/** A problem as the shared layer would answer it, before a path's own format rewrites it. */
export interface BareProblem {
  status: number;
  title: string;
  detail: string;
  errors: { field: string; message: string }[];
}

export interface RenderedError {
  status: number;
  contentType: string;
  body: string;
}

/**
 * An API under a path prefix whose clients expect another error format than problem+json
 * (Open311's `[{code, description}]`). Errors raised before routing (a malformed URL, 414,
 * 431) are rendered with it, since no route, filter or hook of the API has run yet. The
 * first registered format whose prefix the URL starts with wins; prefix '' matches every
 * URL, including none (a request line the parser never got to), so an app whose default is
 * not problem+json (the portal's pages) registers one of those, last.
 */
export interface PathErrorFormat {
  prefix: string;
  render(problem: BareProblem, url: string, accept: string | undefined): RenderedError;
}

const formatsOf = new WeakMap<object, PathErrorFormat[]>();

export function registerPathErrorFormat(fastify: FastifyInstance, format: PathErrorFormat): void {
  formatsOf.set(fastify, [...(formatsOf.get(fastify) ?? []), format]);
}

/** The problem in the format of the path it was raised on; problem+json by default. */
export function renderPreRoutingError(fastify: object, problem: BareProblem, url: string, accept?: string): RenderedError {
  const format = formatsOf.get(fastify)?.find((f) => url.startsWith(f.prefix));
  return format ? format.render(problem, url, accept) : renderProblemJson(problem);
}

/** The default rendering, for a format that answers some of its paths in problem+json. */
export function renderProblemJson(problem: BareProblem): RenderedError {
  return {
    status: problem.status,
    contentType: 'application/problem+json; charset=utf-8',
    body: JSON.stringify({ type: 'about:blank', ...problem }),
  };
}
