/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { PIXEL_PNG, PortalTestEnv, signIn, startPortalTestEnv } from './portal-test-env';

const submit = (page: Page, selector = 'main form[enctype] button[type=submit]') => Promise.all([page.waitForNavigation(), page.click(selector)]);
const texts = (page: Page, selector: string) => page.locator(selector).allTextContents().then((t) => t.map((s) => s.trim()));

/**
 * The promise end to end through the pages: a resident reports a fault with a photo, a case
 * worker finds it in the queue, answers and resolves it, and the resident sees the outcome.
 */
describe('portal: resident → case worker → resident', () => {
  let env: PortalTestEnv;
  let rPage: Page;
  let wPage: Page;
  let trackingPath: string;
  let trackingCode: string;

  beforeAll(async () => {
    env = await startPortalTestEnv('portal_flow');
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
    // Not yet published: found by its link, not listed publicly, photo not public.
    expect(await rPage.locator('.photos img').count()).toBe(0);
  });

  it('a case worker finds it in the queue, claims, answers and resolves it', async () => {
    await signIn(wPage, env.url, 'case_worker', 'Kaisa Käsittelijä', 'KYMP');
    expect(wPage.url()).toBe(`${env.url}/staff/queue/KYMP`);
    await wPage.selectOption('#q-kind', 'fault');
    await Promise.all([wPage.waitForNavigation(), wPage.click('form.filters[aria-label] button[type=submit]')]);
    await Promise.all([wPage.waitForNavigation(), wPage.click(`#queue a:has-text("${trackingCode}")`)]);
    expect(wPage.url()).toContain('/staff/cases/');
    // The case worker sees the photo before publication.
    const photo = await wPage.locator('.photos img').first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth);
    expect(photo).toBeGreaterThan(0);
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
    await rPage.waitForFunction(() => Array.from(document.querySelectorAll('.photos img')).every((i) => (i as HTMLImageElement).naturalWidth > 0));

    await rPage.goto(`${env.url}/language/sv?next=${encodeURIComponent(trackingPath)}`);
    expect(await rPage.getAttribute('html', 'lang')).toBe('sv');
    expect((await rPage.textContent('#status'))!.trim()).toBe('Löst');

    await rPage.goto(`${env.url}/my`);
    expect(await rPage.textContent('#my-sent')).toContain('Kuoppa pyörätiellä');
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
});
