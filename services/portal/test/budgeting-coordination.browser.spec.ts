import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DevTokenRequest, issueDevToken } from '@vaikuta/auth';
import { BudgetingHttp } from '@vaikuta/contracts';
import { ServiceProcess, startServiceProcess } from '@vaikuta/testing';
import { SESSION_COOKIE } from '../src/account/session';
import { helsinkiLocal } from '../src/budgeting/budgeting-coordination.controller';
import { budgetingApi, startPortalForBudgeting } from './budgeting-portal';
import { axeViolations, launchBrowser } from './portal-test-env';

// The coordinators' pages (budgeting-coordination.controller.ts) against the real budgeting
// service in its own process, the portal in this one, every form posted by a browser without
// JavaScript at phone width. The feedback service is a stand-in with an empty catalogue: the
// dev sign-in page lists its departments and nothing else of it is needed.
const SHOTS = process.env.PORTAL_SHOTS_DIR ?? '/tmp/shots';
const HOUR = 60 * 60 * 1000;

describe('budgeting coordinators’ pages', () => {
  let budgeting: ServiceProcess;
  let catalogue: http.Server;
  let portal: NestFastifyApplication;
  let browser: Browser;
  let base: string;
  let keysDir: string;
  let coordinator: string;
  let api: ReturnType<typeof budgetingApi>;
  const votingYear = new Date().getUTCFullYear();

  const token = (claims: Partial<DevTokenRequest> & { sub: string; roles: DevTokenRequest['roles'] }) =>
    issueDevToken({ departments: [], name: 'Testi', lang: 'fi', ...claims } as DevTokenRequest, { keysDir });
  const resident = (sub: string) => token({ sub, roles: ['resident'], birthdate: '1990-01-01', municipality: '091', authMethods: ['strong'] });

  /** Six back-to-back windows of `length` from `start`; implementation stays open. */
  const phases = (start: number, length = HOUR): BudgetingHttp.PhaseWindow[] =>
    BudgetingHttp.ROUND_PHASES.map((phase, i) => ({
      phase,
      opensAt: new Date(start + i * length).toISOString(),
      closesAt: phase === 'implementation' ? null : new Date(start + (i + 1) * length).toISOString(),
    }));

  /** A round in its proposals phase (voting in three hours) with one feasible proposal in Keskinen. */
  async function roundWithProposal(title: string): Promise<{ round: BudgetingHttp.RoundDetail; proposal: BudgetingHttp.Proposal }> {
    const round = await api<BudgetingHttp.RoundDetail>('POST', '/budgeting/rounds', coordinator, {
      title: { fi: title, sv: title, en: title },
      votingYear,
      rule: 'greedy',
      ballotRule: { kind: 'knapsack' },
      eligibility: { minimumAge: 12, municipalities: ['091'], authMethods: [] },
      phases: phases(Date.now() - HOUR / 2),
      districts: [
        { code: 'keskinen', name: { fi: 'Keskinen suurpiiri', sv: 'Mellersta stordistriktet', en: 'Central district' }, budget: 600_000, cityWide: false },
        { code: 'city', name: { fi: 'Koko kaupunki', sv: 'Hela staden', en: 'City-wide' }, budget: 1_200_000, cityWide: true },
      ],
    });
    const proposal = await api<BudgetingHttp.Proposal>('POST', `/budgeting/rounds/${round.id}/proposals`, await resident('demo-resident-ehdottaja'), {
      title: 'Penkkejä Kaisaniemeen',
      description: 'Lisää penkkejä puiston länsireunalle, jossa iäkkäät kulkevat.',
      language: 'fi',
      districtCode: 'keskinen',
      roughCost: 20_000,
    });
    const screened = await api<BudgetingHttp.Proposal>('POST', `/budgeting/proposals/${proposal.id}/screening`, coordinator, { version: proposal.version, outcome: 'feasible', reason: 'Mahtuu puiston suunnitelmaan.' });
    return { round, proposal: screened };
  }

  /** The round above with its proposal made into a costed plan on the ballot (the service's API, as the pages are tested elsewhere). */
  async function roundWithPlanOnBallot(title: string): Promise<{ round: BudgetingHttp.RoundDetail; plan: BudgetingHttp.Plan }> {
    const { round, proposal } = await roundWithProposal(title);
    const draft = await api<BudgetingHttp.Plan>('POST', `/budgeting/rounds/${round.id}/plans`, coordinator, {
      title: { fi: 'Penkit Kaisaniemeen' },
      description: { fi: 'Kuusi penkkiä.' },
      districtCode: 'keskinen',
      proposalIds: [proposal.id],
      cost: 30_000,
    });
    const plan = await api<BudgetingHttp.Plan>('PATCH', `/budgeting/plans/${draft.id}`, coordinator, { version: draft.version, status: 'on_ballot' });
    return { round, plan };
  }

  beforeAll(async () => {
    keysDir = await mkdtemp(path.join(os.tmpdir(), 'vaikuta-keys-'));
    process.env.AUTH_DEV_KEYS_DIR = keysDir;
    process.env.AUTH_DEV_ISSUER = 'true';
    fs.mkdirSync(SHOTS, { recursive: true });
    budgeting = await startServiceProcess('budgeting', { label: 'budgeting-coordination', keysDir });
    catalogue = http.createServer((req, res) => {
      res.writeHead(req.url?.startsWith('/feedback/') ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: [] }));
    });
    await new Promise<void>((resolve) => catalogue.listen(0, '127.0.0.1', resolve));
    ({ portal, base } = await startPortalForBudgeting(budgeting.url, { feedback: `http://127.0.0.1:${(catalogue.address() as AddressInfo).port}` }));
    api = budgetingApi(budgeting.url);
    browser = await launchBrowser();
    coordinator = await token({ sub: 'demo-coordinator-kaisa', roles: ['coordinator'], name: 'Kaisa' });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await budgeting?.close();
    await new Promise((resolve) => catalogue?.close(resolve));
    await rm(keysDir, { recursive: true, force: true });
  });

  /** A browser without JavaScript at 375 px: every form must work as plain HTML. */
  async function visitor(bearer?: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 900 }, locale: 'fi-FI' });
    if (bearer) await context.addCookies([{ name: SESSION_COOKIE, value: bearer, url: base }]);
    return { context, page: await context.newPage() };
  }

  /**
   * axe and the width check need scripts, which these pages run without: the page as the
   * browser has it now (error states included) is copied into a scripted tab of the same origin.
   */
  async function accessible(page: Page, shot: string) {
    const html = await page.content();
    const context = await browser.newContext({ viewport: { width: 375, height: 900 }, locale: 'fi-FI' });
    const checker = await context.newPage();
    await checker.goto(`${base}/robots.txt`);
    await checker.setContent(html, { waitUntil: 'load' });
    expect(await axeViolations(checker)).toEqual([]);
    expect(await checker.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
    await context.close();
  }

  it('a coordinator combines a proposal into a plan, costs it and puts it on the ballot; a stale edit is told to reload', async () => {
    const { round, proposal } = await roundWithProposal('Kustannusarviokierros');
    const { context, page } = await visitor(coordinator);
    await page.goto(`${base}/staff/budgeting/${round.id}`);
    await page.getByRole('link', { name: 'Kustannusarviot ja suunnitelmat' }).click();
    expect(page.url()).toBe(`${base}/staff/budgeting/${round.id}/plans`);
    await accessible(page, 'coordination-plans');

    // Nothing chosen: the refusal sits next to the proposals, what was typed stays.
    await page.fill('#create-titleFi', 'Penkit Kaisaniemeen');
    let answer = await Promise.all([page.waitForNavigation(), page.click('#create-plan button[type=submit]')]).then(([r]) => r);
    expect(answer?.status()).toBe(400);
    await expect(page.locator('#create-proposal-error').textContent()).resolves.toContain('Valitse 1–20');
    expect(await page.inputValue('#create-titleFi')).toBe('Penkit Kaisaniemeen');
    await accessible(page, 'coordination-plans-error');

    await page.check(`#proposal-${proposal.id}`);
    await page.fill('#create-descFi', 'Kuusi penkkiä puiston länsireunalle.');
    await page.fill('#create-titleSv', 'Bänkar i Kajsaniemi');
    await page.click('#create-plan button[type=submit]');
    await expect(page.locator('.notice-success').textContent()).resolves.toContain('Suunnitelma luotiin');
    const [created] = (await api<BudgetingHttp.PlanList>('GET', `/budgeting/rounds/${round.id}/plans`, coordinator)).items;
    expect(created).toMatchObject({ title: { fi: 'Penkit Kaisaniemeen', sv: 'Bänkar i Kajsaniemi' }, status: 'draft', cost: null, proposalIds: [proposal.id] });

    // A second tab reads the plan now, before the first one changes it.
    const stale = await context.newPage();
    await stale.goto(`${base}/staff/budgeting/${round.id}/plans`);

    await page.click(`#plan-${created.id} summary`);
    await page.fill(`#plan-${created.id}-cost`, '45 000');
    await page.fill(`#plan-${created.id}-group`, 'kaisaniemi');
    await page.click(`#plan-${created.id} button[value=on_ballot]`);
    await expect(page.locator('.notice-success').textContent()).resolves.toContain('äänestyslistalla');
    const [costed] = (await api<BudgetingHttp.PlanList>('GET', `/budgeting/rounds/${round.id}/plans`, coordinator)).items;
    expect(costed).toMatchObject({ cost: 45_000, incompatibleGroup: 'kaisaniemi', status: 'on_ballot', version: created.version + 1 });

    await stale.click(`#plan-${created.id} summary`);
    await stale.fill(`#plan-${created.id}-cost`, '1');
    answer = await Promise.all([stale.waitForNavigation(), stale.click(`#plan-${created.id} button[value=save]`)]).then(([r]) => r);
    expect(answer?.status()).toBe(409);
    await expect(stale.locator(`#plan-${created.id}-refusal`).textContent()).resolves.toContain('Joku muutti tätä sillä välin');
    expect((await api<BudgetingHttp.PlanList>('GET', `/budgeting/rounds/${round.id}/plans`, coordinator)).items[0].cost).toBe(45_000);

    // Results before voting: the service's phase refusal in the coordinator's words.
    await page.goto(`${base}/staff/budgeting/${round.id}/results`);
    await page.click('#compute-form button');
    await expect(page.locator('#compute-refusal').textContent()).resolves.toContain('vasta, kun äänestys on päättynyt');
    await context.close();
  });

  it('moves the phases with a reason, computes the results, records an override, publishes, and follows the project up to a reached milestone', async () => {
    const { round, plan } = await roundWithPlanOnBallot('Tuloskierros');
    const { context, page } = await visitor(coordinator);

    // Phases: everything up to the results moved into the past, so voting has closed.
    await page.goto(`${base}/staff/budgeting/${round.id}/phases`);
    await accessible(page, 'coordination-phases');
    const past = phases(Date.now() - 10 * HOUR, HOUR / 2);
    for (const [i, w] of past.entries()) {
      await page.fill(`#opens-${i}`, helsinkiLocal(w.opensAt));
      await page.fill(`#closes-${i}`, helsinkiLocal(w.closesAt));
    }
    // No reason: refused next to the field, nothing moved.
    let answer = await Promise.all([page.waitForNavigation(), page.click('#phases-form button[type=submit]')]).then(([r]) => r);
    expect(answer?.status()).toBe(400);
    await expect(page.locator('#phases-reason-error').isVisible()).resolves.toBe(true);
    expect((await api<BudgetingHttp.RoundDetail>('GET', `/budgeting/rounds/${round.id}`, coordinator)).phase).toBe('proposals');
    // Voting opening before costing closes: the service's refusal lands next to that field.
    await page.fill('#phases-reason', 'Äänestys pidettiin etukäteen testissä.');
    await page.fill('#opens-3', helsinkiLocal(past[1].opensAt));
    answer = await Promise.all([page.waitForNavigation(), page.click('#phases-form button[type=submit]')]).then(([r]) => r);
    expect(answer?.status()).toBe(400);
    await expect(page.locator('#opens-3-error').textContent()).resolves.toContain('edellisen vaiheen');
    expect(await page.inputValue('#phases-reason')).toBe('Äänestys pidettiin etukäteen testissä.');
    await accessible(page, 'coordination-phases-error');
    await page.fill('#opens-3', helsinkiLocal(past[3].opensAt));
    await page.click('#phases-form button[type=submit]');
    await expect(page.locator('.notice-success').textContent()).resolves.toContain('Vaiheiden ajat siirrettiin');
    const moved = await api<BudgetingHttp.RoundDetail>('GET', `/budgeting/rounds/${round.id}`, coordinator);
    expect(moved.phase).toBe('implementation');
    expect(Date.parse(moved.phases[3].closesAt!)).toBe(Math.floor(Date.parse(past[3].closesAt!) / 60_000) * 60_000);

    await page.goto(`${base}/staff/budgeting/${round.id}/results`);
    await expect(page.locator('main').textContent()).resolves.toContain('Tuloksia ei ole vielä laskettu');
    await page.click('#compute-form button');
    await expect(page.locator('.notice-success').textContent()).resolves.toContain('Tulokset laskettiin');
    await expect(page.locator(`#result-${plan.id}`).textContent()).resolves.toContain('Ei ääniä');
    await accessible(page, 'coordination-results');

    // An override without a reason is refused next to the reason; with one, the plan is funded.
    await page.selectOption('#override-plan', plan.id);
    await page.check('#override-fund');
    answer = await Promise.all([page.waitForNavigation(), page.click('#override-form button[type=submit]')]).then(([r]) => r);
    expect(answer?.status()).toBe(400);
    await expect(page.locator('#override-reason-error').isVisible()).resolves.toBe(true);
    await page.fill('#override-reason', 'Kaupunginhallitus päätti rahoittaa penkit esteettömyyden vuoksi.');
    await page.click('#override-form button[type=submit]');
    await expect(page.locator('.notice-success').textContent()).resolves.toContain('Poikkeus kirjattiin');
    await expect(page.locator(`#result-${plan.id}`).textContent()).resolves.toContain('Rahoitetaan poikkeuksena');

    await page.click('#publish-form button');
    await expect(page.locator('.notice-success').textContent()).resolves.toContain('Tulokset julkaistiin');
    const published = await api<BudgetingHttp.RoundResults>('GET', `/budgeting/rounds/${round.id}/results`, coordinator);
    expect(published.published).toBe(true);
    expect(published.districts.find((d) => d.code === 'keskinen')!.winners).toEqual([plan.id]);
    await expect(page.locator('#override-form').count()).resolves.toBe(0);

    // The project: a milestone added, then reached with a note; an update with progress.
    await page.getByRole('link', { name: 'Hankkeiden seuranta' }).click();
    await accessible(page, 'coordination-projects');
    await page.fill(`#ms-${plan.id}-fi`, 'Penkit asennettu');
    await page.fill(`#ms-${plan.id}-due`, `${votingYear + 1}-05-31`);
    await page.click(`#project-${plan.id} .milestone-form button`);
    await expect(page.locator('.notice-success').textContent()).resolves.toContain('Välitavoite lisättiin');
    let project = await api<BudgetingHttp.ProjectDetail>('GET', `/budgeting/projects/${plan.id}`, coordinator);
    expect(project.milestones).toEqual([expect.objectContaining({ title: { fi: 'Penkit asennettu' }, dueDate: `${votingYear + 1}-05-31`, reachedAt: null })]);
    const [milestone] = project.milestones;
    await page.fill(`#note-${milestone.id}`, 'Asennettu etuajassa.');
    await page.click(`#milestone-${milestone.id} .reach-form button`);
    await expect(page.locator('.notice-success').textContent()).resolves.toContain('merkittiin saavutetuksi');
    project = await api<BudgetingHttp.ProjectDetail>('GET', `/budgeting/projects/${plan.id}`, coordinator);
    expect(project.milestones[0]).toMatchObject({ note: 'Asennettu etuajassa.', reachedAt: expect.any(String) });
    await expect(page.locator(`#milestone-${milestone.id} .reach-form`).count()).resolves.toBe(0);

    await page.selectOption(`#up-${plan.id}-status`, 'in_progress');
    await page.fill(`#up-${plan.id}-progress`, '140');
    await page.fill(`#up-${plan.id}-fi`, 'Työt alkoivat.');
    answer = await Promise.all([page.waitForNavigation(), page.click(`#project-${plan.id} .update-form button`)]).then(([r]) => r);
    expect(answer?.status()).toBe(400);
    await expect(page.locator(`#up-${plan.id}-progress-error`).textContent()).resolves.toContain('0–100');
    expect(await page.inputValue(`#up-${plan.id}-fi`)).toBe('Työt alkoivat.');
    await page.fill(`#up-${plan.id}-progress`, '40');
    await page.click(`#project-${plan.id} .update-form button`);
    await expect(page.locator('.notice-success').textContent()).resolves.toContain('Tiedote julkaistiin');
    project = await api<BudgetingHttp.ProjectDetail>('GET', `/budgeting/projects/${plan.id}`, coordinator);
    expect(project).toMatchObject({ status: 'in_progress', progress: 40, updates: [expect.objectContaining({ text: { fi: 'Työt alkoivat.' } })] });
    await context.close();
  });

  it('analyses an uploaded Pabulib file by the chosen rule', async () => {
    const { context, page } = await visitor(coordinator);
    await page.goto(`${base}/staff/budgeting/analysis`);
    await accessible(page, 'coordination-analysis');
    const file = ['META', 'key;value', 'budget;100', 'vote_type;approval', 'num_projects;2', 'num_votes;3', 'PROJECTS', 'project_id;cost', 'p1;60', 'p2;50', 'VOTES', 'voter_id;vote', '1;p1', '2;p1,p2', '3;p2', ''].join('\n');
    await page.setInputFiles('#analysis-file', { name: 'kaupunki.pb', mimeType: 'text/plain', buffer: Buffer.from(file) });
    await page.click('#analysis-form button');
    // Greedy: p1 and p2 tie on two votes, the cheaper p2 first, then p1 (60) no longer fits.
    expect(await page.locator('#winners li').allTextContents()).toEqual(['p2']);
    await accessible(page, 'coordination-analysis-result');
    await page.setInputFiles('#analysis-file', { name: 'rikki.pb', mimeType: 'text/plain', buffer: Buffer.from(file.replace('2;p1,p2', '2;p1,p9')) });
    const answer = await Promise.all([page.waitForNavigation(), page.click('#analysis-form button')]).then(([r]) => r);
    expect(answer?.status()).toBe(400);
    await expect(page.locator('#analysis-file-error').textContent()).resolves.toContain('Pabulib');
    await context.close();
  });

  it('speaks Swedish and English on every coordinators’ page, with no message key left untranslated', async () => {
    const { round } = await roundWithProposal('Språkomgång');
    const pages = ['plans', 'phases', 'results', 'projects'].map((p) => `/staff/budgeting/${round.id}/${p}`).concat('/staff/budgeting/analysis', `/staff/budgeting/${round.id}`);
    for (const [locale, lang, heading] of [
      ['sv-FI', 'sv', 'Kostnadsberäkningar och planer'],
      ['en-GB', 'en', 'Costing and plans'],
    ]) {
      const context = await browser.newContext({ javaScriptEnabled: false, locale, extraHTTPHeaders: { 'accept-language': locale } });
      await context.addCookies([{ name: SESSION_COOKIE, value: coordinator, url: base }]);
      const page = await context.newPage();
      for (const url of pages) {
        const answer = await page.goto(`${base}${url}`);
        expect([url, answer?.status(), await page.getAttribute('html', 'lang')]).toEqual([url, 200, lang]);
        expect(await page.locator('body').textContent()).not.toMatch(/\b(bud|login)\.[a-z]+\./);
      }
      await page.goto(`${base}${pages[0]}`);
      await expect(page.locator('h1').textContent()).resolves.toBe(heading);
      await context.close();
    }
  });

  it('keeps residents and signed-out visitors out of every coordinators’ page', async () => {
    const { round } = await roundWithProposal('Suljettu kierros');
    const bearer = await resident('demo-resident-utelias');
    for (const url of [`/staff/budgeting/${round.id}/plans`, `/staff/budgeting/${round.id}/phases`, `/staff/budgeting/${round.id}/results`, `/staff/budgeting/${round.id}/projects`, '/staff/budgeting/analysis']) {
      const asResident = await fetch(`${base}${url}`, { headers: { cookie: `${SESSION_COOKIE}=${bearer}` }, redirect: 'manual' });
      expect([url, asResident.status]).toEqual([url, 403]);
      const anonymous = await fetch(`${base}${url}`, { redirect: 'manual' });
      expect([url, anonymous.status, anonymous.headers.get('location')]).toEqual([url, 303, `/login?next=${encodeURIComponent(url)}`]);
    }
  });

  it('the dev sign-in offers the coordinator role and puts a synthetic identity code into the token, refusing an invalid one', async () => {
    const { context, page } = await visitor();
    await page.goto(`${base}/login`);
    await accessible(page, 'coordination-login');
    await page.check('#role-resident');
    await page.fill('#login-hetu', '010110A9986'); // wrong check character
    let answer = await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]).then(([r]) => r);
    expect(answer?.status()).toBe(400);
    await expect(page.locator('#login-hetu-error').isVisible()).resolves.toBe(true);
    expect((await context.cookies()).some((c) => c.name === SESSION_COOKIE)).toBe(false);
    await accessible(page, 'coordination-login-error');
    // A valid code outside the synthetic 9xx range is no demo code either.
    await page.fill('#login-hetu', '010110A1230');
    answer = await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]).then(([r]) => r);
    expect(answer?.status()).toBe(400);

    await page.fill('#login-hetu', '010110a9987');
    await page.click('form[action="/login"] button[type=submit]');
    const session = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!;
    const claims = JSON.parse(Buffer.from(session.value.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ hetu: '010110A9987', birthdate: '2010-01-01', roles: ['resident'] });
    await context.close();

    const coordinatorVisit = await visitor();
    await coordinatorVisit.page.goto(`${base}/login`);
    await coordinatorVisit.page.check('#role-coordinator');
    await coordinatorVisit.page.fill('#login-name', 'Kaisa');
    // The click returns once the redirect has committed, not once the page has loaded, and count() does
    // not wait: wait for the coordinators' page itself before counting its links (a CI run counted 0).
    await Promise.all([coordinatorVisit.page.waitForURL(`${base}/staff/budgeting`, { waitUntil: 'load' }), coordinatorVisit.page.click('form[action="/login"] button[type=submit]')]);
    await expect(coordinatorVisit.page.getByRole('link', { name: 'Budjetoinnin koordinointi' }).count()).resolves.toBe(1);
    const coordinatorClaims = JSON.parse(Buffer.from((await coordinatorVisit.context.cookies()).find((c) => c.name === SESSION_COOKIE)!.value.split('.')[1], 'base64url').toString());
    expect(coordinatorClaims.roles).toEqual(['coordinator']);
    expect(coordinatorClaims.hetu).toBeUndefined();
    await coordinatorVisit.context.close();
  });

  it('a newcomer signed in with a synthetic code votes online, staff enter a paper ballot with the same code, and reconciliation catches the double voter', async () => {
    const { round, plan } = await roundWithPlanOnBallot('Täsmäytyskierros');
    // Voting open now: it opened half an hour ago and closes in half an hour.
    await api('POST', `/budgeting/rounds/${round.id}/phases`, coordinator, { version: round.version, phases: phases(Date.now() - 3.5 * HOUR), reason: 'Äänestys auki testiä varten.' });

    const newcomer = await visitor();
    await newcomer.page.goto(`${base}/login`);
    await newcomer.page.check('#role-resident');
    await newcomer.page.fill('#login-name', 'Uusi Tulija');
    await newcomer.page.fill('#login-hetu', '010110A9987');
    await newcomer.page.click('form[action="/login"] button[type=submit]');
    const session = (await newcomer.context.cookies()).find((c) => c.name === SESSION_COOKIE)!.value;
    const online = await api<BudgetingHttp.BallotReceipt>('PUT', `/budgeting/rounds/${round.id}/ballot`, session, { districtCode: 'keskinen', district: [plan.id], cityWide: [], confirmed: true });
    expect(online).toMatchObject({ channel: 'online', counts: true });
    await newcomer.context.close();

    const { context, page } = await visitor(coordinator);
    await page.goto(`${base}/staff/budgeting/${round.id}`);
    await page.check('#desk-paper');
    await page.fill('#desk-sheetId', 'KS-0001');
    await page.fill('#desk-identityCode', '010110A9987');
    await page.selectOption('#desk-districtCode', 'keskinen');
    await page.check(`#desk-plan-${plan.id}`);
    await page.click('#desk-form button[type=submit]');
    await expect(page.locator('.notice-success').textContent()).resolves.toContain('Paperilipuke kirjattiin');
    const people = page.locator('#reconciliation > li');
    await expect(people.count()).resolves.toBe(1);
    const person = (await people.first().textContent()) ?? '';
    expect(person).toContain('Verkossa');
    expect(person).toContain('Paperilipuke');
    expect(person).not.toContain('010110A9987');
    await page.screenshot({ path: `${SHOTS}/coordination-reconciliation.png`, fullPage: true });
    await context.close();
  });
});
