/** One route as the fuzzer sees it: a method, a path template and what it declares. */
export interface FuzzRoute {
  method: string;
  /** OpenAPI style: `/feedback/cases/{id}`. */
  path: string;
  pathParams: string[];
  queryParams: string[];
  /** Top-level field names of the JSON or form body, when the route documents them. */
  bodyFields: string[];
  /** The route reads a body (POST, PUT, PATCH, or a documented request body). */
  hasBody: boolean;
}

/**
 * How errors must look on a path: `problem` (application/problem+json naming the field on
 * 400), `open311` (Open311's `[{code, description}]` or `<errors>`), `any` (pages: only no
 * 5xx and no hang).
 */
export type ErrorFormat = 'problem' | 'open311' | 'any';

/** A running app to fuzz, listening on a real port. */
export interface FuzzApp {
  baseUrl: string;
  /** The routes; when absent they are read from the app's OpenAPI document at /docs-json. */
  routes?: FuzzRoute[];
  /** Who calls: a name and the headers that make a request theirs (none for anonymous). */
  identities: Record<string, Record<string, string>>;
  errorFormat(path: string): ErrorFormat;
  /**
   * Statuses whose body is not checked against the path's format: a known gap owned
   * elsewhere, named where it is declared (a 5xx or a hang still fails).
   */
  formatNotCheckedFor?: number[];
  close(): Promise<void>;
}

export interface FuzzTarget {
  name: string;
  start(): Promise<FuzzApp>;
  /** Requests per route under `npm test` when FUZZ_RUNS is not set. */
  defaultRuns?: number;
}

const targets = new Map<string, FuzzTarget>();

/**
 * A service offers itself to the fuzzer: one call in its test/fuzz.spec.ts, and every
 * route it documents gets generated bad input (see fuzzRegisteredTargets).
 */
export function registerFuzzTarget(target: FuzzTarget): void {
  targets.set(target.name, target);
}

export function registeredFuzzTargets(): FuzzTarget[] {
  return [...targets.values()];
}
