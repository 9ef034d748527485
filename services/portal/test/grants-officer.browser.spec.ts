import { randomUUID } from 'node:crypto';
import { FinnishBusinessIds } from 'finnish-business-ids';
import type { Page } from 'playwright-core';
import { GrantsHttp } from '@vaikuta/contracts';
import { helsinkiLocal } from '../src/budgeting/budgeting-coordination.controller';
import { GrantsOfficerPagesEnv, startGrantsOfficerPagesEnv } from './grants-officer-portal';

// The grants officers' pages (services/portal/src/grants/grants-officer*) against the real
// grants service in its own process, every form posted by a browser without JavaScript at
// phone width. Applicants act through the service's API, as their pages are tested elsewhere.

const DAY = 24 * 60 * 60 * 1000;
const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'));

describe('grants officers’ pages', () => {
  let env: GrantsOfficerPagesEnv;
  let officer: string;

  beforeAll(async () => {
    env = await startGrantsOfficerPagesEnv('grants-officer-pages');
    officer = await env.token({ sub: 'demo-grants-officer-olli', roles: ['grants_officer'], name: 'Olli' });
  }, 180_000);

  afterAll(async () => {
    await env?.close();
  });

  /** Submits the form and answers the status of the page it lands on (after any redirect). */
  async function submit(page: Page, button: string): Promise<number | undefined> {
    const [answer] = await Promise.all([page.waitForNavigation(), page.click(button)]);
    return answer?.status();
  }

  /** The application's budget as a PDF, uploaded as multipart the way the applicant's page sends it. */
  async function attachBudget(applicationId: string, applicant: string) {
    const form = new FormData();
    form.set('purpose', 'budget');
    form.set('file', new Blob([PDF], { type: 'application/pdf' }), 'talousarvio.pdf');
    await env.api('POST', `/grants/applications/${applicationId}/attachments`, applicant, form);
  }

  /** An association registered by a representative with a mandate for its business ID, an application of it in `roundId` with a PDF attached, submitted. */
  async function submittedApplication(roundId: string, requestedCents: number) {
    const businessId = FinnishBusinessIds.generateBusinessId();
    const applicant = await env.token({ sub: `rep-${randomUUID().slice(0, 8)}`, roles: ['resident'], actingFor: [businessId] });
    const association = await env.api<{ id: string }>('POST', '/grants/associations', applicant, { name: 'Kallion Kuoroyhdistys ry', businessId, role: 'chair' });
    const draft = await env.api<GrantsHttp.ApplicationDetail>('POST', `/grants/rounds/${roundId}/applications`, applicant, {
      associationId: association.id,
      title: 'Kevätkonsertti Kallion kirkossa',
      requestedCents,
      answers: { participants: 40 },
    });
    await attachBudget(draft.id, applicant);
    const submitted = await env.api<GrantsHttp.ApplicationDetail>('POST', `/grants/applications/${draft.id}/submit`, applicant, { version: draft.version });
    return { application: submitted, applicant };
  }

  it('announces a round through the form (a wrong weight sum refused at the criteria) and takes an application from submitted to paid', async () => {
    const { context, page } = await env.visitor(officer);
    await page.goto(`${env.base}/staff/grants`);
    await env.accessible(page, 'grants-officer-rounds');
    await page.click('text=Uusi avustushaku');
    expect(page.url()).toBe(`${env.base}/staff/grants/rounds/new`);
    await env.accessible(page, 'grants-officer-round-new');

    const title = `Kulttuuriprojektit ${randomUUID().slice(0, 6)}`;
    await page.selectOption('#type', 'project');
    await page.fill('#title-fi', title);
    await page.fill('#title-sv', 'Kulturprojekt');
    await page.fill('#department', 'kuva');
    await page.fill('#budget', '10 000');
    await page.fill('#opensAt', helsinkiLocal(new Date(Date.now() - DAY).toISOString()));
    await page.fill('#closesAt', helsinkiLocal(new Date(Date.now() + 30 * DAY).toISOString()));
    await page.fill('#criteria-0-key', 'impact');
    await page.fill('#criteria-0-label-fi', 'Vaikuttavuus');
    await page.fill('#criteria-0-weight', '60');
    // "Add another" posts the form back with one more row, keeping what was typed.
    expect(await submit(page, 'button[name=add][value=criteria]')).toBe(200);
    expect(await page.inputValue('#title-fi')).toBe(title);
    await page.fill('#criteria-1-key', 'reach');
    await page.fill('#criteria-1-label-fi', 'Tavoittavuus');
    await page.fill('#criteria-1-weight', '30');
    await page.fill('#requiredAttachments-0-key', 'budget');
    await page.fill('#requiredAttachments-0-label-fi', 'Talousarvio');
    await page.fill('#formFields-0-key', 'participants');
    await page.fill('#formFields-0-label-fi', 'Osallistujia');
    await page.selectOption('#formFields-0-kind', 'number');
    await page.check('#formFields-0-required');

    // 60 + 30: refused next to the criteria, in the summary, nothing announced.
    expect(await submit(page, '#round-save')).toBe(400);
    await expect(page.locator('#criteria').textContent()).resolves.toContain('summan on oltava 100');
    await expect(page.locator('.error-summary a[href="#criteria"]').count()).resolves.toBe(1);
    await env.accessible(page, 'grants-officer-round-error');
    expect((await env.api<GrantsHttp.GrantRoundList>('GET', '/grants/rounds', officer)).items.some((r) => r.title.fi === title)).toBe(false);

    await page.fill('#criteria-1-weight', '40');
    await submit(page, '#round-save');
    expect(page.url()).toBe(`${env.base}/staff/grants?done=created`);
    await expect(page.locator('.notice-success').textContent()).resolves.toContain('julkaistiin');
    const summary = (await env.api<GrantsHttp.GrantRoundList>('GET', '/grants/rounds', officer)).items.find((r) => r.title.fi === title)!;
    const round = await env.api<GrantsHttp.GrantRoundDetail>('GET', `/grants/rounds/${summary.id}`, officer);
    expect(round).toMatchObject({
      type: 'project',
      department: 'KUVA',
      budgetCents: 1_000_000,
      title: { fi: title, sv: 'Kulturprojekt' },
      openNow: true,
      criteria: [
        { key: 'impact', weight: 60 },
        { key: 'reach', weight: 40 },
      ],
      requiredAttachments: [{ key: 'budget', label: { fi: 'Talousarvio' } }],
      formFields: [{ key: 'participants', kind: 'number', required: true }],
    });

    // An application sent through the API appears in the round's queue.
    const { application, applicant } = await submittedApplication(round.id, 120_000);
    await page.click(`#round-${round.id} h2 a`);
    expect(page.url()).toBe(`${env.base}/staff/grants/rounds/${round.id}`);
    await page.selectOption('#q-state', 'submitted');
    await submit(page, '#queue-filters button');
    expect(page.url()).toContain(`/staff/grants/rounds/${round.id}?state=submitted`);
    await expect(page.locator('#queue li').count()).resolves.toBe(1);
    await env.accessible(page, 'grants-officer-queue');
    await page.click(`#application-${application.id} a`);
    expect(page.url()).toBe(`${env.base}/staff/grants/applications/${application.id}`);
    await expect(page.locator('#answers').textContent()).resolves.toContain('Osallistujia');
    await env.accessible(page, 'grants-officer-application-submitted');

    // The attachment downloads through the portal, with the officer's session.
    const download = await context.request.get(`${env.base}${await page.getAttribute('#attachments a', 'href')}`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toContain('application/pdf');
    expect(download.headers()['content-disposition']).toContain('attachment');
    expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');

    await submit(page, '#step-receive');
    await expect(page.locator('#app-state').textContent()).resolves.toBe('Vastaanotettu');
    // A second tab reads the application now, before the first one moves it on.
    const stale = await context.newPage();
    await stale.goto(page.url());
    await submit(page, '#step-review');
    await expect(page.locator('#app-state').textContent()).resolves.toBe('Käsittelyssä');
    expect(await submit(stale, '#step-review')).toBe(409);
    await expect(stale.locator('#step-refusal').textContent()).resolves.toContain('Joku muutti tätä sillä välin');
    await env.accessible(stale, 'grants-officer-stale');

    // Scores: 4/5 for a 60 % criterion and 3/5 for a 40 % one make 72 of 100.
    await page.selectOption('#score-impact', '4');
    await page.fill('#note-impact', 'Tavoittaa uusia kuulijoita.');
    await page.selectOption('#score-reach', '3');
    await submit(page, '#scores-form button');
    await expect(page.locator('#total-score').textContent()).resolves.toBe('72 / 100');

    // A question to the applicant; the thread shows it and the answer.
    await page.fill('#message', 'Mikä on konsertin pääsymaksu?');
    await submit(page, '#information-form button');
    await expect(page.locator('#app-state').textContent()).resolves.toBe('Odottaa lisätietoja');
    const waiting = await env.api<GrantsHttp.ApplicationDetail>('GET', `/grants/applications/${application.id}`, officer);
    await env.api('POST', `/grants/applications/${application.id}/answers`, applicant, { version: waiting.version, message: 'Konsertti on maksuton.' });
    await page.reload();
    await expect(page.locator('#thread').textContent()).resolves.toContain('Konsertti on maksuton.');
    await expect(page.locator('#app-state').textContent()).resolves.toBe('Käsittelyssä');

    // More than applied for: the service's refusal lands on the amount, what was typed stays.
    await page.check('#outcome');
    await page.fill('#granted', '1 500');
    await page.fill('#ahjoDecisionId', 'HEL 2026-001234');
    expect(await submit(page, '#decision-form button')).toBe(400);
    await expect(page.locator('#granted-error').textContent()).resolves.toContain('enintään haettu');
    expect(await page.inputValue('#ahjoDecisionId')).toBe('HEL 2026-001234');
    // A refusal by field has no empty notice above the form.
    await expect(page.locator('#decision-refusal').count()).resolves.toBe(0);
    await env.accessible(page, 'grants-officer-decision-error');
    // The round sets no date for the report: the decision must.
    await expect(page.locator('#reportDue-error').isVisible()).resolves.toBe(false);
    await page.fill('#granted', '800');
    expect(await submit(page, '#decision-form button')).toBe(400);
    await expect(page.locator('#reportDue-error').textContent()).resolves.toContain('määräpäivä');
    await page.fill('#reportDue', new Date(Date.now() + 180 * DAY).toISOString().slice(0, 10));
    await submit(page, '#decision-form button');
    await expect(page.locator('#decision-made').textContent()).resolves.toContain('HEL 2026-001234');

    await submit(page, '#step-payment');
    await expect(page.locator('#app-state').textContent()).resolves.toBe('Maksettu');
    await env.accessible(page, 'grants-officer-application-paid');
    const paid = await env.api<GrantsHttp.ApplicationDetail>('GET', `/grants/applications/${application.id}`, officer);
    expect(paid).toMatchObject({ state: 'paid', grantedCents: 80_000, totalScore: 72, decision: { outcome: 'granted', ahjoDecisionId: 'HEL 2026-001234' } });
    expect(paid.paidAt).not.toBeNull();

    // The round's decision list: 800 € of 10 000 €.
    await page.goto(`${env.base}/staff/grants/rounds/${round.id}/decisions`);
    await expect(page.locator('#decision-totals').textContent()).resolves.toMatch(/800,00\s€[\s\S]*9\s200,00\s€/);
    await expect(page.locator('#decisions').textContent()).resolves.toContain('Kallion Kuoroyhdistys ry');
    await env.accessible(page, 'grants-officer-decisions');

    // The year's statistics and their CSV through the portal.
    await page.goto(`${env.base}/staff/grants/statistics`);
    await expect(page.locator('#stats-rounds').textContent()).resolves.toContain(title);
    await env.accessible(page, 'grants-officer-statistics');
    const csv = await context.request.get(`${env.base}${await page.getAttribute('#stats-csv', 'href')}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain(round.id);
    await context.close();
  });

  /** A project round open for a month from yesterday, budget 5 000 €, reports due in half a year, its budget as a required attachment. */
  async function apiRound(title: string): Promise<GrantsHttp.GrantRoundDetail> {
    return env.api<GrantsHttp.GrantRoundDetail>('POST', '/grants/rounds', officer, {
      type: 'project',
      title: { fi: title },
      department: 'KUVA',
      budgetCents: 500_000,
      opensAt: new Date(Date.now() - DAY).toISOString(),
      closesAt: new Date(Date.now() + 30 * DAY).toISOString(),
      reportDue: new Date(Date.now() + 180 * DAY).toISOString().slice(0, 10),
      criteria: [{ key: 'impact', label: { fi: 'Vaikuttavuus' }, weight: 100 }],
      requiredAttachments: [{ key: 'budget', label: { fi: 'Talousarvio' } }],
      formFields: [{ key: 'participants', label: { fi: 'Osallistujia' }, kind: 'number', required: true }],
    });
  }

  /** The officer's steps through the API, each with the version the last one left. */
  async function stepsByApi(application: GrantsHttp.ApplicationDetail, steps: [string, object?][]): Promise<GrantsHttp.ApplicationDetail> {
    let current = application;
    for (const [step, body] of steps) current = await env.api<GrantsHttp.ApplicationDetail>('POST', `/grants/applications/${current.id}/${step}`, officer, { version: current.version, ...body });
    return current;
  }

  it('amends a round with the version it read (a stale tab is told to reload); rejects with reasons and closes; reads a paid grant’s report and closes it', async () => {
    const round = await apiRound(`Pienprojektit ${randomUUID().slice(0, 6)}`);
    const { context, page } = await env.visitor(officer);
    await page.goto(`${env.base}/staff/grants/rounds/${round.id}/edit`);
    await env.accessible(page, 'grants-officer-round-edit');
    expect(await page.inputValue('#budget')).toBe('5000');
    const stale = await context.newPage();
    await stale.goto(page.url());
    await page.fill('#budget', '20 000');
    await submit(page, '#round-save');
    expect(page.url()).toBe(`${env.base}/staff/grants?done=updated`);
    expect((await env.api<GrantsHttp.GrantRoundDetail>('GET', `/grants/rounds/${round.id}`, officer)).budgetCents).toBe(2_000_000);
    await stale.fill('#title-fi', 'Vanhentunut nimi');
    expect(await submit(stale, '#round-save')).toBe(409);
    await expect(stale.locator('#round-refusal').textContent()).resolves.toContain('Joku muutti tätä sillä välin');
    expect(await stale.inputValue('#title-fi')).toBe('Vanhentunut nimi');
    expect((await env.api<GrantsHttp.GrantRoundDetail>('GET', `/grants/rounds/${round.id}`, officer)).title.fi).toBe(round.title.fi);

    // A rejection needs its reasons; once decided it is closed straight away.
    const rejected = await stepsByApi((await submittedApplication(round.id, 50_000)).application, [['receive'], ['review']]);
    await page.goto(`${env.base}/staff/grants/applications/${rejected.id}`);
    await page.check('#outcome-rejected');
    await page.fill('#granted', '');
    expect(await submit(page, '#decision-form button')).toBe(400);
    await expect(page.locator('#reasons-error').textContent()).resolves.toContain('perustelut');
    await page.fill('#reasons', 'Hanke ei kohdistu haun painopisteisiin.');
    await submit(page, '#decision-form button');
    await expect(page.locator('#decision-made').textContent()).resolves.toContain('Hylätään');
    await expect(page.locator('#step-payment').count()).resolves.toBe(0);
    await submit(page, '#step-close');
    await expect(page.locator('#app-state').textContent()).resolves.toBe('Suljettu');

    // A paid grant: the applicant's report shows on the work page, and the officer closes it.
    const { application, applicant } = await submittedApplication(round.id, 90_000);
    const paid = await stepsByApi(application, [['receive'], ['review'], ['decision', { outcome: 'granted', grantedCents: 90_000 }], ['payment']]);
    await page.goto(`${env.base}/staff/grants/applications/${paid.id}`);
    await expect(page.locator('#report').locator('xpath=following-sibling::p[1]').textContent()).resolves.toContain('Odotetaan');
    await env.api('POST', `/grants/applications/${paid.id}/report`, applicant, { version: paid.version, text: 'Konsertissa kävi 140 kuulijaa; kulut 8 950 €.' });
    await page.reload();
    await expect(page.locator('#app-state').textContent()).resolves.toBe('Käyttöselvitys saatu');
    await expect(page.locator('#report-text').textContent()).resolves.toContain('140 kuulijaa');
    await env.accessible(page, 'grants-officer-report-received');
    await submit(page, '#step-close');
    await expect(page.locator('#app-state').textContent()).resolves.toBe('Suljettu');
    expect((await env.api<GrantsHttp.ApplicationDetail>('GET', `/grants/applications/${paid.id}`, officer)).state).toBe('closed');
    await context.close();
  });

  it('pages the queue twenty at a time, filters stay on the next page, and an unknown application is a 404 page', async () => {
    const round = await apiRound(`Sivutus ${randomUUID().slice(0, 6)}`);
    const first = await submittedApplication(round.id, 10_000);
    const associationId = first.application.associationId;
    for (let i = 0; i < 20; i++) {
      const draft = await env.api<GrantsHttp.ApplicationDetail>('POST', `/grants/rounds/${round.id}/applications`, first.applicant, { associationId, title: `Hakemus ${i + 2}`, requestedCents: 10_000, answers: { participants: 5 } });
      await attachBudget(draft.id, first.applicant);
      await env.api('POST', `/grants/applications/${draft.id}/submit`, first.applicant, { version: draft.version });
    }
    const { context, page } = await env.visitor(officer);
    await page.goto(`${env.base}/staff/grants/rounds/${round.id}?state=submitted`);
    await expect(page.locator('#queue li').count()).resolves.toBe(20);
    await submit(page, '.pager a[rel=next]');
    expect(page.url()).toContain('state=submitted');
    await expect(page.locator('#queue li').count()).resolves.toBe(1);
    await expect(page.locator('.pager a[rel=next]').count()).resolves.toBe(0);
    await env.accessible(page, 'grants-officer-queue-page-2');
    await submit(page, '.pager a:not([rel])');
    await expect(page.locator('#queue li').count()).resolves.toBe(20);

    // A filter value outside the list is told beside its field, not a 500.
    expect((await page.goto(`${env.base}/staff/grants/applications?state=lost`))?.status()).toBe(400);
    await expect(page.locator('#q-state-error').isVisible()).resolves.toBe(true);
    expect((await page.goto(`${env.base}/staff/grants/applications/${randomUUID()}`))?.status()).toBe(404);
    await context.close();
  });

  it('works from the keyboard: Enter in the round form saves (not "add another"), and Tab reaches an application’s step', async () => {
    const { context, page } = await env.visitor(officer);
    await page.goto(`${env.base}/staff/grants/rounds/new`);
    await page.focus('#title-fi');
    await page.keyboard.type('Näppäimistöhaku');
    const [answer] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(answer?.status()).toBe(400);
    await expect(page.locator('.error-summary').isVisible()).resolves.toBe(true);
    await expect(page.locator('#criteria-1-key').count()).resolves.toBe(0);
    expect(await page.inputValue('#title-fi')).toBe('Näppäimistöhaku');

    const round = await apiRound(`Näppäimistö ${randomUUID().slice(0, 6)}`);
    const { application } = await submittedApplication(round.id, 20_000);
    await page.goto(`${env.base}/staff/grants/applications/${application.id}`);
    for (let i = 0; i < 60 && (await page.evaluate(() => document.activeElement?.id)) !== 'step-receive'; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('step-receive');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await expect(page.locator('#app-state').textContent()).resolves.toBe('Vastaanotettu');
    await context.close();
  });

  it('refuses residents and sends someone signed out to sign in; every page speaks Swedish and English', async () => {
    const resident = await env.token({ sub: 'demo-resident-rauha', roles: ['resident'] });
    const { context, page } = await env.visitor(resident);
    for (const path of ['/staff/grants', '/staff/grants/rounds/new', '/staff/grants/applications', '/staff/grants/statistics']) {
      expect((await page.goto(`${env.base}${path}`))?.status()).toBe(403);
    }
    await context.close();
    const anonymous = await env.visitor();
    await anonymous.page.goto(`${env.base}/staff/grants`);
    expect(anonymous.page.url()).toContain('/login');
    await anonymous.context.close();

    for (const locale of ['sv-FI', 'en-GB']) {
      const { context: c, page: p } = await env.visitor(officer, locale);
      for (const path of ['/staff/grants', '/staff/grants/rounds/new', '/staff/grants/applications', '/staff/grants/statistics']) {
        await p.goto(`${env.base}${path}`);
        expect(await p.locator('main').textContent()).not.toMatch(/gro\.[a-z]/);
      }
      await env.accessible(p, `grants-officer-statistics-${locale}`);
      await c.close();
    }
  });
});
