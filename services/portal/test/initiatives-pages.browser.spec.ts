import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { issueDevToken } from '@vaikuta/auth';
import { SESSION_COOKIE } from '../src/account/session';
import { InitiativesStandIn } from './initiatives-stand-in';
import { axeViolations, launchBrowser, startPortalInFront } from './portal-test-env';

// The initiatives pages against a stand-in of the initiatives service that serves its HTTP
// contract (libs/contracts/src/http/initiatives.ts) from memory: the service is not in
// deploy/services.json yet. Feedback and notifications are not started: these pages need
// neither (the department list falls back to a typed code). Forms are used without JavaScript.
const SHOTS = process.env.PORTAL_SHOTS_DIR ?? '/tmp/shots';

describe('initiatives pages', () => {
  let standIn: InitiativesStandIn;
  let portal: NestFastifyApplication;
  let browser: Browser;
  let base: string;
  let keysDir: string;
  const year = new Date().getFullYear();

  beforeAll(async () => {
    keysDir = await mkdtemp(path.join(os.tmpdir(), 'vaikuta-keys-'));
    process.env.AUTH_DEV_KEYS_DIR = keysDir;
    process.env.AUTH_DEV_ISSUER = 'true';
    fs.mkdirSync(SHOTS, { recursive: true });
    standIn = await InitiativesStandIn.start();
    ({ portal, base } = await startPortalInFront({ initiatives: standIn.url }));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await standIn?.close();
    await rm(keysDir, { recursive: true, force: true });
  });

  /**
   * A browser signed in as `role` (a dev token in the session cookie, as /login sets it).
   * `js: false` turns scripts off; axe and page.evaluate need them on.
   */
  async function visitor(role?: 'resident' | 'preparer' | 'admin', options: { width?: number; lang?: string; js?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ javaScriptEnabled: options.js ?? true, viewport: { width: options.width ?? 1200, height: 900 }, locale: options.lang ?? 'fi-FI' });
    if (role) {
      const token = await issueDevToken({ sub: `demo-${role}-test`, roles: [role], departments: role === 'preparer' ? ['KYMP'] : [], name: `Testi ${role}` }, { keysDir });
      await context.addCookies([{ name: SESSION_COOKIE, value: token, url: base }]);
    }
    return { context, page: await context.newPage() };
  }

  it('residents browse, filter, search and page through initiatives, in their language', async () => {
    for (let n = 1; n <= 23; n++) standIn.add({ title: { fi: `Puistoaloite ${n}` }, status: 'filed', filedAt: new Date(Date.UTC(year, 0, n)).toISOString() });
    const swedish = standIn.add({ title: { sv: 'Fler cykelställ vid stationen' }, language: 'sv', type: 'council_member', status: 'registered', caseId: 'HEL-2026-000042' });
    const imported = standIn.add({
      title: { fi: 'Uimahalli Itäkeskukseen' },
      status: 'collecting',
      filedAt: null,
      supportCount: 12_345,
      source: { system: 'kuntalaisaloite', externalId: '8123', url: 'https://www.kuntalaisaloite.fi/fi/aloite/8123' },
    });

    const { context, page } = await visitor(undefined, { width: 375 });
    const res = await page.goto(`${base}/initiatives`);
    expect(res?.status()).toBe(200);
    expect(await page.locator('nav.main-nav a[href="/initiatives"]').getAttribute('aria-current')).toBe('page');
    expect(await page.locator('#initiatives > li').count()).toBe(20);
    // A title only in Swedish says so to screen readers on a Finnish page.
    expect(await page.locator(`a[href="/initiatives/${swedish.id}"]`).getAttribute('lang')).toBe('sv');
    // Usable at 375 px: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/initiatives-list-375.png`, fullPage: true });

    // Keyset paging: the next page goes on after the last of the first, with no repeats.
    const first = await page.locator('#initiatives h3 a').allTextContents();
    await page.click('a[rel=next]');
    const second = await page.locator('#initiatives h3 a').allTextContents();
    expect(second).toHaveLength(25 - 20);
    expect(second.filter((t) => first.includes(t))).toEqual([]);

    // Filters and search are a plain GET form.
    await page.goto(`${base}/initiatives`);
    await page.selectOption('#i-type', 'council_member');
    await page.click('form.filters button[type=submit]');
    expect(new URL(page.url()).searchParams.get('type')).toBe('council_member');
    expect(await page.locator('#initiatives h3 a').allTextContents()).toEqual(['Fler cykelställ vid stationen']);
    await page.goto(`${base}/initiatives?q=uimahalli&source=kuntalaisaloite`);
    expect(await page.locator('#initiatives h3 a').allTextContents()).toEqual(['Uimahalli Itäkeskukseen']);
    await context.close();

    // In Swedish, with its source linked and nobody's name shown.
    const sv = await visitor(undefined, { lang: 'sv-FI' });
    await sv.page.goto(`${base}/initiatives/${imported.id}`);
    expect(await sv.page.locator('html').getAttribute('lang')).toBe('sv');
    expect(await sv.page.locator('#status').textContent()).toBe('Samlar stöd');
    expect(await sv.page.locator('#support-count').textContent()).toBe('12345');
    expect(await sv.page.locator('a[href="https://www.kuntalaisaloite.fi/fi/aloite/8123"]').count()).toBe(1);
    // Signed out, following starts with signing in and comes back here.
    expect(await sv.page.locator('#follow-login').getAttribute('href')).toBe(`/login?next=${encodeURIComponent(`/initiatives/${imported.id}`)}`);
    expect(await axeViolations(sv.page)).toEqual([]);
    await sv.context.close();

    expect((await fetch(`${base}/initiatives/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('a preparer takes an initiative from filed to decided with measures, without JavaScript', async () => {
    const initiative = standIn.add({ title: { fi: 'Penkkejä Kauppatorille' }, status: 'filed', supportCount: 250 });
    const work = `${base}/staff/initiatives/${initiative.id}`;
    const noScript = await visitor('preparer', { js: false });
    const scripted = await visitor('preparer');
    const step = async (page: Page, form: string, fill: Record<string, string> = {}) => {
      for (const [field, value] of Object.entries(fill)) await page.fill(`#f-${form}-${field}`, value);
      await Promise.all([page.waitForNavigation(), page.click(`form[action$="/${form}"] button[type=submit]`)]);
      expect(page.url()).toBe(`${work}?done=${form}#main`);
    };
    const page = noScript.page;

    await scripted.page.goto(work);
    expect(await axeViolations(scripted.page)).toEqual([]);
    // Staff see the initiator's contact; the public page never does.
    expect(await scripted.page.locator('#initiator-contacts').textContent()).toContain('maija@example.fi');
    expect(await (await fetch(`${base}/initiatives/${initiative.id}`)).text()).not.toMatch(/maija|Meikäläinen/i);
    await page.goto(work);
    await step(page, 'register');
    expect(await page.locator('#case-id').textContent()).toMatch(/^HEL-\d{4}-\d{6}$/);
    await step(page, 'assign', { departmentCode: 'KYMP' });
    await step(page, 'statements', { requestedFrom: 'Nuorisovaltuusto', dueAt: `${year}-06-30` });
    // The due date is the end of that day in Helsinki (summer time, +03:00).
    expect(standIn.changes.find((c) => c.action === 'statements')?.body).toEqual({ version: 3, requestedFrom: 'Nuorisovaltuusto', dueAt: `${year}-06-30T23:59:00+03:00` });
    await page.fill('form[action*="/answer"] textarea', 'Nuorisovaltuusto kannattaa.');
    await Promise.all([page.waitForNavigation(), page.click('form[action*="/answer"] button[type=submit]')]);
    expect(await page.locator('[role=status]').textContent()).toContain('Lausunto tallennettiin.');

    // Bad input comes back as the form with the field named, what was typed kept.
    await page.selectOption('#f-propose-body', 'kaupunginhallitus');
    await page.fill('#f-propose-proposal', '   ');
    const [refused] = await Promise.all([page.waitForNavigation(), page.click('form[action$="/propose"] button[type=submit]')]);
    expect(refused?.status()).toBe(400);
    expect(await page.locator('.error-summary a').getAttribute('href')).toBe('#f-propose-proposal');
    expect(await page.locator('#f-propose-proposal').getAttribute('aria-invalid')).toBe('true');
    expect(await page.inputValue('#f-propose-body')).toBe('kaupunginhallitus');
    await scripted.page.goto(work);
    await scripted.page.fill('#f-propose-proposal', ' ');
    await Promise.all([scripted.page.waitForNavigation(), scripted.page.click('form[action$="/propose"] button[type=submit]')]);
    expect(await axeViolations(scripted.page)).toEqual([]);
    await page.goto(work);
    await step(page, 'propose', { proposal: 'Penkit hankitaan.' });

    // A page drawn before someone else's change: the step is refused as stale, the text kept.
    await step(page, 'decide', { decidedAt: `${year}-09-01`, section: '123', text: 'Kaupunginhallitus päätti hankkia penkit.' });
    const other = await noScript.context.newPage();
    await other.goto(work);
    await other.fill('#f-measures-text', 'Kymmenen penkkiä asennettu.');
    await page.fill('#f-ahjo-link-ahjoCaseId', 'HEL 2026-001234');
    await Promise.all([page.waitForNavigation(), page.click('form[action$="/ahjo-link"] button[type=submit]')]);
    const [stale] = await Promise.all([other.waitForNavigation(), other.click('form[action$="/measures"] button[type=submit]')]);
    expect(stale?.status()).toBe(409);
    expect(await other.locator('#stale-notice').isVisible()).toBe(true);
    expect(await other.inputValue('#f-measures-text')).toBe('Kymmenen penkkiä asennettu.');

    // Keyboard only: in the measures text, type, Tab to its button, Enter.
    const keys = scripted.page;
    await keys.goto(work);
    await keys.focus('#f-measures-text');
    await keys.keyboard.type('Kymmenen penkkiä asennettu.');
    await keys.keyboard.press('Tab');
    expect(await keys.evaluate(() => document.activeElement?.textContent)).toBe('Kirjaa toimenpiteet');
    await Promise.all([keys.waitForNavigation(), keys.keyboard.press('Enter')]);
    expect(await keys.locator('#status').textContent()).toBe('Toimenpiteet tehty');
    await keys.screenshot({ path: `${SHOTS}/initiative-work.png`, fullPage: true });

    // The public page shows the decision, the measures and every step.
    await page.goto(`${base}/initiatives/${initiative.id}`);
    expect(await page.locator('#decision-text').textContent()).toBe('Kaupunginhallitus päätti hankkia penkit.');
    expect(await page.locator('#measures-text').textContent()).toBe('Kymmenen penkkiä asennettu.');
    expect(await page.locator('#timeline li').count()).toBe(8);
    expect(await page.locator('#follow-form input[name=itemType]').inputValue()).toBe('initiative');
    await page.screenshot({ path: `${SHOTS}/initiative-public.png`, fullPage: true });
    expect(standIn.changes.filter((c) => c.id === initiative.id).map((c) => c.action)).toEqual(['register', 'assign', 'statements', 'answer', 'propose', 'decide', 'ahjo-link', 'measures']);
    await noScript.context.close();
    await scripted.context.close();
  });

  it("the preparers' queue shows clocks and marks what is overdue in words", async () => {
    const late = standIn.add({ title: { fi: 'Myöhässä oleva aloite' }, status: 'statements_requested', departmentCode: 'KYMP' });
    late.statements.push({ id: '5b0c2a4e-8f6e-4c53-9d1e-2f3a4b5c6d7e', requestedFrom: 'Kasvatuksen toimiala', requestedAt: '2026-01-02T10:00:00Z', dueAt: '2026-01-20T21:59:00Z', answeredAt: null, text: null, overdue: true });
    const { context, page } = await visitor('preparer', { width: 375 });
    await page.goto(`${base}/staff/initiatives?overdue=true&department=all`);
    const row = page.locator('#initiative-queue tr.row-overdue', { hasText: 'Myöhässä oleva aloite' });
    expect(await row.count()).toBe(1);
    expect(await row.locator('.overdue').textContent()).toMatch(/^Myöhässä: \d+ päivää myöhässä$/);
    expect(await page.locator('#overdue-count').textContent()).toContain('myöhässä');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/initiatives-queue-375.png`, fullPage: true });
    await context.close();

    // Residents have no queue.
    const resident = await visitor('resident');
    expect((await resident.page.goto(`${base}/staff/initiatives`))?.status()).toBe(403);
    expect(await resident.page.locator('nav.main-nav a[href="/staff/initiatives"]').count()).toBe(0);
    await resident.context.close();
  });

  it('the yearly report is a page with its CSV beside it', async () => {
    const { context, page } = await visitor(undefined, { lang: 'en-GB' });
    await page.goto(`${base}/initiatives/reports`);
    expect(page.url()).toBe(`${base}/initiatives/reports/${year}`);
    expect(await page.locator('h1').textContent()).toBe(`Initiatives in ${year}`);
    expect(await page.locator('#yearly-report tbody tr').count()).toBeGreaterThan(20);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/initiatives-report.png`, fullPage: true });
    const csv = await fetch(new URL((await page.locator('#report-csv').getAttribute('href'))!, base));
    expect([csv.status, csv.headers.get('content-type')]).toEqual([200, 'text/csv; charset=utf-8']);
    expect(await csv.text()).toContain('Penkkejä Kauppatorille');
    await context.close();
  });

  it('admins see the import runs and run the import now', async () => {
    const { context, page } = await visitor('admin');
    await page.goto(`${base}/admin/initiatives/imports`);
    expect(await page.locator('#import-runs tbody td').first().textContent()).toBe('Hakuja ei ole vielä tehty.');
    await Promise.all([page.waitForNavigation(), page.click('#run-import button')]);
    expect(await page.locator('[role=status]').textContent()).toBe('Haku valmis: 2 uutta, 1 päivitettyä, 5 ennallaan, 0 epäonnistui.');
    expect(await page.locator('#import-runs tbody tr').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/initiatives-imports.png`, fullPage: true });
    await context.close();

    const preparer = await visitor('preparer');
    expect((await preparer.page.goto(`${base}/admin/initiatives/imports`))?.status()).toBe(403);
    await preparer.context.close();
  });
});
