import { BudgetingHttp } from '@vaikuta/contracts';
import { FinnishSSN } from 'finnish-ssn';
import type { ServiceProcess } from '@vaikuta/testing';
import { accessibleAt375, budgetingPhases, BudgetingPagesEnv, DevClaims, startBudgetingPagesEnv } from './budgeting-portal';

// The resident's budgeting pages against the real budgeting service (its own process, its own
// database and NATS namespace), with the portal in this process in front of it. Only budgeting
// is started: the other services' clients point at a closed port.
const HOUR = 60 * 60 * 1000;

describe('budgeting pages', () => {
  let env: BudgetingPagesEnv;
  let budgeting: ServiceProcess;
  let base: string;
  let roundId: string;
  const votingYear = new Date().getUTCFullYear();
  /**
   * A synthetic identity code (individual number 9xx) for 31 December of votingYear − 12: the
   * check character is "0123456789ABCDEFHJKLMNPRSTUVWXY"[DDMMYYNNN mod 31]; for 2026,
   * 311214901 mod 31 = 11 → "B", so 311214A901B (finnish-ssn agrees below).
   */
  const ainoHetu = (() => {
    const digits = `3112${String(votingYear - 12).slice(2)}901`;
    return `${digits.slice(0, 6)}A901${'0123456789ABCDEFHJKLMNPRSTUVWXY'[Number(digits) % 31]}`;
  })();
  const plans: Record<string, BudgetingHttp.Plan> = {};

  const token = (claims: DevClaims) => env.token(claims);
  /** Born on the last day of votingYear − 12: twelve only by the end of the voting year, which is what the rule asks. */
  const twelveYearOld = () => token({ sub: 'demo-resident-aino', roles: ['resident'], birthdate: `${votingYear - 12}-12-31`, municipality: '091', authMethods: ['strong'], hetu: ainoHetu });
  const espooResident = () => token({ sub: 'demo-resident-eero', roles: ['resident'], birthdate: '1980-05-05', municipality: '049', authMethods: ['strong'] });

  let api: BudgetingPagesEnv['api'];

  beforeAll(async () => {
    env = await startBudgetingPagesEnv('budgeting-pages');
    ({ budgeting, base, api } = env);

    // A round in its proposals phase, as a coordinator makes it (Helsinki's rule: 12 in the voting year, residents of 091).
    const staff = await token({ sub: 'demo-admin-test', roles: ['admin'] });
    const now = Date.now();
    const round = await api<BudgetingHttp.RoundDetail>('POST', '/budgeting/rounds', staff, {
      title: { fi: 'Testibudjetti', sv: 'Testbudget', en: 'Test budget' },
      votingYear,
      rule: 'greedy',
      ballotRule: { kind: 'knapsack' },
      eligibility: { minimumAge: 12, municipalities: ['091'], authMethods: [] },
      phases: budgetingPhases(now - HOUR / 2, now + 3 * HOUR),
      districts: [
        { code: 'keskinen', name: { fi: 'Keskinen suurpiiri', sv: 'Mellersta stordistriktet', en: 'Central district' }, budget: 600_000, cityWide: false },
        { code: 'pohjoinen', name: { fi: 'Pohjoinen suurpiiri', sv: 'Norra stordistriktet', en: 'Northern district' }, budget: 450_000, cityWide: false },
        { code: 'city', name: { fi: 'Koko kaupunki', sv: 'Hela staden', en: 'City-wide' }, budget: 1_200_000, cityWide: true },
      ],
    });
    roundId = round.id;
  }, 180_000);

  afterAll(() => env?.close());

  const visitor = (bearer?: string, options: { width?: number; locale?: string; js?: boolean } = {}) => env.visitor(bearer, options);

  it('a 12-year-old resident proposes in the proposals phase and reads the thread page', async () => {
    const { context, page } = await visitor(await twelveYearOld());
    await page.goto(`${base}/budgeting`);
    expect(await page.locator('nav.main-nav a[href="/budgeting"]').getAttribute('aria-current')).toBe('page');
    await accessibleAt375(page, 'budgeting-rounds-375');
    await page.click(`a[href="/budgeting/${roundId}"]`);
    expect(await page.locator('#phases li[aria-current=step]').textContent()).toContain('Ehdotukset');
    await accessibleAt375(page);

    await page.click(`#round-actions a[href="/budgeting/${roundId}/proposals"]`);
    // Bad input: the form says which fields, in Finnish, and keeps what was typed.
    await page.fill('#bud-title', 'Pu');
    await page.fill('#bud-roughCost', 'paljon');
    await page.click('#propose-form button[type=submit]');
    expect(await page.locator('.error-summary').textContent()).toContain('Kirjoita otsikko');
    expect(await page.locator('#bud-roughCost-error').textContent()).toContain('kokonaisina euroina');
    expect(await page.inputValue('#bud-title')).toBe('Pu');
    await accessibleAt375(page, 'budgeting-propose-errors-375');

    await page.fill('#bud-title', 'Puistoon uusia penkkejä');
    await page.fill('#bud-description', 'Kallion puistoihin lisää penkkejä, joilla ikäihmiset voivat levätä.');
    await page.selectOption('#bud-districtCode', 'keskinen');
    await page.fill('#bud-roughCost', '20 000');
    await Promise.all([page.waitForURL(/\/budgeting\/proposals\/[0-9a-f-]{36}$/), page.click('#propose-form button[type=submit]')]);
    expect(await page.locator('h1').textContent()).toBe('Puistoon uusia penkkejä');
    expect(await page.locator('#thread').textContent()).toContain('Ei vielä arvioitu');
    await accessibleAt375(page, 'budgeting-thread-375');

    // Browsing: search finds it, a filter on another district does not.
    await page.goto(`${base}/budgeting/${roundId}/proposals?q=penkkej%C3%A4`);
    expect(await page.locator('#proposals h3 a').allTextContents()).toEqual(['Puistoon uusia penkkejä']);
    await page.goto(`${base}/budgeting/${roundId}/proposals?district=pohjoinen`);
    expect(await page.locator('#proposals h3 a').count()).toBe(0);
    await context.close();

    // A resident of Espoo is told why not before writing anything, in their language.
    const espoo = await visitor(await espooResident(), { locale: 'en-GB' });
    await espoo.page.goto(`${base}/budgeting/${roundId}/proposals`);
    expect(await espoo.page.locator('#proposal-refusals').textContent()).toContain('Only people whose municipality of residence is');
    expect(await espoo.page.locator('#propose-form').count()).toBe(0);
    await espoo.context.close();
  });

  it('votes, changes the vote and reads the receipt; over budget is caught before confirming; Espoo is refused', async () => {
    // Coordinators combine proposals into plans with costs and put them on the ballot, then voting opens.
    const staff = await token({ sub: 'demo-admin-test', roles: ['admin'] });
    const resident = await twelveYearOld();
    const specs: [string, string, number][] = [
      ['A', 'keskinen', 300_000],
      ['B', 'keskinen', 250_000],
      ['C', 'keskinen', 100_000],
      ['D', 'city', 800_000],
      ['E', 'city', 500_000],
    ];
    for (const [name, districtCode, cost] of specs) {
      const proposal = await api<BudgetingHttp.Proposal>('POST', `/budgeting/rounds/${roundId}/proposals`, resident, {
        title: `Ehdotus ${name}`,
        description: `Ehdotuksen ${name} kuvaus, tarpeeksi pitkä.`,
        language: 'fi',
        districtCode,
      });
      const plan = await api<BudgetingHttp.Plan>('POST', `/budgeting/rounds/${roundId}/plans`, staff, {
        title: { fi: `Suunnitelma ${name}` },
        description: { fi: `Suunnitelman ${name} kuvaus` },
        districtCode,
        proposalIds: [proposal.id],
        cost,
      });
      plans[name] = await api<BudgetingHttp.Plan>('PATCH', `/budgeting/plans/${plan.id}`, staff, { version: plan.version, status: 'on_ballot' });
    }
    const before = await api<BudgetingHttp.RoundDetail>('GET', `/budgeting/rounds/${roundId}`, staff);
    const now = Date.now();
    await api('POST', `/budgeting/rounds/${roundId}/phases`, staff, { version: before.version, phases: budgetingPhases(now - 4 * HOUR, now - HOUR / 2), reason: 'Äänestys avataan testissä' });

    const { context, page } = await visitor(resident);
    await page.goto(`${base}/budgeting/${roundId}`);
    expect(await page.locator('#phases li[aria-current=step]').textContent()).toContain('Äänestys');
    await page.click('#vote-link');
    await page.selectOption('#vote-district', 'keskinen');
    await page.click('#district-form button[type=submit]');
    await accessibleAt375(page, 'budgeting-vote-375');

    // Over the district's budget (300 000 + 250 000 + 100 000 = 650 000 > 600 000): no confirm step.
    for (const name of ['A', 'B', 'C', 'D']) await page.check(`#plan-${plans[name].id}`);
    await page.click('#check-vote');
    expect(await page.locator('#totals').textContent()).toContain('ylittää budjetin');
    expect(await page.locator('#confirm-vote').count()).toBe(0);
    await accessibleAt375(page);

    // A + C = 400 000 of 600 000 and D = 800 000 of 1 200 000: confirmable.
    await page.uncheck(`#plan-${plans.B.id}`);
    await page.click('#check-vote');
    const totals = (await page.locator('#totals').textContent())!.replace(/\s/g, '');
    expect(totals).toContain('valittu400000€/budjetti600000€');
    expect(totals).toContain('valittu800000€/budjetti1200000€');
    expect(await page.locator('#confirm-vote').textContent()).toBe('Vahvista ääni');
    await accessibleAt375(page, 'budgeting-check-375');
    await Promise.all([page.waitForURL(/\/vote\/receipt$/), page.click('#confirm-vote')]);
    expect(await page.locator('#receipt-district li').allTextContents()).toEqual([expect.stringContaining('Suunnitelma A'), expect.stringContaining('Suunnitelma C')]);
    expect(await page.locator('#receipt-city li').allTextContents()).toEqual([expect.stringContaining('Suunnitelma D')]);
    await accessibleAt375(page, 'budgeting-receipt-375');
    await context.close();

    // Changing the vote without JavaScript: the current ballot comes ticked.
    const nojs = await visitor(resident, { js: false });
    await nojs.page.goto(`${base}/budgeting/${roundId}/vote`);
    expect(await nojs.page.locator('#vote-current').count()).toBe(1);
    expect(await nojs.page.isChecked(`#plan-${plans.A.id}`)).toBe(true);
    expect(await nojs.page.isChecked(`#plan-${plans.C.id}`)).toBe(true);
    expect(await nojs.page.isChecked(`#plan-${plans.B.id}`)).toBe(false);
    await nojs.page.uncheck(`#plan-${plans.C.id}`);
    await nojs.page.check(`#plan-${plans.B.id}`);
    await nojs.page.uncheck(`#plan-${plans.D.id}`);
    await nojs.page.check(`#plan-${plans.E.id}`);
    await nojs.page.click('#check-vote');
    const confirmForm = await nojs.page.$$eval('#confirm-form input', (inputs) => inputs.map((i) => [(i as HTMLInputElement).name, (i as HTMLInputElement).value]));
    await Promise.all([nojs.page.waitForURL(/\/vote\/receipt$/), nojs.page.click('#confirm-vote')]);
    expect(await nojs.page.locator('#receipt-district li').allTextContents()).toEqual([expect.stringContaining('Suunnitelma A'), expect.stringContaining('Suunnitelma B')]);
    // The same confirm form sent again (a double click, a reload) carries the same Idempotency-Key: no second ballot.
    const replay = await nojs.context.request.post(`${base}/budgeting/${roundId}/vote/confirm`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      data: new URLSearchParams(confirmForm as [string, string][]).toString(),
      maxRedirects: 0,
    });
    expect(replay.status()).toBe(303);
    await nojs.context.close();

    // The service counts the changed ballot, and its log holds both.
    const counted = await api<BudgetingHttp.BallotReceipt>('GET', `/budgeting/rounds/${roundId}/ballot`, resident);
    expect({ district: [...counted.district].sort(), cityWide: counted.cityWide, total: counted.total }).toEqual({
      district: [plans.A.id, plans.B.id].sort(),
      cityWide: [plans.E.id],
      total: { district: 550_000, cityWide: 500_000 },
    });
    const [{ entries }] = await budgeting.dataSource.query(`SELECT count(*)::int AS entries FROM ballot_log WHERE round_id = $1`, [roundId]);
    expect(entries).toBe(2);

    // A resident of Espoo sees the reason, in Finnish and in English.
    for (const [locale, text] of [
      ['fi-FI', 'Tässä äänestyksessä voivat äänestää vain ne, joiden kotikunta on'],
      ['en-GB', 'Only people whose municipality of residence is'],
    ]) {
      const espoo = await visitor(await espooResident(), { locale });
      const res = await espoo.page.goto(`${base}/budgeting/${roundId}/vote`);
      expect(res?.status()).toBe(403);
      expect(await espoo.page.locator('#vote-refusals').textContent()).toContain(text);
      expect(await espoo.page.locator('#ballot-form').count()).toBe(0);
      await accessibleAt375(espoo.page, `budgeting-refused-${locale}-375`);
      await espoo.context.close();
    }
  });

  it('reads the plans page and the round in Swedish and English, keyboard first', async () => {
    const { context, page } = await visitor(undefined, { locale: 'sv-FI' });
    await page.goto(`${base}/budgeting/${roundId}/plans`);
    expect(await page.locator('h1').textContent()).toBe('Planer att rösta om');
    expect(await page.locator('main').textContent()).toContain('Suunnitelma A');
    await accessibleAt375(page, 'budgeting-plans-sv-375');
    await context.close();
    const en = await visitor(undefined, { locale: 'en-GB' });
    await en.page.goto(`${base}/budgeting/${roundId}`);
    expect(await en.page.locator('#phases li[aria-current=step]').textContent()).toContain('Voting');
    // Signed out, "Vote" leads to sign-in and back.
    await en.page.focus('#vote-link');
    await Promise.all([en.page.waitForURL(/\/login\?next=/), en.page.keyboard.press('Enter')]);
    expect(new URL(en.page.url()).searchParams.get('next')).toBe(`/budgeting/${roundId}/vote`);
    await en.context.close();
  });

  it('a coordinator screens a proposal, enters a paper ballot of the online voter, and the reconciliation catches them', async () => {
    expect(FinnishSSN.validate(ainoHetu)).toBe(true);
    const admin = await token({ sub: 'demo-admin-coordinator', roles: ['admin'], name: 'Koordinaattori' });
    const { context, page } = await visitor(admin);
    await page.goto(`${base}/budgeting`);
    await page.click('#staff-link');
    await page.click(`a[href="/staff/budgeting/${roundId}"]`);
    await accessibleAt375(page, 'budgeting-staff-375');

    // Screening needs a public reason: without one the form says so and nothing is saved.
    const proposalId = (await page.locator('#waiting h3 a', { hasText: 'Puistoon uusia penkkejä' }).getAttribute('href'))!.split('/').pop()!;
    const screenForm = page.locator(`form[action="/staff/budgeting/proposals/${proposalId}/screening"]`);
    await screenForm.locator('input[value=feasible]').check();
    await screenForm.locator('button[type=submit]').click();
    expect(await screenForm.locator('[role=alert]').textContent()).toContain('julkinen perustelu');
    expect(await screenForm.locator('input[value=feasible]').isChecked()).toBe(true);
    await screenForm.locator('textarea').fill('Penkit mahtuvat puistoon ja sopivat budjettiin.');
    await screenForm.locator('button[type=submit]').click();
    expect(await page.locator('.notice-success').textContent()).toContain('Arviointi tallennettiin');
    const thread = await api<BudgetingHttp.ProposalThread>('GET', `/budgeting/proposals/${proposalId}`, admin);
    expect(thread.screening).toEqual({ outcome: 'feasible', reason: 'Penkit mahtuvat puistoon ja sopivat budjettiin.' });

    // A malformed identity code is refused on its field, and never shown back.
    await page.fill('#desk-sheetId', 'S-001');
    await page.fill('#desk-identityCode', '311214A901X');
    await page.selectOption('#desk-districtCode', 'keskinen');
    await page.check(`#desk-plan-${plans.A.id}`);
    await page.click('#desk-form button[type=submit]');
    expect(await page.locator('#desk-identityCode-error').textContent()).toContain('Henkilötunnus ei ole kelvollinen');
    expect(await page.inputValue('#desk-identityCode')).toBe('');
    expect(await page.isChecked(`#desk-plan-${plans.A.id}`)).toBe(true);

    // The paper sheet of the person who voted online: under paper_first the sheet counts, and the report shows both.
    await page.fill('#desk-identityCode', ainoHetu);
    await page.check(`#desk-plan-${plans.D.id}`);
    await page.click('#desk-form button[type=submit]');
    expect(await page.locator('.notice-success').textContent()).toContain('Paperilipuke kirjattiin, ja se lasketaan');
    const rows = page.locator('#reconciliation > li');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Paperilipuke');
    expect(await rows.first().textContent()).toContain('Verkossa');
    expect(await page.content()).not.toContain(ainoHetu);
    await accessibleAt375(page, 'budgeting-staff-reconciliation-375');

    // The same sheet entered twice is refused on the sheet number.
    await page.fill('#desk-sheetId', 'S-001');
    await page.fill('#desk-identityCode', ainoHetu);
    await page.check(`#desk-plan-${plans.A.id}`);
    await page.click('#desk-form button[type=submit]');
    expect(await page.locator('#desk-sheetId-error').textContent()).toContain('lipuke on jo kirjattu');
    await context.close();

    // A resident has no business on the coordinators' pages.
    const resident = await visitor(await twelveYearOld());
    const res = await resident.page.goto(`${base}/staff/budgeting/${roundId}`);
    expect(res?.status()).toBe(403);
    await resident.context.close();

    // Her paper sheet counts under paper_first: before she votes online again, the page says an
    // online vote will not replace it (it offered to change the vote, and the receipt took it back).
    for (const [locale, says] of [
      ['fi-FI', 'verkossa annettu ääni ei korvaa sitä'],
      ['sv-FI', 'en röst som ges på nätet ersätter den inte'],
      ['en-GB', 'a vote given online will not replace it'],
    ]) {
      const aino = await visitor(await twelveYearOld(), { js: false, locale });
      await aino.page.goto(`${base}/budgeting/${roundId}/vote`);
      const notice = (await aino.page.locator('#vote-current').textContent()) ?? '';
      expect([locale, notice]).toEqual([locale, expect.stringContaining(says)]);
      expect(notice).not.toMatch(/voit muuttaa|du kan ändra|you can change/);
      await aino.context.close();
    }
    const scripted = await visitor(await twelveYearOld());
    await scripted.page.goto(`${base}/budgeting/${roundId}/vote`);
    await accessibleAt375(scripted.page);
    await scripted.context.close();

    // She votes online all the same: the receipt shows the sheet that still counts, says why, and
    // offers no "change my vote" (it did, while voting was open, for a change that could not count).
    const online = await visitor(await twelveYearOld(), { js: false });
    await online.page.goto(`${base}/budgeting/${roundId}/vote`);
    await online.page.click('#check-vote');
    await Promise.all([online.page.waitForURL(/\/vote\/receipt$/), online.page.click('#confirm-vote')]);
    await online.context.close();
    const counting = await api<BudgetingHttp.BallotReceipt>('GET', `/budgeting/rounds/${roundId}/ballot`, await twelveYearOld());
    expect(counting.channel).toBe('paper');
    for (const [locale, says] of [
      ['fi-FI', 'et voi muuttaa sitä verkossa'],
      ['sv-FI', 'du kan inte ändra den på nätet'],
      ['en-GB', 'it cannot be changed online'],
    ]) {
      const aino = await visitor(await twelveYearOld(), { js: false, locale });
      await aino.page.goto(`${base}/budgeting/${roundId}/vote/receipt`);
      expect([locale, await aino.page.locator('#change-vote').count()]).toEqual([locale, 0]);
      expect([locale, await aino.page.locator('#receipt-in-person').textContent()]).toEqual([locale, expect.stringContaining(says)]);
      await aino.context.close();
    }
    const receipt = await visitor(await twelveYearOld());
    await receipt.page.goto(`${base}/budgeting/${roundId}/vote/receipt`);
    await accessibleAt375(receipt.page);
    await receipt.context.close();
  });
});
