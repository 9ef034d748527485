import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser } from 'playwright-core';
import { InitiativesHttp } from '@vaikuta/contracts';
import { ServiceProcess, startServiceProcess, TestSmtpServer } from '@vaikuta/testing';
import { SESSION_COOKIE } from '../src/account/session';
import { launchBrowser, startPortalInFront } from './portal-test-env';

// The portal in front of the real initiatives service (its own process, PostgreSQL and NATS,
// through libs/testing's harness): what the service answers passes the portal's contract
// checks, a preparer's step taken on the page reaches the service, and the follow button
// reaches the notification service.
describe('initiatives pages on the initiatives service', () => {
  let initiatives: ServiceProcess;
  let notifications: ServiceProcess;
  let smtp: TestSmtpServer;
  let portal: NestFastifyApplication;
  let browser: Browser;
  let base: string;
  let keysDir: string;

  beforeAll(async () => {
    keysDir = await mkdtemp(path.join(os.tmpdir(), 'vaikuta-keys-'));
    process.env.AUTH_DEV_KEYS_DIR = keysDir;
    process.env.AUTH_DEV_ISSUER = 'true';
    initiatives = await startServiceProcess('initiatives', {
      label: 'portal_pages',
      keysDir,
      env: { KUNTALAISALOITE_IMPORT_INTERVAL_MINUTES: '0', REMINDER_INTERVAL_MINUTES: '0' },
    });
    // Follows go to the notification service, as from the feedback pages.
    smtp = await TestSmtpServer.start();
    notifications = await startServiceProcess('notifications', { label: 'portal_pages', namespace: initiatives.namespace, keysDir, env: { SMTP_URL: smtp.url } });
    ({ portal, base } = await startPortalInFront({ initiatives: initiatives.url, notifications: notifications.url }));
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await notifications?.close();
    await initiatives?.close();
    await smtp?.close();
    await rm(keysDir, { recursive: true, force: true });
  });

  it('a filed initiative is listed, shown and followed, and a preparer takes it from its page to decided with measures', async () => {
    const resident = await initiatives.token('resident', [], `resident-${randomUUID()}`);
    const filed = await initiatives
      .http()
      .post('/initiatives')
      .set('Authorization', `Bearer ${resident}`)
      .set('Idempotency-Key', randomUUID())
      .send({ type: 'resident', language: 'fi', title: 'Lisää penkkejä rantaan', body: 'Rantaan tarvitaan penkkejä.', initiatorName: 'Maija Meikäläinen', email: 'maija@example.fi' });
    expect(filed.status).toBe(201);
    const id = InitiativesHttp.initiativeDetail.parse(filed.body).id;

    // A resident follows it from its page, and finds it on "my participation".
    const follower = await browser.newContext({ javaScriptEnabled: false, locale: 'fi-FI' });
    const followerToken = await initiatives.token('resident', [], `follower-${randomUUID()}`);
    await follower.addCookies([{ name: SESSION_COOKIE, value: followerToken, url: base }]);
    const followPage = await follower.newPage();
    await followPage.goto(`${base}/initiatives/${id}`);
    await Promise.all([followPage.waitForNavigation(), followPage.click('#follow-form button')]);
    expect(followPage.url()).toBe(`${base}/initiatives/${id}?done=followed`);
    expect(await followPage.locator('[role=status]').textContent()).toBe('Seuraat nyt tätä aloitetta.');
    // The notification service holds the follow ("my participation" also needs feedback, not started here).
    const follows = await notifications.http().get('/notifications/follows').set('Authorization', `Bearer ${followerToken}`);
    expect(follows.body.items.map((f: { itemKey: string }) => f.itemKey)).toEqual([`initiative:${id}`]);
    await follower.close();

    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fi-FI' });
    const page = await context.newPage();
    await page.goto(`${base}/initiatives?q=penkkejä`);
    expect(await page.locator('#initiatives h3 a').allTextContents()).toContain('Lisää penkkejä rantaan');
    expect((await page.goto(`${base}/initiatives/${id}`))?.status()).toBe(200);
    expect(await page.locator('#status').textContent()).toBe('Jätetty');
    expect(await page.content()).not.toContain('maija@example.fi');

    const preparer = await initiatives.token('preparer', ['KYMP'], 'demo-preparer-test', 'Testi Valmistelija');
    await context.addCookies([{ name: SESSION_COOKIE, value: preparer, url: base }]);
    await page.goto(`${base}/staff/initiatives/${id}`);
    await Promise.all([page.waitForNavigation(), page.click('form[action$="/register"] button[type=submit]')]);
    expect(page.url()).toBe(`${base}/staff/initiatives/${id}?done=register#main`);
    expect(await page.locator('#case-id').textContent()).toMatch(/^HEL-\d{4}-\d{6}$/);
    const step = async (form: string, fill: Record<string, string> = {}) => {
      for (const [field, value] of Object.entries(fill)) await page.fill(`#f-${form}-${field}`, value);
      await Promise.all([page.waitForNavigation(), page.click(`form[action$="/${form}"] button[type=submit]`)]);
      expect([form, page.url()]).toEqual([form, `${base}/staff/initiatives/${id}?done=${form}#main`]);
    };
    await step('assign', { departmentCode: 'KYMP' });
    await step('propose', { proposal: 'Penkit hankitaan rantaan.' });
    await step('decide', { decidedAt: `${new Date().getFullYear()}-09-01`, section: '12', text: 'Lautakunta päätti hankkia penkit.' });
    await step('measures', { text: 'Viisi penkkiä asennettu.' });
    expect(await page.locator('#status').textContent()).toBe('Toimenpiteet tehty');
    await page.goto(`${base}/initiatives/${id}`);
    expect(await page.locator('#measures-text').textContent()).toBe('Viisi penkkiä asennettu.');
    expect(await page.locator('#decision-text').textContent()).toBe('Lautakunta päätti hankkia penkit.');
    await page.goto(`${base}/staff/initiatives/${id}`);
    await page.goto(`${base}/staff/initiatives?department=all&status=measures_taken`);
    expect(await page.locator(`#initiative-queue a[href="/staff/initiatives/${id}"]`).count()).toBe(1);
    // The yearly report page offers the service's printable PDF through the portal's proxy.
    await page.goto(`${base}/initiatives/reports/${new Date().getFullYear()}`);
    const pdf = await fetch(new URL((await page.locator('#report-pdf').getAttribute('href'))!, base));
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await context.close();
  });

  it("a preparer's queue opens on their department and the new filings no department has yet, without JavaScript", async () => {
    const resident = await initiatives.token('resident', [], `resident-${randomUUID()}`);
    const filed = await initiatives
      .http()
      .post('/initiatives')
      .set('Authorization', `Bearer ${resident}`)
      .set('Idempotency-Key', randomUUID())
      .send({ type: 'resident', language: 'fi', title: 'Uusi aloite odottaa kirjaamista', body: 'Teksti.', initiatorName: 'Asukas' });
    expect(filed.status).toBe(201);
    const id = InitiativesHttp.initiativeDetail.parse(filed.body).id;

    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fi-FI' });
    await context.addCookies([{ name: SESSION_COOKIE, value: await initiatives.token('preparer', ['KYMP'], 'demo-preparer-queue', 'Testi Valmistelija'), url: base }]);
    const page = await context.newPage();
    await page.goto(`${base}/staff/initiatives`);
    const row = page.locator('#initiative-queue tr', { has: page.locator(`a[href="/staff/initiatives/${id}"]`) });
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('Ei vielä osoitettu');
    expect(await page.locator('#iq-unassigned').isChecked()).toBe(true);
    await context.close();
  });
});
