import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fuzzApp, serverErrorsOf, type FuzzReport } from './fuzz-runner';
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
        const report = await fuzzApp(target.name, app, {
          runsPerRoute,
          seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined,
          skip: options.skip,
        });
        // Targets fuzzed in parallel Jest workers each write a file of their own; the caller merges.
        if (process.env.FUZZ_REPORT_DIR) await mergeReport(path.join(process.env.FUZZ_REPORT_DIR, `${target.name}.json`), report);
        else if (process.env.FUZZ_REPORT) await mergeReport(process.env.FUZZ_REPORT, report);
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
    });
  }
}

async function mergeReport(file: string, report: FuzzReport): Promise<void> {
  const absolute = path.resolve(file);
  await mkdir(path.dirname(absolute), { recursive: true });
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(await readFile(absolute, 'utf8'));
  } catch {
    // first target of the run
  }
  all[report.target] = { ...report, serverErrors: serverErrorsOf(report), failures: report.failures.slice(0, 300) };
  await writeFile(absolute, JSON.stringify(all, null, 2));
}
