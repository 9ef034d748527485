/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { waitFor } from '@vaikuta/testing';
import { axeViolations, PIXEL_PNG, PortalTestEnv, settledMail, signIn, startPortalTestEnv } from './portal-test-env';

const submit = (page: Page, selector = 'main form[enctype] button[type=submit]') => Promise.all([page.waitForNavigation(), page.click(selector)]);
const texts = (page: Page, selector: string) => page.locator(selector).allTextContents().then((t) => t.map((s) => s.trim()));

/** The id in a tracking path or link (`/feedback/track/<id>`). */
const idOf = (path: string) => /\/feedback\/track\/([0-9a-f-]{36})/.exec(path)![1];

/**
 * The promise end to end through the pages: a resident reports a fault with a photo, a case
 * worker finds it in the queue, answers and resolves it, and the resident sees the outcome on
 * the tracking page and in their email. The feedback and notification services run on one
 * NATS namespace with an SMTP server of the test's own, the portal in front of both; one
 * Chromium serves every person in the file.
 */
describe('portal: resident → case worker → resident', () => {
  let env: PortalTestEnv;
  let rPage: Page;
  let wPage: Page;
  let trackingPath: string;
  let trackingCode: string;

  beforeAll(async () => {
    env = await startPortalTestEnv('portal_flow', { notifications: true });
    rPage = await (await env.browser.newContext({ locale: 'fi-FI' })).newPage();
    wPage = await (await env.browser.newContext({ locale: 'fi-FI' })).newPage();
  });
  afterAll(() => env?.close());

  it('shows the service’s field errors beside the fields, with a summary linking to them', async () => {
    await signIn(rPage, env.url, 'resident', 'Aino Asukas');
    await rPage.goto(`${env.url}/feedback/new`);
    await rPage.check('#f-kind-fault');
    await rPage.selectOption('#f-categoryCode', '171');
    await rPage.fill('#f-description', 'Kuoppa');
    await submit(rPage);
    expect(await texts(rPage, '.error-summary a')).toEqual([
      'Kirjoita kuvaukseen vähintään 10 merkkiä.',
      'Vikailmoitukseen tarvitaan paikka: kirjoita osoite tai anna koordinaatit.',
    ]);
    expect(await rPage.getAttribute('.error-summary a', 'href')).toBe('#f-description');
    expect((await rPage.textContent('#f-description-error'))!.trim()).toBe('Kirjoita kuvaukseen vähintään 10 merkkiä.');
    expect(await rPage.getAttribute('#f-description', 'aria-invalid')).toBe('true');
    // What was typed is kept.
    expect(await rPage.inputValue('#f-description')).toBe('Kuoppa');
    expect(await rPage.isChecked('#f-kind-fault')).toBe(true);

    await rPage.fill('#f-description', 'Syvä kuoppa pyörätiellä kirjaston edessä, vaarallinen pimeällä.');
    await rPage.fill('#f-email', 'aino@example.fi');
    await submit(rPage);
    expect(await texts(rPage, '.error-summary a')).toEqual([
      'Vikailmoitukseen tarvitaan paikka: kirjoita osoite tai anna koordinaatit.',
      'Tallennamme yhteystiedot vain suostumuksellasi: anna suostumus tai jätä yhteystiedot tyhjiksi.',
    ]);
    expect(await texts(rPage, '#f-address-error')).toEqual(['Vikailmoitukseen tarvitaan paikka: kirjoita osoite tai anna koordinaatit.']);
  });

  it('a resident sends a fault report with a photo and gets the tracking link', async () => {
    await rPage.fill('#f-address', 'Kallion kirjasto, Viides linja 11');
    await rPage.fill('#f-lat', '60.1841');
    await rPage.fill('#f-lon', '24.9494');
    await rPage.selectOption('#f-districtCode', 'kallio');
    await rPage.fill('#f-title', 'Kuoppa pyörätiellä');
    await rPage.setInputFiles('#f-photos', PIXEL_PNG);
    await rPage.check('#f-contactConsent');
    await submit(rPage);

    expect(rPage.url()).toMatch(/\/feedback\/sent\/[0-9a-f-]{36}$/);
    trackingCode = (await rPage.textContent('#tracking-code'))!.trim();
    expect(trackingCode).toMatch(/^VKT-\d{4}-\d{6}$/);
    trackingPath = (await rPage.getAttribute('#tracking-link', 'href'))!;
    expect(trackingPath).toMatch(/^\/feedback\/track\/[0-9a-f-]{36}$/);

    await rPage.goto(env.url + trackingPath);
    expect((await rPage.textContent('#status'))!.trim()).toBe('Vastaanotettu');
    // Not yet published: found by its link, not listed publicly, photo not public, not followable.
    expect(await rPage.locator('.photos img').count()).toBe(0);
    expect(await rPage.locator('main form[action="/my/follows"]').count()).toBe(0);
  });

  it('a case worker finds it in the queue, claims, answers and resolves it', async () => {
    await signIn(wPage, env.url, 'case_worker', 'Kaisa Käsittelijä', 'KYMP');
    expect(wPage.url()).toBe(`${env.url}/staff/queue/KYMP`);
    await wPage.selectOption('#q-kind', 'fault');
    await Promise.all([wPage.waitForNavigation(), wPage.click('form.filters[aria-label] button[type=submit]')]);
    await Promise.all([wPage.waitForNavigation(), wPage.click(`#queue a:has-text("${trackingCode}")`)]);
    expect(wPage.url()).toContain('/staff/cases/');
    // The case worker sees the photo before publication.
    // Thumbnails load lazily: scrolled to, it loads. decode() fails for a broken image (a 1 px
    // test image's naturalWidth rounds to 0 under the srcset's width descriptors, so not that).
    const thumbnail = wPage.locator('.photos img').first();
    await thumbnail.scrollIntoViewIfNeeded();
    const decoded = await thumbnail.evaluate((img: HTMLImageElement) => img.decode().then(() => img.currentSrc, (e: Error) => `broken: ${e.message}`));
    expect(decoded).toMatch(/\/photos\/[0-9a-f-]{36}\?size=thumb$/);
    expect(await wPage.textContent('main')).toContain('aino@example.fi');

    // A second tab keeps the page as it was, to try a stale change later.
    const stale = await wPage.context().newPage();
    await stale.goto(wPage.url());

    await submit(wPage, 'main form[action$="/claim"] button');
    expect(await texts(wPage, '.notice-success')).toEqual(['Otit palautteen käsittelyyn.']);
    expect((await wPage.textContent('#case-status'))!.trim()).toBe('Käsittelyssä');

    await wPage.fill('#f-replies-body', 'Kiitos ilmoituksesta! Korjaamme kuopan tällä viikolla.');
    await submit(wPage, 'main form[action$="/replies"] button');
    expect(await texts(wPage, '.notice-success')).toEqual(['Vastaus lähetettiin.']);

    await wPage.fill('#f-notes-body', 'Katutiimi hoitaa torstaina.');
    await submit(wPage, 'main form[action$="/notes"] button');

    await wPage.fill('#f-resolve-resolution', 'Kuoppa paikattiin torstaina.');
    await submit(wPage, 'main form[action$="/resolve"] button');
    expect((await wPage.textContent('#case-status'))!.trim()).toBe('Ratkaistu');
    const audit = await wPage.locator('table.data').last().textContent();
    expect(audit).toEqual(expect.stringContaining('Otettu käsittelyyn'));
    expect(audit).toEqual(expect.stringContaining('Sisäinen muistiinpano'));

    // The stale tab still carries version 1: the change is refused with a clear message.
    await Promise.all([stale.waitForNavigation(), stale.click('main form[action$="/publish"] button')]);
    expect(await texts(stale, '.notice-error p:first-child')).toEqual([
      'Joku muu muutti tätä palautetta sillä välin, joten muutostasi ei tallennettu. Lataa sivu uudelleen, tarkista tilanne ja tee muutos sitten uudelleen.',
    ]);
    await stale.close();

    // Publishing with the fresh version works, and it appears in the public list.
    await submit(wPage, 'main form[action$="/publish"] button');
    expect(await texts(wPage, '.notice-success')).toEqual(['Palaute julkaistiin.']);
  });

  it('the resident sees the outcome, the answer and the timeline on the tracking page', async () => {
    await rPage.goto(env.url + trackingPath);
    expect((await rPage.textContent('#status'))!.trim()).toBe('Ratkaistu');
    expect((await rPage.textContent('#outcome'))!.trim()).toBe('Kuoppa paikattiin torstaina.');
    expect(await rPage.textContent('.reply')).toContain('Korjaamme kuopan tällä viikolla.');
    expect(await texts(rPage, '.timeline li')).toEqual([
      expect.stringContaining('Palaute vastaanotettiin'),
      expect.stringContaining('Käsittelijä otti palautteen hoitaakseen'),
      expect.stringContaining('Kaupunki vastasi'),
      expect.stringContaining('Palaute ratkaistiin'),
      expect.stringContaining('Palaute julkaistiin'),
    ]);
    // No internal note and no staff identity reach the resident.
    expect(await rPage.textContent('main')).not.toContain('Katutiimi');
    expect(await rPage.textContent('main')).not.toContain('demo-case-worker');
    // Published now: the photo is public and the request is listed.
    const publicPhoto = rPage.locator('.photos img').first();
    await publicPhoto.scrollIntoViewIfNeeded();
    expect(await publicPhoto.evaluate((img: HTMLImageElement) => img.decode().then(() => 'shown', (e: Error) => `broken: ${e.message}`))).toBe('shown');

    await rPage.goto(`${env.url}/language/sv?next=${encodeURIComponent(trackingPath)}`);
    expect(await rPage.getAttribute('html', 'lang')).toBe('sv');
    expect((await rPage.textContent('#status'))!.trim()).toBe('Löst');

    await rPage.goto(`${env.url}/my`);
    expect(await rPage.textContent('#my-sent')).toContain('Kuoppa pyörätiellä');

    // Published, so anyone signed in may follow it once the notification service has heard;
    // the list names it by kind and tracking code (here in Swedish), never by its raw key.
    await waitFor(
      async () =>
        (await env.notifications!.dataSource.query(`SELECT 1 FROM public_items WHERE item_key = $1 AND published_at IS NOT NULL`, [`feedback:${idOf(trackingPath)}`]))
          .length === 1,
      { what: 'the publication reaching the notification service' },
    );
    await rPage.goto(env.url + trackingPath);
    await submit(rPage, 'main form[action="/my/follows"] button');
    expect(rPage.url()).toBe(`${env.url}/my?done=followed`);
    expect(await texts(rPage, '#my-follows a')).toEqual([`Respons ${trackingCode}`]);
    expect(await rPage.getAttribute('#my-follows a', 'href')).toBe(trackingPath);
    await rPage.goto(`${env.url}/feedback?kind=fault&status=closed`);
    expect(await rPage.textContent('.results')).toContain('Kuoppa pyörätiellä');
  });

  it('the summaries page counts it, with a CSV download', async () => {
    await wPage.goto(`${env.url}/staff/summaries`);
    expect(await wPage.textContent('#summary-table tbody')).toContain('Kaupunkiympäristön toimiala');
    const csv = await wPage.request.get(`${env.url}/staff/summaries.csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
  });

  it('the resident got the receipt, the answer and the outcome by email, each once, in Finnish', async () => {
    const mail = await settledMail(env, idOf(trackingPath), 'aino@example.fi');
    expect(mail.map((m) => m.subject).sort()).toEqual([
      `Kiitos palautteestasi – tunnus ${trackingCode}`,
      `Palautteesi ${trackingCode} on käsitelty`,
      `Vastaus palautteeseesi ${trackingCode}`,
    ]);
    const resolved = mail.find((m) => m.subject.includes('käsitelty'))!;
    expect(resolved.text).toContain('Kuoppa paikattiin torstaina.');
    expect(resolved.text).toContain(`${env.url}${trackingPath}?lang=fi`);
  });

  describe('in Swedish, by email, with a district an admin just added and a case assigned to a colleague', () => {
    const email = 'astrid@example.fi';
    const resolution = 'Gropen är lagad och cykelbanan asfalterad på nytt.';
    const colleague = 'demo-case-worker-kymp-ville-virtanen';
    let sPage: Page;
    let path: string;
    let code: string;

    beforeAll(async () => {
      sPage = await (await env.browser.newContext({ locale: 'sv-FI' })).newPage();
    });

    it('an admin adds a district, with field errors in the admin’s language', async () => {
      const aPage = await (await env.browser.newContext({ locale: 'fi-FI' })).newPage();
      await signIn(aPage, env.url, 'admin', 'Outi Ylläpitäjä');
      await aPage.goto(`${env.url}/admin`);
      await Promise.all([aPage.waitForNavigation(), aPage.click('main a[href="/admin/districts"]')]);
      expect(await aPage.textContent('#districts')).toContain('Kallio');
      await submit(aPage, 'main form[action="/admin/districts"] button');
      expect(await texts(aPage, '.error-summary a')).toEqual([
        'Käytä vain kirjaimia, numeroita, väliviivaa ja alaviivaa (enintään 64 merkkiä).',
        'Anna nimi.',
        'Anna nimi.',
        'Anna nimi.',
      ]);
      expect(await aPage.getAttribute('#f-nameSv', 'aria-invalid')).toBe('true');
      await aPage.fill('#f-code', 'kallio');
      await aPage.fill('#f-nameFi', 'Kallio');
      await aPage.fill('#f-nameSv', 'Berghäll');
      await aPage.fill('#f-nameEn', 'Kallio');
      await submit(aPage, 'main form[action="/admin/districts"] button');
      expect(await texts(aPage, '#f-code-error')).toEqual(['Tunnus on jo käytössä.']);
      expect(await aPage.inputValue('#f-nameSv')).toBe('Berghäll');
      await aPage.fill('#f-code', 'kumpula');
      await aPage.fill('#f-nameFi', 'Kumpula');
      await aPage.fill('#f-nameSv', 'Gumtäkt');
      await aPage.fill('#f-nameEn', 'Kumpula');
      await submit(aPage, 'main form[action="/admin/districts"] button');
      expect(await texts(aPage, '.notice-success')).toEqual(['Muutokset tallennettiin.']);
      expect(await aPage.textContent('#districts')).toContain('Gumtäkt');
      await aPage.context().close();
    });

    it('a Swedish-speaking resident sends a fault report with her email and consent', async () => {
      await sPage.goto(`${env.url}/feedback/new`);
      expect(await sPage.getAttribute('html', 'lang')).toBe('sv');
      await sPage.check('#f-kind-fault');
      await sPage.selectOption('#f-categoryCode', '171');
      await sPage.fill('#f-description', 'En djup grop på cykelbanan vid Gumtäkt gård, farlig i mörkret.');
      await sPage.fill('#f-address', 'Gumtäktsvägen 1');
      // The district added a moment ago, by its Swedish name.
      await sPage.selectOption('#f-districtCode', { label: 'Gumtäkt' });
      await sPage.fill('#f-email', email);
      await sPage.check('#f-contactConsent');
      await submit(sPage);
      expect(sPage.url()).toMatch(/\/feedback\/sent\/[0-9a-f-]{36}$/);
      code = (await sPage.textContent('#tracking-code'))!.trim();
      path = (await sPage.getAttribute('#tracking-link', 'href'))!;
      expect(path).toBe(`/feedback/track/${idOf(path)}`);
    });

    it('a case worker assigns it to a colleague chosen by name; the colleague starts and resolves it', async () => {
      // The colleague has signed in before, so the staff directory knows him.
      const vPage = await (await env.browser.newContext({ locale: 'fi-FI' })).newPage();
      await signIn(vPage, env.url, 'case_worker', 'Ville Virtanen', 'KYMP');

      await wPage.goto(`${env.url}/staff/queue/KYMP`);
      await Promise.all([wPage.waitForNavigation(), wPage.click(`#queue a:has-text("${code}")`)]);
      expect((await wPage.textContent('#case-assignee'))!.trim()).toBe('Ei käsittelijää');
      expect(await wPage.textContent('label[for="f-assign-assigneeId"]')).toBe('Työtoveri');

      await submit(wPage, 'main form[action$="/assign"] button');
      expect(await texts(wPage, '.error-summary a')).toEqual(['Valitse työtoveri.']);
      expect(await wPage.getAttribute('.error-summary a', 'href')).toBe('#f-assign-assigneeId');
      expect(await wPage.getAttribute('#f-assign-assigneeId', 'aria-invalid')).toBe('true');
      expect(await axeViolations(wPage)).toEqual([]);

      expect(await texts(wPage, '#f-assign-assigneeId option')).toEqual(expect.arrayContaining(['Ville Virtanen', 'Kaisa Käsittelijä (sinä)']));
      await wPage.selectOption('#f-assign-assigneeId', { label: 'Ville Virtanen' });
      await submit(wPage, 'main form[action$="/assign"] button');
      expect(await texts(wPage, '.notice-success')).toEqual(['Käsittelijä vaihdettiin.']);
      expect((await wPage.textContent('#case-assignee'))!.trim()).toBe('Ville Virtanen');
      expect(await wPage.getAttribute('#f-assign-assigneeId', 'id')).toBe('f-assign-assigneeId');
      // The event log names people, in the page's language, not ids.
      const log = (await wPage.locator('table.data').last().textContent())!;
      expect(log).toContain('Käsittelijä vaihdettu');
      expect(log).toContain('Ville Virtanen');
      expect(log).not.toContain(colleague);

      await vPage.goto(`${env.url}/staff/queue/KYMP?assignee=me`);
      expect(await texts(vPage, '#queue tbody a')).toEqual([code]);
      await Promise.all([vPage.waitForNavigation(), vPage.click(`#queue a:has-text("${code}")`)]);
      expect((await vPage.textContent('#case-assignee'))!.trim()).toBe('sinä');
      await submit(vPage, 'main form[action$="/start"] button');
      expect((await vPage.textContent('#case-status'))!.trim()).toBe('Käsittelyssä');
      await vPage.fill('#f-resolve-resolution', resolution);
      await submit(vPage, 'main form[action$="/resolve"] button');
      expect((await vPage.textContent('#case-status'))!.trim()).toBe('Ratkaistu');
      await vPage.context().close();
    });

    it('the resident sees the outcome on the tracking page, in Swedish', async () => {
      await sPage.goto(env.url + path);
      expect((await sPage.textContent('#status'))!.trim()).toBe('Löst');
      expect((await sPage.textContent('#outcome'))!.trim()).toBe(resolution);
    });

    it('her receipt and exactly one outcome email reach her, in Swedish, with a link to her tracking page and a working unsubscribe link', async () => {
      const id = idOf(path);
      const mail = await settledMail(env, id, email);
      expect(mail.map((m) => m.subject)).toEqual([`Tack för din respons – kod ${code}`, `Din respons ${code} är behandlad`]);
      const message = mail[1];
      expect(message.subject).toBe(`Din respons ${code} är behandlad`);
      expect(message.text).toContain('Vad vi gjorde:');
      expect(message.text).toContain(resolution);
      expect(message.html).toContain('<html lang="sv">');
      const tracking = `${env.url}/feedback/track/${id}?lang=sv`;
      expect(message.text).toContain(tracking);
      expect(message.html).toContain(`href="${tracking}"`);

      // The links open the portal in her language, whatever the browser they open in prefers.
      const reader = await (await env.browser.newContext({ locale: 'fi-FI' })).newPage();
      await reader.goto(tracking);
      expect(await reader.getAttribute('html', 'lang')).toBe('sv');
      expect((await reader.textContent('#status'))!.trim()).toBe('Löst');

      // The footer's link and List-Unsubscribe are the same: the portal's landing page.
      const unsubscribe = /Jag vill inte längre få meddelanden om det här: (\S+)/.exec(message.text)![1];
      expect(unsubscribe).toMatch(new RegExp(`^${env.url.replace(/[.]/g, '\\.')}/notifications/unsubscribe\\?token=[A-Za-z0-9_.%-]+&lang=sv$`));
      expect(message.headers['list-unsubscribe']).toContain(`<${unsubscribe}>`);
      expect(message.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
      const active = async () =>
        (await env.notifications!.dataSource.query(`SELECT active FROM subscriptions WHERE item_key = $1`, [`feedback:${id}`])).map((r: { active: boolean }) => r.active);
      expect(await active()).toEqual([true]);

      // Opening the link only asks (mail scanners follow links); the button stops the messages.
      await reader.goto(unsubscribe);
      expect(await reader.getAttribute('html', 'lang')).toBe('sv');
      expect((await reader.textContent('main .lead'))!.trim()).toBe('Vill du sluta få dessa meddelanden? Du kan ta dem i bruk igen i inställningarna för meddelanden.');
      expect(await axeViolations(reader)).toEqual([]);
      expect(await active()).toEqual([true]);
      await submit(reader, 'main form[action="/notifications/unsubscribe"] button');
      expect(await texts(reader, '.notice-success')).toEqual(['Klart, vi skickar inte längre dessa meddelanden till dig.']);
      expect(await axeViolations(reader)).toEqual([]);
      expect(await active()).toEqual([false]);
      await reader.context().close();

      // A mail client's RFC 8058 one-click POST to the same link, without cookies, is accepted too.
      const oneClick = (url: string) =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      expect((await oneClick(unsubscribe)).status).toBe(200);
      expect((await oneClick(`${env.url}/notifications/unsubscribe?token=forged.token&lang=sv`)).status).toBe(400);
      expect(await active()).toEqual([false]);
    });
  });
});
