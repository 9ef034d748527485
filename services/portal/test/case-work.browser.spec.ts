/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { axeViolations, PortalTestEnv, signIn, startPortalTestEnv } from './portal-test-env';

const submit = (page: Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);
const texts = (page: Page, selector: string) => page.locator(selector).allTextContents().then((t) => t.map((s) => s.trim()));

/**
 * What a case worker expects of the case page: merging by the tracking code they read, a
 * refusal they understand when the original is another department's, a stale change that
 * keeps what they typed and shows what changed — and the duplicate's sender never sees
 * the original's private page.
 */
describe('portal: case work', () => {
  let env: PortalTestEnv;
  let worker: Page;
  let resident: Page;

  const report = async (overrides: Record<string, unknown> = {}) =>
    (
      await env.feedback
        .http()
        .post('/feedback/requests')
        .send({
          kind: 'fault',
          categoryCode: '171',
          description: 'Katuvalo on rikki Kalliossa, tie on pimeä.',
          address: 'Helsinginkatu 1',
          districtCode: 'kallio',
          language: 'fi',
          ...overrides,
        })
        .expect(201)
    ).body as { id: string; trackingCode: string };

  beforeAll(async () => {
    env = await startPortalTestEnv('portal_case_work');
    worker = await (await env.browser.newContext({ locale: 'fi-FI' })).newPage();
    resident = await (await env.browser.newContext({ locale: 'fi-FI' })).newPage();
    await signIn(worker, env.url, 'case_worker', 'Kaisa Käsittelijä', 'KYMP');
  });
  afterAll(() => env?.close());

  it('merges by tracking code; another department’s case is refused beside the field; the duplicate’s page hides the original', async () => {
    const original = await report({ description: 'Yksityinen: asun Piilokatu 7 B 12, valo ikkunani alla rikki.', address: 'Piilokatu 7' });
    const kuva = await report({ kind: 'feedback', categoryCode: '310', description: 'Toisen toimialan asia, ei julkinen.', address: undefined });
    const duplicate = await report({ description: 'Sama katuvalo on edelleen rikki.' });

    await worker.goto(`${env.url}/staff/cases/${duplicate.id}`);
    await worker.fill('#f-merge-originalTrackingCode', kuva.trackingCode);
    await submit(worker, '#merge-form button');
    expect(await texts(worker, '#f-merge-error')).toEqual(['Et voi yhdistää palautetta tähän palautteeseen: se kuuluu toiselle toimialalle.']);
    expect(await worker.inputValue('#f-merge-originalTrackingCode')).toBe(kuva.trackingCode);
    expect(await worker.getAttribute('#f-merge-originalTrackingCode', 'aria-invalid')).toBe('true');
    expect(await axeViolations(worker)).toEqual([]);

    await worker.fill('#f-merge-originalTrackingCode', original.trackingCode.toLowerCase());
    await submit(worker, '#merge-form button');
    expect(await texts(worker, '.notice-success')).toEqual(['Palaute yhdistettiin.']);

    // The duplicate's sender: no link to the original, none of its text, while it is unpublished.
    await resident.goto(`${env.url}/feedback/track/${duplicate.id}`);
    expect(await texts(resident, '#merged-notice')).toEqual(['Tämä palaute yhdistettiin toiseen samaa asiaa koskevaan palautteeseen, jota käsitellään.']);
    const html = await resident.content();
    for (const secret of [original.id, original.trackingCode, 'Piilokatu']) expect(html).not.toContain(secret);
    expect(await resident.locator('#merged-notice a').count()).toBe(0);
    expect(await axeViolations(resident)).toEqual([]);

    // Published: the notice leads to the original's public page, by code.
    await worker.goto(`${env.url}/staff/cases/${original.id}`);
    await submit(worker, 'main form[action$="/publish"] button');
    await resident.goto(`${env.url}/feedback/track/${duplicate.id}`);
    expect(await resident.getAttribute('#merged-notice a', 'href')).toBe(`/feedback/track/${original.trackingCode}`);
    expect(await resident.content()).not.toContain(original.id);
  });

  it('shows likely duplicates on the case page and merges into one in one step', async () => {
    const at = { lat: 60.171, lon: 24.941, address: undefined, districtCode: 'kallio' };
    const first = await report({ ...at, description: 'Liikennevalo pimeänä rautatieasemalla.' });
    const second = await report({ ...at, lat: 60.1712, description: 'Liikennevalot eivät toimi aseman edessä.' });
    await worker.goto(`${env.url}/staff/cases/${second.id}`);
    expect(await texts(worker, '#likely-duplicates li a')).toEqual([first.trackingCode]);
    expect(await axeViolations(worker)).toEqual([]);
    await submit(worker, `#likely-duplicates form button:has-text("${first.trackingCode}")`);
    expect(await texts(worker, '.notice-success')).toEqual(['Palaute yhdistettiin.']);
    const [row] = await env.feedback.dataSource.query(`SELECT merged_into_id FROM feedback_requests WHERE id = $1`, [second.id]);
    expect(row.merged_into_id).toBe(first.id);
  });

  it('a stale change keeps what the case worker typed and shows what changed meanwhile', async () => {
    const { id } = await report();
    await worker.goto(`${env.url}/staff/cases/${id}`);
    // A colleague claims it in another tab while this page is open.
    const other = await worker.context().newPage();
    await other.goto(worker.url());
    await submit(other, 'main form[action$="/claim"] button');
    await other.close();

    await worker.fill('#f-replies-body', 'Kiitos! Korjaamme valon tällä viikolla.');
    await submit(worker, 'main form[action$="/replies"] button');
    expect(await texts(worker, '#stale-notice p:first-child')).toEqual([
      'Joku muu muutti palautetta sillä välin, joten muutostasi ei tallennettu. Kirjoittamasi teksti on tallessa alla: tarkista muutokset ja lähetä uudelleen.',
    ]);
    expect((await texts(worker, '#stale-changes li')).join(' ')).toContain('Otettu käsittelyyn');
    expect(await worker.inputValue('#f-replies-body')).toBe('Kiitos! Korjaamme valon tällä viikolla.');
    expect(await axeViolations(worker)).toEqual([]);

    // The form now carries the current version: sending again works.
    await submit(worker, 'main form[action$="/replies"] button');
    expect(await texts(worker, '.notice-success')).toEqual(['Vastaus lähetettiin.']);
  });

  it('an admin creates an Open311 key by POST-redirect-GET: shown once, a reload makes no second key; revoking asks first', async () => {
    const admin = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await signIn(admin, env.url, 'admin', 'Anna Admin');
    const keys = async () => (await env.feedback.dataSource.query(`SELECT id, revoked_at FROM open311_api_keys WHERE label = 'Fiksu kaupunki'`)) as { id: string; revoked_at: Date | null }[];

    await admin.goto(`${env.url}/admin/open311-keys`);
    await admin.fill('#f-label', 'Fiksu kaupunki');
    const [response] = await submit(admin, 'main form[action="/admin/open311-keys"] button');
    expect(admin.url()).toBe(`${env.url}/admin/open311-keys?done=created`);
    expect(response!.request().method()).toBe('GET');
    const shown = (await admin.textContent('#new-key'))!.trim();
    expect(shown.length).toBeGreaterThan(20);
    expect(admin.url()).not.toContain(shown);
    const cookies = await admin.context().cookies();
    expect(JSON.stringify(cookies)).not.toContain(shown);
    expect(await keys()).toHaveLength(1);

    // A reload is a GET: no second key, and the key is not shown again.
    await admin.reload();
    expect(await admin.locator('#new-key').count()).toBe(0);
    expect(await keys()).toHaveLength(1);

    // Revoking asks first; cancelling keeps the key.
    await submit(admin, 'main form[action$="/revoke"] button');
    expect((await admin.textContent('h1'))!.trim()).toBe('Revoke the key Fiksu kaupunki?');
    expect(await axeViolations(admin)).toEqual([]);
    await submit(admin, 'main a:has-text("Cancel")');
    expect((await keys())[0].revoked_at).toBeNull();
    await submit(admin, 'main form[action$="/revoke"] button');
    await submit(admin, '#confirm-button');
    expect(await texts(admin, '.notice-success')).toEqual(['The key was revoked.']);
    expect((await keys())[0].revoked_at).not.toBeNull();
  });

  it('an admin sets a category’s group; residents find it under that heading', async () => {
    const admin = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await signIn(admin, env.url, 'admin', 'Anna Admin');
    await admin.goto(`${env.url}/admin/categories/320/edit`);
    await admin.getByLabel('Group (the heading the category is listed under on the feedback form)').fill('Culture and leisure');
    expect(await axeViolations(admin)).toEqual([]);
    await submit(admin, 'main form[action$="/edit"] button[type=submit]');
    expect(admin.url()).toBe(`${env.url}/admin/categories?done=1`);
    expect((await env.feedback.dataSource.query(`SELECT group_name FROM categories WHERE code = '320'`))[0].group_name).toBe('Culture and leisure');
    await resident.goto(`${env.url}/feedback/new`);
    expect(await resident.locator('#f-categoryCode optgroup[label="Culture and leisure"] option[value="320"]').count()).toBe(1);
  });

  it('finds a case in the queue by its tracking code or a word of its text, even once closed', async () => {
    const { id, trackingCode } = await report({ description: 'Suihkulähde vuotaa Esplanadilla.' });
    await env.feedback.http().post(`/feedback/cases/${id}/reject`).auth(await env.feedback.token('admin'), { type: 'bearer' }).send({ version: 1, reason: 'Korjattu jo' }).expect(200);
    await worker.goto(`${env.url}/staff/queue/KYMP`);
    expect(await texts(worker, '#queue tbody a')).not.toContain(trackingCode);
    await worker.fill('#q-q', trackingCode);
    await submit(worker, 'form.filters[aria-label] button[type=submit]');
    expect(await texts(worker, '#queue tbody a')).toEqual([trackingCode]);
    await worker.fill('#q-q', 'suihkulähde');
    await submit(worker, 'form.filters[aria-label] button[type=submit]');
    expect(await texts(worker, '#queue tbody a')).toEqual([trackingCode]);
    expect(await worker.inputValue('#q-q')).toBe('suihkulähde');
    expect(await axeViolations(worker)).toEqual([]);
  });

  it('resolving without an outcome is refused beside the field', async () => {
    const { id } = await report();
    await worker.goto(`${env.url}/staff/cases/${id}`);
    await submit(worker, 'main form[action$="/claim"] button');
    await submit(worker, 'main form[action$="/resolve"] button');
    expect(await worker.getAttribute('#f-resolve-resolution', 'aria-invalid')).toBe('true');
    expect((await worker.textContent('#case-status'))!.trim()).toBe('Käsittelyssä');
  });
  it('an admin writes a canned response in three languages; a case worker starts a Swedish sender’s answer with it, edits and sends it', async () => {
    const admin = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await signIn(admin, env.url, 'admin', 'Anna Admin');
    await admin.goto(`${env.url}/admin/canned-responses/new`);
    // Refused without a place and a Swedish text: the form keeps what was typed.
    await admin.fill('#f-titleFi', 'Lamp ordered');
    await submit(admin, 'main form button[type=submit]');
    expect(await admin.getAttribute('#f-place', 'aria-invalid')).toBe('true');
    expect(await admin.getAttribute('#f-bodySv', 'aria-invalid')).toBe('true');
    expect(await admin.inputValue('#f-titleFi')).toBe('Lamp ordered');
    expect(await axeViolations(admin)).toEqual([]);

    await admin.selectOption('#f-place', 'category:171');
    await admin.fill('#f-titleFi', 'Lamppu tilattu');
    await admin.fill('#f-titleSv', 'Lampan beställd');
    await admin.fill('#f-titleEn', 'Lamp ordered');
    await admin.fill('#f-bodyFi', 'Kiitos palautteesta. Uusi lamppu on tilattu.');
    await admin.fill('#f-bodySv', 'Tack för responsen. En ny lampa har beställts.');
    await admin.fill('#f-bodyEn', 'Thank you for your feedback. A new lamp has been ordered.');
    await submit(admin, 'main form button[type=submit]');
    expect(admin.url()).toBe(`${env.url}/admin/canned-responses?done=1`);
    expect(await texts(admin, '#canned-responses tbody td:first-child')).toContain('Lamp ordered');
    expect(await axeViolations(admin)).toEqual([]);

    const { id } = await report({ language: 'sv', description: 'Gatlampan är trasig.' });
    await worker.goto(`${env.url}/staff/cases/${id}`);
    await submit(worker, 'main form[action$="/claim"] button');
    // Titled in the case worker's language, written in the sender's.
    expect(await texts(worker, '#f-canned option')).toEqual(['Lamppu tilattu']);
    await submit(worker, '#canned-form button[value=replies]');
    expect(await worker.inputValue('#f-replies-body')).toBe('Tack för responsen. En ny lampa har beställts.');
    expect(await worker.getAttribute('#f-replies-body', 'lang')).toBe('sv');
    expect(await axeViolations(worker)).toEqual([]);
    await worker.fill('#f-replies-body', 'Tack för responsen. En ny lampa har beställts och byts på fredag.');
    await submit(worker, 'main form[action$="/replies"] button');
    const detail = await env.feedback.http().get(`/feedback/cases/${id}`).auth(await env.feedback.token('admin'), { type: 'bearer' }).expect(200);
    expect(detail.body.messages.map((m: { body: string }) => m.body)).toEqual(['Tack för responsen. En ny lampa har beställts och byts på fredag.']);
  });
});
