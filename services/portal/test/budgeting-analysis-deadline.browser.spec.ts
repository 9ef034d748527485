import { BudgetingPagesEnv, startBudgetingPagesEnv } from './budgeting-portal';

/**
 * A Pabulib file the budgeting service cannot analyse within its deadline (it runs the analysis
 * off its main thread and stops it then, answering 422) is told to the coordinator as such, in
 * their language, on the form — not as a broken file and not as an error page.
 */
describe('the analysis page when the election is too large for the deadline', () => {
  let env: BudgetingPagesEnv;

  beforeAll(async () => {
    // The service's smallest deadline; the election below takes seconds of equal-shares work.
    env = await startBudgetingPagesEnv('analysis_deadline', { PABULIB_ANALYSIS_TIMEOUT_MS: '100' });
  }, 180_000);
  afterAll(() => env?.close());

  /** 300 projects, 10,000 approval ballots of 5 projects each: far beyond 100 ms of MES. */
  function largeElection(): string {
    const projects = Array.from({ length: 300 }, (_, i) => `p${i};${1_000 + ((i * 7919) % 9_000)}`);
    const votes = Array.from({ length: 10_000 }, (_, v) => `${v + 1};${[0, 1, 2, 3, 4].map((k) => `p${(v * 31 + k * 57) % 300}`).join(',')}`);
    return ['META', 'key;value', 'budget;300000', 'vote_type;approval', 'num_projects;300', `num_votes;${votes.length}`, 'PROJECTS', 'project_id;cost', ...projects, 'VOTES', 'voter_id;vote', ...votes, ''].join('\n');
  }

  it.each([
    ['fi-FI', 'liian suuri'],
    ['en-GB', 'too large'],
  ])('says in %s that the election is too large, with the form kept', async (locale, words) => {
    const coordinator = await env.token({ sub: 'demo-coordinator-kaisa', roles: ['coordinator'], name: 'Kaisa', lang: locale.slice(0, 2) });
    const { context, page } = await env.visitor(coordinator, { js: false, locale });
    await page.goto(`${env.base}/staff/budgeting/analysis`);
    await page.check('#rule-mes');
    await page.setInputFiles('#analysis-file', { name: 'suuri.pb', mimeType: 'text/plain', buffer: Buffer.from(largeElection()) });
    const answer = await Promise.all([page.waitForNavigation(), page.click('#analysis-form button')]).then(([r]) => r);
    expect(answer?.status()).toBe(422);
    await expect(page.locator('#analysis-file-error').textContent()).resolves.toContain(words);
    expect(await page.isVisible('#analysis-form')).toBe(true);
    await context.close();
  }, 120_000);
});
