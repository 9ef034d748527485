/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright-core';
import type { GeocoderStub } from '../../../scripts/geocoder-stub.mjs';
import { waitFor } from '@vaikuta/testing';
import { axeViolations, PortalTestEnv, signIn, startPortalTestEnv } from './portal-test-env';

/**
 * "Done when" of issue 8, as a new resident on a phone-sized browser: report a pothole by
 * placing a pin on the map, then a second resident at the same spot is offered that report
 * ("Is it one of these?") and adds "me too" instead of a duplicate. The map's tiles come from
 * a server that does not answer, as on a closed network: the outlines and the pin still show.
 */
describe('portal: reporting with the map, at 375 px', () => {
  let stub: GeocoderStub;
  let env: PortalTestEnv;
  const saved = { GEOCODER_URL: process.env.GEOCODER_URL, MAP_TILE_URL: process.env.MAP_TILE_URL };
  let first: { context: BrowserContext; page: Page };
  let trackingCode: string;

  async function phone(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await env.browser.newContext({ locale: 'fi-FI', viewport: { width: 375, height: 740 }, hasTouch: true });
    return { context, page: await context.newPage() };
  }
  const status = (page: Page) => page.locator('[data-map-status]').textContent().then((s) => (s ?? '').trim());

  /** Search an address with the map's search; the map centres on it. */
  async function searchAddress(page: Page, address: string) {
    await page.fill('#f-map-search', address);
    await page.press('#f-map-search', 'Enter');
    await waitFor(async () => (await status(page)).includes(address), { what: `the pin at ${address}` });
  }

  beforeAll(async () => {
    const { startGeocoderStub } = await import('../../../scripts/geocoder-stub.mjs');
    stub = await startGeocoderStub({ port: 0 });
    // The feedback service and the portal read these when the environment boots.
    process.env.GEOCODER_URL = stub.url;
    process.env.MAP_TILE_URL = 'http://127.0.0.1:9/{z}/{x}/{y}.png';
    env = await startPortalTestEnv('report_map');
    first = await phone();
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await env?.close();
    await stub?.close();
  });

  it('shows the map with district outlines when the tiles cannot load, and passes axe', async () => {
    const { page } = first;
    await page.goto(`${env.url}/feedback/new`);
    await page.waitForSelector('#f-map .leaflet-overlay-pane path', { state: 'attached' });
    expect(await page.locator('#f-map .leaflet-overlay-pane path').count()).toBe(6);
    await waitFor(async () => (await status(page)) === 'Taustakarttaa ei saatu ladattua. Kaupunginosien rajat ja merkki näkyvät silti.', {
      what: 'the note that tiles failed',
    });
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // The attribution's links (Leaflet's own among them) are underlined, not told apart from the
    // text by colour alone: axe's link-in-text-block found Leaflet's in an accessibility sweep
    // (not on every run, so the sweep alone does not guard it).
    const attributionLinks = page.locator('#f-map .leaflet-control-attribution a');
    expect(await attributionLinks.count()).toBeGreaterThan(0);
    expect(await attributionLinks.evaluateAll((links) => links.map((a) => getComputedStyle(a).textDecorationLine))).toEqual(
      Array(await attributionLinks.count()).fill('underline'),
    );
    expect(await axeViolations(page)).toEqual([]);
  });

  it('says so visibly when the location is not allowed', async () => {
    const { page } = first;
    await page.click('[data-map-locate]');
    await waitFor(async () => (await status(page)).startsWith('Et antanut lupaa sijaintiisi'), { what: 'the denied-location message' });
    expect(await page.getAttribute('[data-map-status]', 'class')).toContain('is-error');
  });

  it('reports a pothole by placing a pin: the address and district are filled from the point', async () => {
    const { page } = first;
    await page.check('#f-kind-fault');
    await page.selectOption('#f-categoryCode', '171');
    await page.fill('#f-description', 'Syvä kuoppa ajoradalla.\nPyöräilijä voi kaatua siihen pimeällä.');
    expect((await page.textContent('#f-description-count'))!.trim()).toMatch(/^\d+ \/ 5000 merkkiä$/);
    await searchAddress(page, 'Helsinginkatu 12');
    // Now the pin goes where the map is tapped: a little east of the searched point.
    const searched = Number(await page.inputValue('#f-lon'));
    const box = (await page.locator('#f-map').boundingBox())!;
    // locator.click scrolls the map into view first, as a person would.
    await page.locator('#f-map').click({ position: { x: box.width / 2 + 60, y: box.height / 2 } });
    await waitFor(async () => Number(await page.inputValue('#f-lon')) > searched + 0.0002, { what: 'the pin to move where the map was tapped' });
    await waitFor(async () => /^Paikka merkitty: Helsinginkatu 1\d, Kallio\.$/.test(await status(page)), { what: 'the address of the tapped point' });
    const lat = Number(await page.inputValue('#f-lat'));
    const lon = Number(await page.inputValue('#f-lon'));
    expect(lat).toBeCloseTo(60.187, 2);
    expect(await page.inputValue('#f-address')).toMatch(/^Helsinginkatu 1\d$/);
    expect(await page.inputValue('#f-districtCode')).toBe('kallio');
    expect(await page.locator('[data-suggestions]').isHidden()).toBe(true);

    await Promise.all([page.waitForURL(/\/feedback\/sent\//), page.click('main form[enctype] button[type=submit]')]);
    trackingCode = (await page.textContent('#tracking-code'))!.trim();
    const [row] = await env.feedback.dataSource.query(`SELECT lat, lon, address, district_code, description FROM feedback_requests WHERE tracking_code = $1`, [trackingCode]);
    expect(row.district_code).toBe('kallio');
    expect(row.address).toMatch(/^Helsinginkatu 1\d$/);
    expect(row.lat).toBeCloseTo(lat, 5);
    expect(row.lon).toBeCloseTo(lon, 5);

    // The tracking page keeps the line break.
    await page.click('#tracking-link');
    const description = page.locator('p.user-text').first();
    expect(await description.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre-line');
    expect(await description.innerText()).toBe('Syvä kuoppa ajoradalla.\nPyöräilijä voi kaatua siihen pimeällä.');
  });

  it('offers that report to the next person at the same spot, who says "me too" by keyboard', async () => {
    const second = await phone();
    const { page } = second;
    await page.goto(`${env.url}/feedback/new`);
    await page.check('#f-kind-fault');
    await page.selectOption('#f-categoryCode', '171');
    await searchAddress(page, 'Helsinginkatu 12');
    // Keyboard users pin the centre of the map.
    await page.focus('[data-map-pin-centre]');
    await page.keyboard.press('Enter');
    const offer = page.locator('[data-suggestions] li');
    await offer.first().waitFor();
    expect(await offer.count()).toBe(1);
    // Someone else's unpublished report: no text, no address, only that it is being handled.
    const offered = (await offer.first().textContent())!;
    expect(offered).toMatch(/^Samanlainen ilmoitus noin \d+ m päässä on jo käsittelyssä\./);
    expect(offered).not.toContain('kuoppa');
    expect(offered).not.toContain('Helsinginkatu');
    expect(await axeViolations(page)).toEqual([]);

    await page.fill('#f-email', 'toinen@example.fi');
    await page.check('#f-contactConsent');
    await page.focus('[data-metoo]');
    await Promise.all([page.waitForURL(/\/feedback\/support$/), page.keyboard.press('Enter')]);
    expect((await page.textContent('main h1'))!.trim()).toBe('Kiitos! Tukesi on kirjattu');
    expect(await page.textContent('main')).toContain(`Ilmoitusta ${trackingCode} tukee nyt 1 ihmistä`);
    expect(await page.textContent('main')).toContain('Kerromme sinulle, kun asia on käsitelty.');

    // No second report was made, and staff see the count on the case.
    const rows = await env.feedback.dataSource.query(`SELECT id FROM feedback_requests`);
    expect(rows).toHaveLength(1);
    const caseWorker = await env.feedback.token('case_worker', ['KYMP']);
    const kase = await env.feedback.http().get(`/feedback/cases/${rows[0].id}`).set('Authorization', `Bearer ${caseWorker}`).expect(200);
    expect(kase.body.supporterCount).toBe(1);
    await second.context.close();
  });

  it('wraps a 5,000-character word and keeps line breaks on the tracking page and the case page', async () => {
    const word = 'x'.repeat(4980); // with the first line, just under the 5,000-character limit
    const sent = await env.feedback
      .http()
      .post('/feedback/requests')
      .send({ kind: 'feedback', categoryCode: '246', description: `Ensimmäinen rivi.\n${word}`, address: 'Kaisaniemenpuisto' })
      .expect(201);
    const { page } = first;
    await page.goto(`${env.url}/feedback/track/${sent.body.id}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect((await page.locator('p.user-text').first().innerText()).split('\n')[0]).toBe('Ensimmäinen rivi.');

    const worker = await phone();
    await signIn(worker.page, env.url, 'case_worker', 'Kaisa Käsittelijä', 'KYMP');
    await worker.page.goto(`${env.url}/staff/cases/${sent.body.id}`);
    const description = worker.page.locator('p.user-text').first();
    expect((await description.innerText()).split('\n')[0]).toBe('Ensimmäinen rivi.');
    expect(await description.evaluate((el) => el.getBoundingClientRect().width)).toBeLessThanOrEqual(375);
    await worker.context.close();
  });

  it('keeps the filled form when a photo is too large, and says the photos must be attached again', async () => {
    const { page } = first;
    await page.goto(`${env.url}/feedback/new`);
    await page.selectOption('#f-categoryCode', '246');
    await page.fill('#f-description', 'Roskia puistossa penkkien ympärillä.');
    const big = { name: 'iso.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 0xff) };
    await page.setInputFiles('#f-photos', big);
    // Checked in the browser before any upload.
    expect((await page.textContent('#f-photos-check'))!.trim()).toBe('Kuva iso.jpg on yli 10 Mt. Pienennä kuvaa tai valitse toinen.');
    await page.click('main form[enctype] button[type=submit]');
    expect(page.url()).toMatch(/\/feedback\/new$/);

    // Past the browser's check (a script-less browser): the server answers with the form, filled.
    await page.evaluate(() => {
      const input = document.getElementById('f-photos') as HTMLInputElement;
      input.removeAttribute('data-max-bytes');
      input.setAttribute('data-max-bytes', String(Number.MAX_SAFE_INTEGER));
    });
    const [response] = await Promise.all([page.waitForNavigation(), page.click('main form[enctype] button[type=submit]')]);
    expect(response!.status()).toBe(413);
    expect(await page.inputValue('#f-description')).toBe('Roskia puistossa penkkien ympärillä.');
    expect(await page.inputValue('#f-categoryCode')).toBe('246');
    expect((await page.textContent('#f-photos-error'))!.trim()).toBe('Lähetys on liian suuri. Pienennä kuvia tai liitä vähemmän kuvia.');
    expect(await page.locator('.error-summary a[href="#f-photos"]').count()).toBe(1);
  });
});
