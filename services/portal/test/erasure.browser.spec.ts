/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { PortalTestEnv, signIn, startPortalTestEnv } from './portal-test-env';

const submit = (page: Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);
const texts = (page: Page, selector: string) => page.locator(selector).allTextContents().then((t) => t.map((s) => s.trim()));

/**
 * The right to erasure through the pages: an admin enters a written request (with field
 * errors in the admin's language first), and a signed-in resident deletes their own contact
 * details after a confirmation step. The feedback service behind the portal does the erasing.
 */
describe('portal: erasure requests', () => {
  let env: PortalTestEnv;
  let resident: Page;
  let admin: Page;

  beforeAll(async () => {
    env = await startPortalTestEnv('portal_erasure');
    resident = await (await env.browser.newContext({ locale: 'fi-FI' })).newPage();
    admin = await (await env.browser.newContext({ locale: 'sv-FI' })).newPage();
    await signIn(resident, env.url, 'resident', 'Aino Asukas');
    await signIn(admin, env.url, 'admin', 'Outi');
  });
  afterAll(() => env?.close());

  const contactsOf = (email: string): Promise<{ contact_email: string | null }[]> =>
    env.feedback.dataSource.query(`SELECT contact_email FROM feedback_requests WHERE lower(contact_email) = $1`, [email]);

  const sendWithContact = async (page: Page, email: string) => {
    await page.goto(`${env.url}/feedback/new`);
    await page.check('#f-kind-feedback');
    await page.selectOption('#f-categoryCode', '320');
    await page.fill('#f-description', 'Kirjaston lukusali on talvella liian kylmä.');
    await page.fill('#f-email', email);
    await page.check('#f-contactConsent');
    await submit(page, 'main form[enctype] button[type=submit]');
    expect(page.url()).toMatch(/\/feedback\/sent\//);
  };

  it('an admin erases by email from the admin pages, after fixing the field the service refused', async () => {
    await sendWithContact(await (await env.browser.newContext()).newPage(), 'kirjoitti@example.fi');
    expect(await contactsOf('kirjoitti@example.fi')).toHaveLength(1);

    await admin.goto(`${env.url}/admin`);
    await submit(admin, 'a[href="/admin/erasure"]');
    expect((await admin.textContent('h1'))!.trim()).toBe('Begäran om radering');

    // Nothing named: the summary and the email field say so, in Swedish.
    await submit(admin, 'main form[action="/admin/erasure"] button');
    expect(await texts(admin, '.error-summary a')).toEqual(['Ange en e-postadress, ett telefonnummer eller en inloggningsidentifierare.']);
    expect(await admin.getAttribute('#f-email', 'aria-invalid')).toBe('true');
    await admin.fill('#f-email', 'inte en adress');
    await submit(admin, 'main form[action="/admin/erasure"] button');
    // Erasure cannot be undone: it asks first, showing whom it is about.
    expect((await admin.textContent('h1'))!.trim()).toBe('Radera uppgifterna?');
    expect(await admin.textContent('main dl')).toContain('inte en adress');
    await submit(admin, '#confirm-button');
    expect(await texts(admin, '#f-email-error')).toEqual(['Ange e-postadressen i formen namn@exempel.fi.']);
    expect(await admin.inputValue('#f-email')).toBe('inte en adress');

    await admin.fill('#f-email', 'Kirjoitti@example.fi');
    await submit(admin, 'main form[action="/admin/erasure"] button');
    // Cancelling erases nothing; confirming does.
    await submit(admin, 'main a:has-text("Avbryt")');
    expect(await contactsOf('kirjoitti@example.fi')).toHaveLength(1);
    await admin.fill('#f-email', 'Kirjoitti@example.fi');
    await submit(admin, 'main form[action="/admin/erasure"] button');
    await submit(admin, '#confirm-button');
    const done = (await admin.textContent('.notice-success'))!.trim();
    expect(done).toMatch(/^Raderingen är gjord\. Responser där kontaktuppgifterna raderades: 1\. Referens: [0-9a-f-]{36}\.$/);
    // Whom it was about is in neither the address nor the page after the redirect.
    expect(admin.url()).not.toContain('kirjoitti');
    expect(await admin.inputValue('#f-email')).toBe('');
    expect(await contactsOf('kirjoitti@example.fi')).toEqual([]);
  });

  it('the form is refused without the page’s CSRF token', async () => {
    const res = await admin.request.post(`${env.url}/admin/erasure`, { form: { email: 'kuka@example.fi' }, maxRedirects: 0 });
    expect(res.status()).toBe(403);
  });

  it('a resident deletes their own contact details from “my participation”, after confirming', async () => {
    await sendWithContact(resident, 'aino@example.fi');
    await resident.goto(`${env.url}/my`);
    expect(await resident.locator('#my-sent h3 a').count()).toBe(1);

    await submit(resident, '#my-erasure');
    expect((await resident.textContent('h1'))!.trim()).toBe('Poistetaanko yhteystietosi?');
    // Looking is not deleting.
    expect(await contactsOf('aino@example.fi')).toHaveLength(1);
    await submit(resident, 'main form a[href="/my"]');
    expect(new URL(resident.url()).pathname).toBe('/my');
    expect(await contactsOf('aino@example.fi')).toHaveLength(1);

    await submit(resident, '#my-erasure');
    await submit(resident, 'main form[action="/my/erasure"] button[type=submit]');
    expect((await resident.textContent('.notice-success'))!.trim()).toBe(
      'Yhteystietosi on poistettu. Palautteita, joita poisto koski: 1. Ilmoituspalvelu poistaa tietosi hetken kuluttua.',
    );
    expect(await contactsOf('aino@example.fi')).toEqual([]);
    await resident.goto(`${env.url}/my`);
    expect(await resident.locator('#my-sent h3 a').count()).toBe(0);
  });
});
