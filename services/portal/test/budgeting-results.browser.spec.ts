import { randomUUID } from 'node:crypto';
import { BudgetingHttp } from '@vaikuta/contracts';
import type { ServiceProcess } from '@vaikuta/testing';
import { accessibleAt375, budgetingPhases, BudgetingPagesEnv, DevClaims, startBudgetingPagesEnv } from './budgeting-portal';

// The public end of a budgeting round — results, turnout, open data, projects and the plans map —
// against the real budgeting service (its own process, database and NATS namespace), with the
// portal in this process in front of it. A round is taken from proposals through voting to
// published results through the service's API, as coordinators and residents would.
const HOUR = 60 * 60 * 1000;

describe('budgeting results, projects and plan map pages', () => {
  let env: BudgetingPagesEnv;
  let budgeting: ServiceProcess;
  let base: string;
  let roundId: string;
  let staff: string;
  const plans: Record<string, BudgetingHttp.Plan> = {};

  const token = (claims: DevClaims) => env.token(claims);
  const resident = (sub: string, birthdate = '1990-06-01') => token({ sub, roles: ['resident'], birthdate, municipality: '091', authMethods: ['strong'] });

  let api: BudgetingPagesEnv['api'];

  const movePhases = async (proposalsOpenAt: number, votingOpenAt: number, reason: string) => {
    const round = await api<BudgetingHttp.RoundDetail>('GET', `/budgeting/rounds/${roundId}`, staff);
    await api('POST', `/budgeting/rounds/${roundId}/phases`, staff, { version: round.version, phases: budgetingPhases(proposalsOpenAt, votingOpenAt), reason });
  };

  beforeAll(async () => {
    env = await startBudgetingPagesEnv('budgeting-results-pages');
    ({ budgeting, base, api } = env);

    // A round in its proposals phase; proposals combined into plans on the ballot; then voting opens.
    staff = await token({ sub: 'demo-admin-results', roles: ['admin'] });
    const now = Date.now();
    const round = await api<BudgetingHttp.RoundDetail>('POST', '/budgeting/rounds', staff, {
      title: { fi: 'Tulosbudjetti', sv: 'Resultatbudget', en: 'Results budget' },
      votingYear: new Date().getUTCFullYear(),
      rule: 'greedy',
      ballotRule: { kind: 'knapsack' },
      eligibility: { minimumAge: 12, municipalities: ['091'], authMethods: [] },
      phases: budgetingPhases(now - HOUR / 2, now + 3 * HOUR),
      districts: [
        { code: 'keskinen', name: { fi: 'Keskinen suurpiiri', sv: 'Mellersta stordistriktet', en: 'Central district' }, budget: 500_000, cityWide: false },
        { code: 'city', name: { fi: 'Koko kaupunki', sv: 'Hela staden', en: 'City-wide' }, budget: 1_000_000, cityWide: true },
      ],
    });
    roundId = round.id;
    const proposer = await resident('demo-resident-proposer');
    // A's place comes from its proposal, B's is the plan's own, C has none (list only).
    const specs: [string, string, number, BudgetingHttp.FinnishLocation | undefined, BudgetingHttp.FinnishLocation | undefined][] = [
      ['A', 'keskinen', 300_000, { lat: 60.1841, lon: 24.9497 }, undefined],
      ['B', 'keskinen', 250_000, undefined, { lat: 60.1699, lon: 24.9384 }],
      ['C', 'keskinen', 100_000, undefined, undefined],
      ['D', 'city', 800_000, undefined, undefined],
    ];
    for (const [name, districtCode, cost, proposalPlace, planPlace] of specs) {
      const proposal = await api<BudgetingHttp.Proposal>('POST', `/budgeting/rounds/${roundId}/proposals`, proposer, {
        title: `Ehdotus ${name}`,
        description: `Ehdotuksen ${name} kuvaus, tarpeeksi pitkä.`,
        language: 'fi',
        districtCode,
        ...(proposalPlace ? { location: proposalPlace } : {}),
      });
      const plan = await api<BudgetingHttp.Plan>('POST', `/budgeting/rounds/${roundId}/plans`, staff, {
        title: { fi: `Suunnitelma ${name}`, sv: `Plan ${name}` },
        description: { fi: `Suunnitelman ${name} kuvaus` },
        districtCode,
        proposalIds: [proposal.id],
        cost,
        ...(planPlace ? { location: planPlace } : {}),
      });
      plans[name] = await api<BudgetingHttp.Plan>('PATCH', `/budgeting/plans/${plan.id}`, staff, { version: plan.version, status: 'on_ballot' });
    }
    await movePhases(now - 4 * HOUR, now - HOUR / 2, 'Äänestys avataan testissä');
  }, 180_000);

  afterAll(() => env?.close());

  const visitor = (options: { width?: number; locale?: string; js?: boolean } = {}) => env.visitor(undefined, options);

  it('shows the plans on a map beside the list, which stays the page without JavaScript', async () => {
    const { context, page } = await visitor();
    await page.goto(`${base}/budgeting/${roundId}/plans`);
    // The map lists the two plans with a place: A by its proposal's, B by its own.
    await page.waitForFunction(() => document.querySelectorAll('[data-plan-map] .leaflet-marker-icon').length === 2);
    expect(await page.locator('[data-map-status]').textContent()).toBe('Kartalla on 2 suunnitelmaa.');
    const pinTitles = await page.locator('[data-plan-map] .leaflet-marker-icon').evaluateAll((pins) => pins.map((p) => p.getAttribute('title')).sort());
    expect(pinTitles).toEqual(['Suunnitelma A', 'Suunnitelma B']);
    // A pin's card links to the plan's entry in the list; the keyboard reaches the pin.
    await page.locator('[data-plan-map] .leaflet-marker-icon[title="Suunnitelma A"]').focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('.leaflet-popup-content a').getAttribute('href')).toBe(`#plan-${plans.A.id}`);
    await accessibleAt375(page, 'budgeting-plans-map-375');
    await context.close();

    const nojs = await visitor({ js: false });
    await nojs.page.goto(`${base}/budgeting/${roundId}/plans`);
    expect(await nojs.page.locator('[data-plan-map]').isVisible()).toBe(false);
    expect(await nojs.page.locator('main h3').allTextContents()).toEqual(['Suunnitelma A', 'Suunnitelma B', 'Suunnitelma C', 'Suunnitelma D']);
    await nojs.context.close();
  });

  it('says the results are not out yet (404) until they are published, then shows winners and reasons in Finnish, Swedish and English', async () => {
    // Three residents vote: C three times, A twice, B once, D once.
    const ballots: [string, string[], string[]][] = [
      ['demo-resident-v1', [plans.A.id, plans.C.id], [plans.D.id]],
      ['demo-resident-v2', [plans.A.id, plans.C.id], []],
      ['demo-resident-v3', [plans.B.id, plans.C.id], []],
    ];
    for (const [sub, district, cityWide] of ballots) {
      await api('PUT', `/budgeting/rounds/${roundId}/ballot`, await resident(sub, sub === 'demo-resident-v3' ? '1950-01-01' : '2000-01-01'), { districtCode: 'keskinen', district, cityWide, confirmed: true });
    }
    // Voting closes: the round is in its results phase, nothing published.
    const now = Date.now();
    await movePhases(now - 7 * HOUR, now - 3.5 * HOUR, 'Äänestys sulkeutuu testissä');

    const { context, page } = await visitor();
    await page.goto(`${base}/budgeting/${roundId}`);
    await page.click(`#round-results a[href="/budgeting/${roundId}/results"]`);
    expect(await page.locator('h1').textContent()).toBe('Tulokset eivät ole vielä julki');
    expect(await page.locator('#results-pending').isVisible()).toBe(true);
    const pending = await context.request.get(`${base}/budgeting/${roundId}/results`);
    expect(pending.status()).toBe(404);
    await accessibleAt375(page);
    // A computed draft is still the coordinators' own.
    await api('POST', `/budgeting/rounds/${roundId}/results/compute`, staff, {});
    expect((await context.request.get(`${base}/budgeting/${roundId}/results`)).status()).toBe(404);

    const round = await api<BudgetingHttp.RoundDetail>('GET', `/budgeting/rounds/${roundId}`, staff);
    await api('POST', `/budgeting/rounds/${roundId}/results/publish`, staff, { version: round.version });

    await page.goto(`${base}/budgeting`);
    await page.click(`a.results-out[href="/budgeting/${roundId}/results"]`);
    expect(await page.locator('h1').textContent()).toBe('Äänestyksen tulokset');
    expect(await page.locator('#rule').textContent()).toContain('eniten ääniä saaneet ensin');
    const keskinen = page.locator('#district-keskinen');
    expect((await keskinen.locator('dl').innerText()).replace(/\s+/g, ' ')).toContain('Käytetty 400 000 €');
    // Winners first in the order funded, then the rest; each with its status and reason.
    expect(await keskinen.locator('li h3').allTextContents()).toEqual(['Suunnitelma C', 'Suunnitelma A', 'Suunnitelma B']);
    expect(await page.locator(`#result-${plans.A.id} .status`).textContent()).toBe('Voitti');
    expect(await page.locator(`#result-${plans.B.id} .status`).textContent()).toBe('Ei mahtunut budjettiin');
    expect(await page.locator(`#result-${plans.A.id} .explanation`).textContent()).toContain('valintajärjestyksessä');
    expect(await page.locator(`#result-${plans.D.id} .status`).textContent()).toBe('Voitti');
    // Turnout by district, age band and channel.
    expect(await page.locator('#turnout').textContent()).toContain('Laskettuja äänestyslippuja yhteensä 3.');
    expect((await page.locator('#turnout-channel').innerText()).replace(/\s+/g, ' ')).toContain('Verkossa 3');
    expect((await page.locator('#turnout-age').innerText()).replace(/\s+/g, ' ')).toContain('65+ vuotta 1');
    await accessibleAt375(page, 'budgeting-results-375');

    // The open data: the Pabulib file of a district and the ballots CSV, through the portal's gateway.
    const pabulibHref = (await page.locator('#open-data a', { hasText: 'Keskinen suurpiiri' }).getAttribute('href'))!;
    const pabulib = await context.request.get(`${base}${pabulibHref}`);
    expect(pabulib.status()).toBe(200);
    expect(pabulib.headers()['content-type']).toContain('text/plain');
    expect(await pabulib.text()).toContain('META');
    const csv = await context.request.get(`${base}${await page.locator('#csv-link').getAttribute('href')}`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\n')[0]).toContain('ballot');
    expect(await csv.text()).not.toContain('demo-resident');
    await context.close();

    // In Swedish: the rule, the statuses and the service's explanation in Swedish.
    const sv = await visitor({ locale: 'sv-FI' });
    await sv.page.goto(`${base}/budgeting/${roundId}/results`);
    expect(await sv.page.locator('h1').textContent()).toBe('Omröstningens resultat');
    expect(await sv.page.locator(`#result-${plans.A.id} .status`).textContent()).toBe('Vann');
    expect(await sv.page.locator(`#result-${plans.A.id} h3`).textContent()).toBe('Plan A');
    const explanation = (await sv.page.locator(`#result-${plans.B.id} .explanation`).textContent())!;
    const expected = (await api<BudgetingHttp.RoundResults>('GET', `/budgeting/rounds/${roundId}/results`, staff)).districts.find((d) => d.code === 'keskinen')!.plans.find((p) => p.id === plans.B.id)!.explanation;
    expect(explanation).toBe(expected.sv);
    expect(explanation).not.toBe(expected.fi);
    await accessibleAt375(sv.page, 'budgeting-results-sv-375');
    await sv.context.close();

    // And in English, without JavaScript: the same page, its words English.
    const en = await visitor({ locale: 'en-GB', js: false });
    await en.page.goto(`${base}/budgeting/${roundId}/results`);
    expect(await en.page.locator('#rule strong').first().textContent()).toBe('Rule: most votes first');
    expect(await en.page.locator(`#result-${plans.B.id} .status`).textContent()).toBe('Did not fit the budget');
    expect(await en.page.locator(`#result-${plans.B.id} .explanation`).textContent()).toBe(expected.en);
    await en.context.close();
  });

  it('lists the winners as projects and shows a project with its milestones and updates, newest first', async () => {
    const project = async () => api<BudgetingHttp.ProjectDetail>('GET', `/budgeting/projects/${plans.A.id}`, staff);
    await api('POST', `/budgeting/projects/${plans.A.id}/milestones`, staff, { version: (await project()).version, title: { fi: 'Rakennuslupa' }, dueDate: '2027-03-31' });
    const withMilestone = await project();
    await api('POST', `/budgeting/projects/${plans.A.id}/milestones/${withMilestone.milestones[0].id}/reached`, staff, { version: withMilestone.version, note: 'Lupa saatiin etuajassa.' });
    await api('POST', `/budgeting/projects/${plans.A.id}/milestones`, staff, { version: (await project()).version, title: { fi: 'Penkit paikoillaan', sv: 'Bänkarna på plats' }, dueDate: '2027-06-30' });
    await api('POST', `/budgeting/projects/${plans.A.id}/updates`, staff, { version: (await project()).version, status: 'in_progress', progress: 20, text: { fi: 'Suunnittelu alkoi.' } });
    await api('POST', `/budgeting/projects/${plans.A.id}/updates`, staff, { version: (await project()).version, status: 'in_progress', progress: 45, text: { fi: 'Rakentaminen alkoi.', sv: 'Byggandet började.' } });

    const { context, page } = await visitor();
    await page.goto(`${base}/budgeting/${roundId}`);
    await page.click(`#round-results a[href="/budgeting/${roundId}/projects"]`);
    expect(await page.locator('#projects h2').allTextContents()).toEqual(expect.arrayContaining(['Suunnitelma A', 'Suunnitelma C', 'Suunnitelma D']));
    expect(await page.locator('#projects h2').allTextContents()).not.toContain('Suunnitelma B');
    const a = page.locator('#projects li', { hasText: 'Suunnitelma A' });
    expect(await a.locator('progress').getAttribute('value')).toBe('45');
    expect(await a.locator('label').textContent()).toBe('Valmiina 45 %');
    expect(await a.textContent()).toContain('Seuraava välitavoite: Penkit paikoillaan (määräaika 30.6.2027)');
    await accessibleAt375(page, 'budgeting-projects-375');

    await page.click(`a[href="/budgeting/projects/${plans.A.id}"]`);
    expect(await page.locator('h1').textContent()).toBe('Suunnitelma A');
    const milestones = page.locator('#milestones > li');
    expect(await milestones.count()).toBe(2);
    expect(await milestones.nth(0).textContent()).toContain('Määräaika 31.3.2027');
    expect(await milestones.nth(0).textContent()).toMatch(/Saavutettu \d{1,2}\.\d{1,2}\.\d{4}/);
    expect(await milestones.nth(0).textContent()).toContain('Lupa saatiin etuajassa.');
    expect(await milestones.nth(1).textContent()).toContain('Ei vielä saavutettu');
    expect(await page.locator('#updates .user-text').allTextContents()).toEqual(['Rakentaminen alkoi.', 'Suunnittelu alkoi.']);
    expect(await page.locator('#project-told a').getAttribute('href')).toBe('/notifications/preferences');
    expect(await page.locator('#project-proposals a').allTextContents()).toEqual(['Ehdotus A']);
    await accessibleAt375(page, 'budgeting-project-375');
    await context.close();

    // In Swedish: the update written in Swedish is shown as it is; the one only in Finnish says it is Finnish.
    const sv = await visitor({ locale: 'sv-FI' });
    await sv.page.goto(`${base}/budgeting/projects/${plans.A.id}`);
    const updates = sv.page.locator('#updates .user-text');
    expect(await updates.allTextContents()).toEqual(['Byggandet började.', 'Suunnittelu alkoi.']);
    expect(await updates.nth(0).getAttribute('lang')).toBeNull();
    expect(await updates.nth(1).getAttribute('lang')).toBe('fi');
    expect(await sv.page.locator('#milestones > li').nth(1).locator('strong').textContent()).toBe('Bänkarna på plats');
    await accessibleAt375(sv.page);
    await sv.context.close();

    // The thread's end: the proposal links to its project.
    const thread = await visitor({ js: false });
    await thread.page.goto(`${base}/budgeting/projects/${randomUUID()}`);
    expect(await thread.page.locator('h1').textContent()).toBe('Hanketta ei löytynyt');
    const proposalId = plans.A.proposalIds[0];
    await thread.page.goto(`${base}/budgeting/proposals/${proposalId}`);
    expect(await thread.page.locator(`#thread a[href="/budgeting/projects/${plans.A.id}"]`).count()).toBe(1);
    await thread.context.close();
  });
});
