/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { LANGS } from '../src/i18n/i18n';
import { axeViolations, PortalTestEnv, signIn, startPortalTestEnv } from './portal-test-env';

/** Presses Tab until the element matching `selector` has focus; fails if it never does. */
async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe('portal accessibility', () => {
  let env: PortalTestEnv;
  let anon: Page;
  let resident: Page;
  let worker: Page;
  let admin: Page;
  let caseUrl: string;
  let trackUrl: string;

  beforeAll(async () => {
    env = await startPortalTestEnv('portal_a11y');
    const page = async () => (await env.browser.newContext({ locale: 'fi-FI' })).newPage();
    [anon, resident, worker, admin] = await Promise.all([page(), page(), page(), page()]);
    await signIn(resident, env.url, 'resident', 'Aino');
    await signIn(worker, env.url, 'case_worker', 'Kaisa', 'KYMP');
    await signIn(admin, env.url, 'admin', 'Outi');
  });
  afterAll(() => env?.close());

  it('the feedback form can be completed with the keyboard alone (Tab, typing, Space, Enter)', async () => {
    const page = anon;
    await page.goto(`${env.url}/feedback/new`);
    // The skip link is the first stop and jumps over the navigation.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.keyboard.press('Enter');
    // Kind: the checked radio ("feedback") is the group's tab stop; Space keeps it chosen.
    await tabTo(page, '#f-kind-feedback');
    await page.keyboard.press('Space');
    await tabTo(page, '#f-categoryCode');
    await page.keyboard.type('Kir'); // type-ahead picks "Kirjastot"
    await tabTo(page, '#f-title');
    await page.keyboard.type('Lukusali on liian kylmä');
    await tabTo(page, '#f-description');
    await page.keyboard.type('Pääkirjaston lukusalissa on talvella niin kylmä, ettei siellä voi istua.');
    await tabTo(page, '#f-email');
    await page.keyboard.type('lukija@example.fi');
    await tabTo(page, '#f-contactConsent');
    await page.keyboard.press('Space');
    await tabTo(page, 'main form[enctype] button[type=submit]');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect([page.url(), await page.locator('.error-summary').allTextContents()]).toEqual([expect.stringMatching(/\/feedback\/sent\//), []]);
    trackUrl = (await page.getAttribute('#tracking-link', 'href'))!;

    // An error sends focus to the summary, and its links lead to the fields.
    await page.goto(`${env.url}/feedback/new`);
    await tabTo(page, 'main form[enctype] button[type=submit]');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.evaluate(() => document.activeElement?.matches('[data-error-summary]'))).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#f-categoryCode');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-categoryCode');
  });

  // A case for the sweeps to look at, sent through the form as a resident would.
  async function caseToLookAt(): Promise<string> {
    // The keyboard test's report is KUVA's; the worker is KYMP's, so send one of its own.
    await worker.goto(`${env.url}/feedback/new`);
    await worker.check('#f-kind-fault');
    await worker.selectOption('#f-categoryCode', '171');
    await worker.fill('#f-description', 'Puhelimessa ilmoitettu kuoppa Malmin asemalla.');
    await worker.fill('#f-address', 'Malmin asema');
    await Promise.all([worker.waitForNavigation(), worker.click('main form[enctype] button[type=submit]')]);
    await worker.goto(`${env.url}/staff/queue/KYMP`);
    return (await worker.getAttribute('#queue tbody a', 'href'))!;
  }

  // Each sweep opens every page in one language and runs axe on each (~35 page loads): about
  // 75 s on a quiet two-core machine, more when other work shares the cores. One test per
  // language, so a slow machine gets each its own time.
  const AXE_SWEEP_TIMEOUT_MS = 400_000;
  it.each(LANGS)('axe finds no WCAG 2.1 AA violations on any page, in %s', async (lang) => {
    caseUrl ??= await caseToLookAt();
    const pages: [Page, string][] = [
      [anon, '/'],
      [anon, '/feedback'],
      [anon, '/feedback/new'],
      [anon, '/feedback/track'],
      [anon, trackUrl ?? '/feedback/track'],
      [anon, '/feedback/track/VKT-0000-000000'],
      [anon, '/login'],
      [anon, '/no-such-page'],
      [anon, '/notifications/unsubscribe?token=bad'],
      [resident, '/my'],
      [resident, '/my/erasure'],
      [resident, '/my/erasure?erased=2'],
      [resident, '/notifications/preferences'],
      [resident, '/notifications/inbox'],
      [resident, '/staff/queue/KYMP'],
      [worker, '/staff/queue/KYMP'],
      [worker, caseUrl],
      [worker, '/staff/summaries'],
      [worker, '/feedback/new'],
      [admin, '/admin'],
      [admin, '/admin/departments'],
      [admin, '/admin/categories'],
      [admin, '/admin/departments/KYMP/edit'],
      [admin, '/admin/categories/171/edit'],
      [admin, '/admin/districts'],
      [admin, '/admin/districts/kallio/edit'],
      [admin, '/admin/open311-keys'],
      [admin, '/admin/dead-letters'],
      [admin, '/admin/templates'],
      [admin, '/admin/canned-responses'],
      [admin, '/admin/canned-responses/new'],
      [admin, '/admin/erasure'],
      [admin, '/admin/erasure?ref=00000000-0000-4000-8000-000000000000&erased=2'],
    ];
    const failures: string[] = [];
    for (const page of [anon, resident, worker, admin]) await page.goto(`${env.url}/language/${lang}`);
    for (const [page, path] of pages) {
      await page.goto(env.url + path);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      for (const v of await axeViolations(page)) failures.push(`${lang} ${path}: ${v}`);
    }
    // The form with its errors shown, too.
    await anon.goto(`${env.url}/feedback/new`);
    await Promise.all([anon.waitForNavigation(), anon.click('main form[enctype] button[type=submit]')]);
    for (const v of await axeViolations(anon)) failures.push(`${lang} form with errors: ${v}`);
    // The case page with the "assign to" field in error, and the districts form in error.
    await worker.goto(env.url + caseUrl);
    await Promise.all([worker.waitForNavigation(), worker.click('main form[action$="/assign"] button')]);
    expect(await worker.locator('#f-assign-error').count()).toBe(1);
    for (const v of await axeViolations(worker)) failures.push(`${lang} case with an assign error: ${v}`);
    await admin.goto(`${env.url}/admin/districts`);
    await Promise.all([admin.waitForNavigation(), admin.click('main form[action="/admin/districts"] button')]);
    expect(await admin.locator('.error-summary').count()).toBe(1);
    for (const v of await axeViolations(admin)) failures.push(`${lang} districts with errors: ${v}`);
    // A category's edit form with a name and the working days refused.
    await admin.goto(`${env.url}/admin/categories/171/edit`);
    await admin.fill('#f-nameEn', '');
    await admin.fill('#f-serviceLevelDays', '0');
    await Promise.all([admin.waitForNavigation(), admin.click('main form[action$="/edit"] button')]);
    expect(await admin.locator('.error-summary a').count()).toBe(2);
    for (const v of await axeViolations(admin)) failures.push(`${lang} category edit with errors: ${v}`);
    // The erasure request that names nobody.
    await admin.goto(`${env.url}/admin/erasure`);
    await Promise.all([admin.waitForNavigation(), admin.click('main form[action="/admin/erasure"] button')]);
    expect(await admin.locator('#f-email-error').count()).toBe(1);
    for (const v of await axeViolations(admin)) failures.push(`${lang} erasure request with errors: ${v}`);
    expect(failures).toEqual([]);
  }, AXE_SWEEP_TIMEOUT_MS);
});
