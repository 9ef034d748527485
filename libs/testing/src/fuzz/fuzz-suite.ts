import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fuzzApp, routesOf, serverErrorsOf, type FuzzReport } from './fuzz-runner';
import { sendRaw } from './raw-http';
import { problemWithWrongMethodAnswer, wrongMethodProbes } from './wrong-methods';
import { registeredFuzzTargets, type FuzzApp } from './fuzz-target';

/**
 * Defines one Jest test per registered target: start it, fuzz every route, stop it.
 * FUZZ_RUNS sets the requests per route (default: the target's small `defaultRuns`, for
 * `npm test`); FUZZ_SEED replays a run; FUZZ_REPORT names a JSON file the counts are
 * merged into, FUZZ_REPORT_DIR a folder with one file per target (`npm run fuzz` uses it and
 * writes bench/fuzz-report.json).
 */
export function fuzzRegisteredTargets(options: { skip?: string[] } = {}): void {
  // The bounded run of `npm test` takes one to three minutes a target, more on a busy machine;
  // a hang is caught per request by the runner, so this only bounds the whole. With FUZZ_RUNS
  // set (`npm run fuzz`), hours.
  const timeout = process.env.FUZZ_RUNS ? 36_000_000 : 600_000;
  for (const target of registeredFuzzTargets()) {
    describe(`fuzz: ${target.name}`, () => {
      let app: FuzzApp;
      beforeAll(async () => {
        app = await target.start();
      });
      afterAll(async () => {
        await app?.close();
      });

      it('answers generated bad input on every route without a 5xx or a hang, in its error format', async () => {
        const runsPerRoute = Number(process.env.FUZZ_RUNS ?? target.defaultRuns ?? 10);
        // Targets fuzzed in parallel Jest workers each write a file of their own; the caller merges.
        const reportFile = process.env.FUZZ_REPORT_DIR
          ? path.join(process.env.FUZZ_REPORT_DIR, `${target.name}.json`)
          : process.env.FUZZ_REPORT;
        const started = Date.now();
        const report = await fuzzApp(target.name, app, {
          runsPerRoute,
          seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined,
          skip: options.skip,
          // Only the long on-demand run writes as it goes: `npm test` would just add file churn.
          onRouteDone: process.env.FUZZ_REPORT_DIR
            ? async (partial, done, total) => {
                await mergeReport(reportFile!, partial, { routesDone: done, routesTotal: total });
                process.stderr.write(`fuzz ${target.name}: ${done}/${total} routes in ${Math.round((Date.now() - started) / 1000)} s\n`);
              }
            : undefined,
        });
        if (reportFile) await mergeReport(reportFile, report);
        const routes = Object.keys(report.routes).length;
        expect(routes).toBeGreaterThan(0);
        // One example per route and kind of problem, so a shared cause reads as one line per route.
        const seen = new Set<string>();
        const distinct = report.failures.filter((f) => {
          const key = `${f.route} ${f.problem.replace(/\d+/g, 'N')}`;
          return !seen.has(key) && seen.add(key);
        });
        const summary = distinct
          .slice(0, 30)
          .map((f) => `${f.problem}\n    ${f.request}${f.answer ? `\n    answer: ${f.answer}` : ''}`)
          .join('\n');
        expect({ seed: report.seed, serverErrors: serverErrorsOf(report), failures: report.failures.length, summary }).toEqual({
          seed: report.seed,
          serverErrors: 0,
          failures: 0,
          summary: '',
        });
      }, timeout);

      it('answers a method a path does not have 405 with Allow, in the path\'s error format', async () => {
        // Problem+json and Open311 paths: pages (format `any`) may be routes for every method.
        const probes = wrongMethodProbes(await routesOf(app)).filter((p) => ['problem', 'open311'].includes(app.errorFormat(p.request.path)));
        expect(probes.length).toBeGreaterThan(0);
        const failures: string[] = [];
        for (const probe of probes) {
          const response = await sendRaw(app.baseUrl, probe.request, 30_000);
          const problem = problemWithWrongMethodAnswer(probe, response, app.errorFormat(probe.request.path));
          if (problem) failures.push(`${probe.request.method} ${probe.request.path}: ${problem} (${response.body.slice(0, 120)})`);
        }
        expect(failures).toEqual([]);
      }, timeout);
    });
  }
}

async function mergeReport(file: string, report: FuzzReport, progress?: { routesDone: number; routesTotal: number }): Promise<void> {
  const absolute = path.resolve(file);
  await mkdir(path.dirname(absolute), { recursive: true });
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(await readFile(absolute, 'utf8'));
  } catch {
    // first target of the run
  }
  // A report written mid-run says how far it got; the final one carries no progress field.
  all[report.target] = { ...report, ...progress, serverErrors: serverErrorsOf(report), failures: report.failures.slice(0, 300) };
  await writeFile(absolute, JSON.stringify(all, null, 2));
}
