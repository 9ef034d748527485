/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { PrivacyHttp } from '@vaikuta/contracts';
import { FeedbackClient } from '../src/clients/feedback-client';
import { axeViolations, PortalTestEnv, signIn, startPortalTestEnv } from './portal-test-env';

const submit = (page: Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);

/**
 * "Download my data" (GDPR Art. 15) through the pages: the portal asks every registered
 * service for the signed-in person's section and gives one file. Every service runs here, as
 * deployed; the last test stops the feedback service for real, and the pages must still show
 * what the others answer while the file is refused rather than given incomplete (ADR 0018).
 * The services' own sections are checked end to end in privacy-across-services.e2e.spec.ts.
 */
describe('portal: my data, gathered from every service', () => {
  let env: PortalTestEnv;
  let subject: string;

  beforeAll(async () => {
    env = await startPortalTestEnv('portal_my_data', { notifications: true, services: ['initiatives', 'budgeting', 'grants'] });
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

  it('gives one file with the sections of every service, none missing', async () => {
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

    expect(file.sections.map((s) => s.service).sort()).toEqual(['budgeting', 'feedback', 'grants', 'initiatives', 'notifications', 'premises']);
    const requests = file.sections.find((s) => s.service === 'feedback')!.categories.find((c) => c.name === 'feedback_requests')!.records;
    expect(requests).toEqual([expect.objectContaining({ description: 'Kirjaston ovi narisee.', contactEmail: 'tiina@example.fi' })]);
    expect(file.missing).toEqual([]);
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

  it('with the feedback service stopped: /my and /my/data show what the others answer and say what is missing; no incomplete file', async () => {
    const context = await env.browser.newContext({ locale: 'sv-FI', viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await signIn(page, env.url, 'resident', 'Tiina Tietopyyntö');
    await page.goto(`${env.url}/my`);
    expect(await page.locator('#my-sent li').count()).toBe(1);

    // Down for real: the process ends (its database is dropped; env.close() has nothing left to stop).
    const stop = env.feedback.close;
    env.feedback.close = async () => undefined;
    await stop();

    const my = await page.goto(`${env.url}/my`);
    expect(my!.status()).toBe(200);
    expect((await page.textContent('#my-sent-unavailable'))!.trim()).toBe('Den här delen kunde inte laddas just nu. Försök igen om en stund.');
    expect(await page.locator('#my-sent').count()).toBe(0);
    // The notification service answered: its section is its list (empty here), not a notice.
    expect(await page.locator('#my-follows').count()).toBe(1);
    expect(await page.locator('#my-follows-unavailable').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    const data = await page.goto(`${env.url}/my/data`);
    expect(data!.status()).toBe(200);
    expect(await page.locator('#my-data-parts .part-unavailable').count()).toBe(1);
    expect(await page.textContent('#my-data-feedback')).toContain('de här uppgifterna kunde inte hämtas just nu');
    expect(await page.textContent('#my-data-notifications')).not.toContain('kunde inte');
    expect(await page.locator('#my-data-download').count()).toBe(0);
    expect(await page.textContent('#my-data-incomplete')).toContain('Alla tjänster svarade inte just nu');
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    const answer = await context.request.get(`${env.url}/my/data.json`);
    expect(answer.status()).toBe(503);
    expect(answer.headers()['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(answer.headers()['content-disposition']).toBeUndefined();
    const problem = await answer.json();
    expect(problem).toMatchObject({ status: 503, unavailable: [{ service: 'feedback', reason: 'did not answer' }] });
    expect(problem.detail).toContain('feedback (did not answer)');
    expect(JSON.stringify(problem)).not.toContain('tiina@example.fi');

    // An admin's copy for a written request is refused the same way, on the page. Signing in does
    // not need feedback (its catalogue only lists departments): forget the one the portal keeps.
    env.portal.get(FeedbackClient).forgetCatalog();
    const admin = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await signIn(admin, env.url, 'admin', 'Outi');
    await admin.goto(`${env.url}/admin/erasure`);
    await admin.fill('#f-exportSubjectId', subject);
    const [refused] = await Promise.all([admin.waitForNavigation(), admin.click('#export-submit')]);
    expect(refused!.status()).toBe(503);
    expect(await admin.textContent('main')).toContain('Not every service answered, so no file was given: feedback missing.');
    await context.close();
  });
});
