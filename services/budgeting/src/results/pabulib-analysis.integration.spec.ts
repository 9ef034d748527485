import { BudgetingTestApp, startBudgetingTestApp } from '../../test/budgeting-test-app';
import { analysePabulib } from '../domain';
import { BallotExportService } from './ballot-export.service';
import { PabulibAnalysisPool } from './pabulib-analysis-pool';

/**
 * A city-wide election of `projects` plans and `voters` approval ballots of five plans each, spread
 * deterministically. Equal shares over 400 × 20 000 takes a few seconds of CPU: long enough that
 * anything else the service does in the meantime shows whether the analysis blocks it.
 */
function largeElection(projects = 400, voters = 20_000): string {
  const lines = ['META', 'key;value', `budget;${projects * 1000}`, 'vote_type;approval', `num_projects;${projects}`, `num_votes;${voters}`, 'PROJECTS', 'project_id;cost'];
  for (let p = 0; p < projects; p++) lines.push(`p${p};${2000 + ((p * 7919) % 3000)}`);
  lines.push('VOTES', 'voter_id;vote');
  for (let v = 0; v < voters; v++) {
    const approved = new Set<number>();
    for (let k = 0; k < 5; k++) approved.add((v * 31 + k * 977 + ((v * k * 13) % 97)) % projects);
    lines.push(`${v + 1};${[...approved].map((p) => `p${p}`).join(',')}`);
  }
  return lines.join('\n') + '\n';
}

const SMALL = ['META', 'key;value', 'budget;100', 'vote_type;approval', 'num_projects;2', 'num_votes;3', 'PROJECTS', 'project_id;cost', 'p1;60', 'p2;50', 'VOTES', 'voter_id;vote', '1;p1', '2;p1,p2', '3;p2', ''].join('\n');

const analyse = (t: BudgetingTestApp, auth: string, text: string, rule = 'mes') =>
  t.http().post(`/budgeting/analysis/pabulib?rule=${rule}`).set('Authorization', auth).set('Content-Type', 'text/plain; charset=utf-8').send(text);

describe('a large analysis runs beside the rest of the service', () => {
  let t: BudgetingTestApp;
  let coordinator: string;

  // A generous deadline: this test is about what else answers meanwhile, not about the deadline.
  beforeAll(async () => {
    t = await startBudgetingTestApp('analysis_pool', {}, { env: { PABULIB_ANALYSIS_TIMEOUT_MS: '600000' } });
    coordinator = `Bearer ${await t.token('coordinator')}`;
  }, 60_000);
  afterAll(() => t?.close());
  afterEach(() => jest.restoreAllMocks());

  it('GET /budgeting/rounds answers while an equal-shares analysis of a large file is still running, and the analysis answers what the rule chooses', async () => {
    const big = largeElection();
    // Learn when the service has the whole file and begins the analysis, so the rounds request
    // is sent while it runs (the spy only observes: the real analysis still runs).
    const original = BallotExportService.prototype.analyse;
    let began!: () => void;
    const analysing = new Promise<void>((resolve) => (began = resolve));
    jest.spyOn(BallotExportService.prototype, 'analyse').mockImplementation(function (this: BallotExportService, ...args: Parameters<BallotExportService['analyse']>) {
      began();
      return original.apply(this, args);
    });

    const answered: string[] = [];
    const analysis = analyse(t, coordinator, big).then((res) => {
      answered.push('analysis');
      return res;
    });
    await analysing;
    const rounds = await t.http().get('/budgeting/rounds');
    answered.push('rounds');
    const result = await analysis;

    expect(rounds.status).toBe(200);
    expect(result.status).toBe(200);
    expect(answered).toEqual(['rounds', 'analysis']);
    expect(result.body).toEqual(analysePabulib(big, 'mes'));
  });

  it('answers a small file as before, and names its line when it is malformed', async () => {
    expect((await analyse(t, coordinator, SMALL, 'greedy').expect(200)).body).toEqual({ rule: 'greedy', budget: 100, winners: ['p2'], cost: 50 });
    const malformed = await analyse(t, coordinator, SMALL.replace('2;p1,p2', '2;p1,p9')).expect(400);
    expect(malformed.body).toMatchObject({ line: 14, errors: [{ field: '(body) line 14', message: expect.stringContaining('p9') }] });
    expect(malformed.body.detail).toMatch(/^line 14: /);
  });
});

describe('past the deadline', () => {
  let t: BudgetingTestApp;
  let coordinator: string;

  // A tenth of a second, against the seconds of CPU the large file needs.
  beforeAll(async () => {
    t = await startBudgetingTestApp('analysis_deadline', {}, { env: { PABULIB_ANALYSIS_TIMEOUT_MS: '100' } });
    coordinator = `Bearer ${await t.token('coordinator')}`;
  }, 60_000);
  afterAll(() => t?.close());

  it('a file too large to analyse within the deadline is a 422 naming (body); the next small file is analysed again', async () => {
    const res = await analyse(t, coordinator, largeElection()).expect(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([{ field: '(body)', message: expect.stringContaining('too large to analyse here within 0.1 s') }]);
    // The stopped analysis took its thread with it; the pool starts another for the next file. The
    // deadline (read per analysis) is lifted first, as a new thread's start counts towards it.
    t.config.pabulibAnalysisTimeoutMs = 600_000;
    expect((await analyse(t, coordinator, SMALL, 'greedy').expect(200)).body).toEqual({ rule: 'greedy', budget: 100, winners: ['p2'], cost: 50 });
  });
});

describe('a bounded queue of analyses', () => {
  let t: BudgetingTestApp;
  let coordinator: string;

  // One analysis may wait behind the running one; a generous deadline, so none is cut at 422.
  beforeAll(async () => {
    t = await startBudgetingTestApp('analysis_queue', {}, { env: { PABULIB_ANALYSIS_TIMEOUT_MS: '600000', PABULIB_ANALYSIS_MAX_QUEUE: '1' } });
    coordinator = `Bearer ${await t.token('coordinator')}`;
  }, 60_000);
  afterAll(() => t?.close());
  afterEach(() => jest.restoreAllMocks());

  it('a third analysis while one runs and one waits is 503 problem+json with Retry-After; the two before it are answered', async () => {
    const big = largeElection();
    // Learn when both large analyses are in the pool (the spy only observes; the real pool runs them).
    const original = PabulibAnalysisPool.prototype.analyse;
    let inPool = 0;
    let bothInPool!: () => void;
    const queued = new Promise<void>((resolve) => (bothInPool = resolve));
    jest.spyOn(PabulibAnalysisPool.prototype, 'analyse').mockImplementation(function (this: PabulibAnalysisPool, ...args: Parameters<PabulibAnalysisPool['analyse']>) {
      const analysis = original.apply(this, args);
      if (++inPool === 2) bothInPool();
      return analysis;
    });

    const first = analyse(t, coordinator, big).then((res) => res);
    const second = analyse(t, coordinator, big).then((res) => res);
    await queued;
    // The first large analysis takes seconds of CPU: the third request finds it running and the second waiting.
    const third = await analyse(t, coordinator, SMALL, 'greedy');

    expect(third.status).toBe(503);
    expect(third.headers['content-type']).toContain('application/problem+json');
    expect(third.headers['retry-after']).toBe('600');
    expect(third.body).toMatchObject({ status: 503, title: 'Too many analyses waiting', retryAfter: 600 });
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    // The queue is empty again: the next file is analysed.
    expect((await analyse(t, coordinator, SMALL, 'greedy').expect(200)).body).toEqual({ rule: 'greedy', budget: 100, winners: ['p2'], cost: 50 });
  });
});
