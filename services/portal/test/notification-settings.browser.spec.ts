import type { Page } from 'playwright-core';
import { waitFor } from '@vaikuta/testing';
import { axeViolations, PortalTestEnv, signIn, startPortalTestEnv } from './portal-test-env';

jest.setTimeout(180_000);

/**
 * In the browser, against the real feedback and notification services: the settings link of
 * a receipt opens the settings of a resident who never signed in, and a tampered one is
 * refused; an admin finds the message templates by name, previews an edit and saves it as a
 * version (POST/redirect/GET), and a broken template is named in the admin's language.
 */
describe('settings through a message’s link, and message templates', () => {
  let env: PortalTestEnv;

  beforeAll(async () => {
    env = await startPortalTestEnv('notif_settings', { notifications: true });
  });
  afterAll(async () => env?.close());

  const newPage = async (locale: string): Promise<Page> => (await env.browser.newContext({ locale })).newPage();
  const submit = (page: Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);

  it('opens a resident’s settings from the receipt without signing in, saves them, and refuses a tampered link', async () => {
    const email = 'installningar@example.fi';
    const created = await env.feedback
      .http()
      .post('/feedback/requests')
      .send({ kind: 'fault', categoryCode: '171', description: 'En grop vid biblioteket.', address: 'Biblioteksgatan 1', email, contactConsent: true, language: 'sv' })
      .expect(201);
    const receipt = await waitFor(() => env.smtp!.to(email)[0], { what: 'the receipt', timeoutMs: 30_000 });
    expect(receipt.subject).toBe(`Tack för din respons – kod ${created.body.trackingCode}`);
    const link = /Ändra inställningar: (\S+)/.exec(receipt.text)![1];
    expect(link.startsWith(`${env.url}/notifications/preferences?token=`)).toBe(true);

    const page = await newPage('fi-FI'); // a browser in Finnish: the link's lang=sv still wins
    const response = await page.goto(link);
    expect(response!.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    expect(await page.textContent('main')).toContain('i***@example.fi');
    expect(await page.textContent('main')).not.toContain(email);
    expect(await page.locator('#f-email').count()).toBe(0); // the address is not changed through a link
    expect(await page.locator('input[name=channels]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(['email']);
    expect(await axeViolations(page)).toEqual([]);

    await page.check('#f-digest-weekly');
    await submit(page, 'main form button[type=submit]');
    expect(page.url()).toContain('done=1');
    expect(await page.textContent('[role=status]')).toBeTruthy();
    expect(await page.isChecked('#f-digest-weekly')).toBe(true);
    const [row] = await env.notifications!.dataSource.query(`SELECT digest FROM recipients WHERE email = $1`, [email]);
    expect(row.digest).toBe('weekly');

    const url = new URL(link);
    url.searchParams.set('token', `${url.searchParams.get('token')!.slice(0, -4)}AAAA`);
    const refused = await page.goto(url.toString());
    expect(refused!.status()).toBe(403);
    expect(await page.textContent('[role=alert]')).toContain('Den här länken till inställningarna fungerar inte');
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('lets an admin find a template by name, preview an edit, save it as a version and see broken ones named', async () => {
    const admin = await newPage('en-GB');
    await signIn(admin, env.url, 'admin', 'Admin Aalto');
    await admin.goto(`${env.url}/admin/templates?lang=en`);
    const names = await admin.locator('#templates tbody th').allTextContents();
    expect(names).toContain('Reply to feedback');
    expect(names).toContain('Receipt for feedback received');
    expect(names.join(' ')).not.toContain('feedback.');
    expect(await axeViolations(admin)).toEqual([]);

    await submit(admin, '#templates tr:has(th:text-is("Reply to feedback")) a:has-text("in Svenska")');
    expect(await admin.textContent('h1')).toBe('Reply to feedback – Svenska');
    expect(await admin.inputValue('#f-subject')).toBe('Svar på din respons {{trackingCode}}');

    await admin.fill('#f-subject', 'Nytt svar om {{trackingCode}}');
    await submit(admin, 'button[value=preview]');
    expect(await admin.textContent('#preview-h')).toContain('Preview');
    expect(await admin.textContent('.template-preview')).toContain('Nytt svar om VKT-2026-000123');
    expect(await admin.inputValue('#f-subject')).toBe('Nytt svar om {{trackingCode}}'); // the draft is kept
    // The HTML version as sent, in a sandboxed frame: scripts and forms in it cannot run.
    expect(await admin.getAttribute('.template-preview iframe', 'sandbox')).toBe('');
    expect(await admin.frameLocator('.template-preview iframe').locator('blockquote').first().textContent()).toBe('Korjaamme kuopan tällä viikolla.');
    expect(await axeViolations(admin, { exclude: '.template-preview iframe' })).toEqual([]);

    await admin.fill('#f-html', '<p>{{{reply}}}</p>');
    await submit(admin, 'button[value=save]');
    expect(await admin.textContent('.error-summary')).toContain('three braces are not allowed');
    expect(await admin.getAttribute('#f-html', 'aria-invalid')).toBe('true');
    expect(await axeViolations(admin)).toEqual([]);

    await admin.goto(`${env.url}/admin/templates/feedback.replied/sv`);
    await admin.fill('#f-subject', 'Nytt svar om {{trackingCode}}');
    await submit(admin, 'button[value=save]');
    expect(admin.url()).toMatch(/\/admin\/templates\/feedback\.replied\/sv\?saved=1$/);
    expect(await admin.textContent('[role=status]')).toContain('Version 1 is now in use');
    await admin.reload(); // a reload after the redirect saves nothing again
    const [{ n }] = await env.notifications!.dataSource.query(`SELECT count(*)::int AS n FROM template_versions`);
    expect(n).toBe(1);
    expect(await admin.locator('table.data tbody tr').count()).toBe(1);

    await submit(admin, 'form[action$="/builtin"] button');
    expect(await admin.textContent('[role=status]')).toContain('The built-in template is in use again (version 2)');
    expect(await admin.inputValue('#f-subject')).toBe('Svar på din respons {{trackingCode}}');

    const missing = await admin.goto(`${env.url}/admin/templates/constructor/fi`);
    expect(missing!.status()).toBe(404);
    await admin.context().close();
  });
});
