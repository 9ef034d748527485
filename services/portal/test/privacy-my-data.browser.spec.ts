/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { PrivacyHttp } from '@vaikuta/contracts';
import { axeViolations, PortalTestEnv, signIn, startPortalTestEnv } from './portal-test-env';

const submit = (page: Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);

/**
 * "Download my data" (GDPR Art. 15) through the pages: the portal asks every registered
 * service for the signed-in person's section and gives one file. Feedback and notifications
 * run here; initiatives, budgeting and grants (with premises) are registered but not started,
 * so the file names them as missing instead of leaving a silent gap or failing.
 * The services' own sections are checked end to end in privacy-across-services.e2e.spec.ts.
 */
describe('portal: my data, gathered from every service', () => {
  let env: PortalTestEnv;
  let subject: string;

  beforeAll(async () => {
    env = await startPortalTestEnv('portal_my_data', { notifications: true });
  });
  afterAll(() => env?.close());

  it('offers the download from “my participation”, in the person’s language, accessible at 375 px', async () => {
    for (const [locale, heading] of [
      ['fi-FI', 'Omat tietoni'],
      ['sv-FI', 'Mina uppgifter'],
      ['en-GB', 'My data'],
    ] as const) {
      const context = await env.browser.newContext({ locale, viewport: { width: 375, height: 800 } });
      const page = await context.newPage();
      await signIn(page, env.url, 'resident', `Kieli ${locale}`);
      await page.goto(`${env.url}/my`);
      await submit(page, '#my-data');
      expect((await page.textContent('h1'))!.trim()).toBe(heading);
      expect(await page.getAttribute('#my-data-download', 'href')).toBe('/my/data.json');
      expect(await axeViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await context.close();
    }
  });

  it('gives one file with the sections of the services that answered and names those that did not', async () => {
    const context = await env.browser.newContext({ locale: 'fi-FI' });
    const page = await context.newPage();
    await signIn(page, env.url, 'resident', 'Tiina Tietopyyntö');
    // Something of theirs in feedback, with an email: the file must hold it.
    await page.goto(`${env.url}/feedback/new`);
    await page.check('#f-kind-feedback');
    await page.selectOption('#f-categoryCode', '320');
    await page.fill('#f-description', 'Kirjaston ovi narisee.');
    await page.fill('#f-email', 'tiina@example.fi');
    await page.check('#f-contactConsent');
    await submit(page, 'main form[enctype] button[type=submit]');

    const answer = await context.request.get(`${env.url}/my/data.json`);
    expect(answer.status()).toBe(200);
    expect(answer.headers()['content-disposition']).toMatch(/^attachment; filename="my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(answer.headers()['cache-control']).toBe('no-store');
    const file = PrivacyHttp.personalDataExport.parse(await answer.json());

    expect(file.sections.map((s) => s.service)).toEqual(['feedback', 'notifications']);
    const requests = file.sections[0].categories.find((c) => c.name === 'feedback_requests')!.records;
    expect(requests).toEqual([expect.objectContaining({ description: 'Kirjaston ovi narisee.', contactEmail: 'tiina@example.fi' })]);
    expect(file.missing.map((m) => m.service).sort()).toEqual(['budgeting', 'grants', 'initiatives', 'premises']);
    expect(file.missing.every((m) => m.reason === 'did not answer')).toBe(true);
    subject = file.subject;
    await context.close();
  });

  it('gives an admin the same file for a written request, by sign-in subject, from the erasure page', async () => {
    const page = await (await env.browser.newContext({ locale: 'en-GB', viewport: { width: 375, height: 800 } })).newPage();
    await signIn(page, env.url, 'admin', 'Outi');
    await page.goto(`${env.url}/admin/erasure`);
    // Nothing named: the field says so.
    await submit(page, '#export-submit');
    expect((await page.textContent('#f-exportSubjectId-error'))!.trim()).toBe('Enter the sign-in subject.');
    expect(await axeViolations(page)).toEqual([]);

    await page.fill('#f-exportSubjectId', subject);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-submit')]);
    expect(download.suggestedFilename()).toMatch(/^subject-data-\d{4}-\d{2}-\d{2}\.json$/);
    const file = PrivacyHttp.personalDataExport.parse(JSON.parse(readFileSync((await download.path())!, 'utf8')));
    expect(file.subject).toBe(subject);
    const requests = file.sections.find((s) => s.service === 'feedback')!.categories.find((c) => c.name === 'feedback_requests')!.records;
    expect(requests).toEqual([expect.objectContaining({ contactEmail: 'tiina@example.fi' })]);
    // Whom it was about is not in the address.
    expect(page.url()).not.toContain(encodeURIComponent(subject));
  });

  it('is the signed-in person’s alone: without a session the file is not given', async () => {
    const answer = await (await env.browser.newContext()).request.get(`${env.url}/my/data.json`, { maxRedirects: 0 });
    expect(answer.status()).not.toBe(200);
    expect(await answer.text()).not.toContain('tiina@example.fi');
  });
});
