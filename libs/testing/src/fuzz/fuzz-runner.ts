import fc from 'fast-check';
import { badRequests, type RawRequest } from './bad-requests';
import type { FuzzApp, FuzzRoute } from './fuzz-target';
import { routesOfOpenApi, type OpenApiDocument } from './openapi-routes';
import { NoAnswerError, sendRaw } from './raw-http';
import { problemWithAnswer } from './response-check';

export interface FuzzFailure {
  route: string;
  request: string;
  problem: string;
  answer?: string;
}

export interface FuzzReport {
  target: string;
  seed: number;
  runsPerRoute: number;
  /** `GET /feedback/cases/{id}` → status (or `reset`) → count. */
  routes: Record<string, Record<string, number>>;
  failures: FuzzFailure[];
}

export interface FuzzOptions {
  runsPerRoute: number;
  seed?: number;
  timeoutMs?: number;
  concurrency?: number;
  /** Routes to leave out, as `METHOD /path` (e.g. a route that streams forever). */
  skip?: string[];
  /**
   * Called after each route with the counts so far. A 10,000-per-route run takes over an hour;
   * writing the counts as it goes means a run cut short still shows what it covered.
   */
  onRouteDone?: (report: FuzzReport, routesDone: number, routesTotal: number) => Promise<void>;
}

const BATCH = 250;

/** The app's routes: as it gives them, or from its OpenAPI document. */
export async function routesOf(app: FuzzApp): Promise<FuzzRoute[]> {
  if (app.routes) return app.routes;
  const response = await fetch(`${app.baseUrl}/docs-json`);
  if (!response.ok) throw new Error(`No OpenAPI document at ${app.baseUrl}/docs-json (${response.status})`);
  return routesOfOpenApi((await response.json()) as OpenApiDocument);
}

/**
 * Sends `runsPerRoute` generated bad requests to every route of a running app, a few at
 * a time, and records each answer's status. Requests are sampled from fast-check
 * arbitraries in batches from one seed, so a failure can be replayed with FUZZ_SEED.
 */
export async function fuzzApp(name: string, app: FuzzApp, options: FuzzOptions): Promise<FuzzReport> {
  const seed = options.seed ?? Date.now() % 2 ** 31;
  // A hang is a request that never answers; 30 s leaves room for a slow but finishing one (an
  // admin's synchronous kuntalaisaloite import took over 15 s on a CI machine at load 20).
  const timeoutMs = options.timeoutMs ?? 30_000;
  const concurrency = options.concurrency ?? 4;
  const report: FuzzReport = { target: name, seed, runsPerRoute: options.runsPerRoute, routes: {}, failures: [] };
  const perKind = new Map<string, number>();
  const routes = (await routesOf(app)).filter((r) => !options.skip?.includes(`${r.method} ${r.path}`));
  for (const [index, route] of routes.entries()) {
    const key = `${route.method} ${route.path}`;
    const counts: Record<string, number> = (report.routes[key] = {});
    const arbitrary = badRequests(route, app.identities);
    for (let done = 0; done < options.runsPerRoute; done += BATCH) {
      const requests = fc.sample(arbitrary, { numRuns: Math.min(BATCH, options.runsPerRoute - done), seed: seed + index * 100_003 + done });
      await inParallel(requests, concurrency, async (request) => {
        const started = Date.now();
        const outcome = await answer(app, request, timeoutMs);
        if (process.env.FUZZ_PROFILE && Date.now() - started > 500) console.log(`${Date.now() - started} ms ${outcome.status} ${describe(request).slice(0, 300)}`);
        counts[outcome.status] = (counts[outcome.status] ?? 0) + 1;
        // A few examples of each kind of problem per route, so one loud cause hides no other.
        if (outcome.problem) {
          const kind = `${key} ${outcome.problem.replace(/\d+/g, 'N')}`;
          perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
          if (perKind.get(kind)! <= 3 && report.failures.length < 1000) {
            report.failures.push({ route: key, request: describe(request), problem: outcome.problem, answer: outcome.body?.slice(0, 300) });
          }
        }
      });
    }
    await options.onRouteDone?.(report, index + 1, routes.length);
  }
  return report;
}

async function answer(app: FuzzApp, request: RawRequest, timeoutMs: number): Promise<{ status: string; problem?: string; body?: string }> {
  try {
    const response = await sendRaw(app.baseUrl, request, timeoutMs);
    if (response.status === 0) return { status: 'reset' };
    const path = request.path.split('?')[0];
    const format = app.formatNotCheckedFor?.includes(response.status) ? 'any' : app.errorFormat(path);
    return { status: String(response.status), problem: problemWithAnswer(response, format), body: response.body };
  } catch (error) {
    const hang = error instanceof NoAnswerError;
    return { status: hang ? 'hang' : 'error', problem: hang ? (error as Error).message : `request failed: ${(error as Error).message}` };
  }
}

function describe(request: RawRequest): string {
  return `${request.method} ${request.path.slice(0, 200)}${request.path.length > 200 ? '…' : ''} [${request.note}]`;
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** The 5xx (and hangs) in a report, per route: what `npm run fuzz` must show as zero. */
export function serverErrorsOf(report: FuzzReport): number {
  return Object.values(report.routes)
    .flatMap((counts) => Object.entries(counts))
    .filter(([status]) => status === 'hang' || status === 'error' || Number(status) >= 500)
    .reduce((sum, [, n]) => sum + n, 0);
}
