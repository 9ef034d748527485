/// <reference lib="dom" />
import type { Page, Request } from 'playwright-core';
import sharp from 'sharp';
import { axeViolations, PortalTestEnv, signIn, startPortalTestEnv } from './portal-test-env';

const MAKER = 'LeakyCam Portal-Test';

/**
 * A phone-sized photo as heavy as the 8.7 MB one the case page used to download for a 190 px
 * preview: shapes that survive shrinking (so the small sizes weigh what a photo's would),
 * under grain that does not compress; a maker and GPS position in its EXIF.
 */
async function bigPhoto(): Promise<Buffer> {
  const [width, height] = [4000, 3000];
  const shapes = Buffer.from(Array.from({ length: 40 * 30 * 3 }, () => Math.floor(Math.random() * 256)));
  const grain = await sharp({ create: { width, height, channels: 3, background: { r: 128, g: 128, b: 128 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).raw().toBuffer();
  return sharp(shapes, { raw: { width: 40, height: 30, channels: 3 } })
    .resize(width, height, { kernel: 'cubic' })
    .composite([{ input: grain, raw: { width, height, channels: 3 }, blend: 'soft-light' }])
    .withExif({ IFD0: { Make: MAKER }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '60/1 10/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '24/1 56/1 0/1' } })
    .jpeg({ quality: 92 })
    .toBuffer();
}

/**
 * The photos a page load asked for, and their bytes (fetched again by the page, with its
 * cookies, so the measure does not depend on what the browser cache hands back).
 */
async function photoTraffic(page: Page, url: string, pattern: RegExp): Promise<{ url: string; bytes: Buffer }[]> {
  const requested: string[] = [];
  const onRequest = (req: Request) => {
    if (pattern.test(req.url())) requested.push(req.url());
  };
  page.on('request', onRequest);
  await page.goto(url);
  // The photos (not a map's tiles, which may never load here).
  await page.waitForFunction(() => Array.from(document.querySelectorAll('.photos img, .results img')).every((i) => (i as HTMLImageElement).complete));
  page.off('request', onRequest);
  return Promise.all(requested.map(async (u) => ({ url: u, bytes: Buffer.from(await fetchBytes(page, u)) })));
}

async function fetchBytes(page: Page, href: string): Promise<Uint8Array> {
  const body = await page.evaluate(async (h) => {
    const res = await fetch(h);
    if (!res.ok) throw new Error(`${h}: ${res.status}`);
    return Array.from(new Uint8Array(await res.arrayBuffer()));
  }, href);
  return Uint8Array.from(body);
}

describe('portal: photos in small sizes without metadata, and searching published feedback', () => {
  let env: PortalTestEnv;
  let anon: Page;
  let worker: Page;
  let upload: Buffer;
  let withPhoto: { id: string; trackingCode: string };
  let withoutPhoto: { id: string; trackingCode: string };

  beforeAll(async () => {
    env = await startPortalTestEnv('portal_photos');
    anon = await (await env.browser.newContext({ locale: 'fi-FI', viewport: { width: 375, height: 800 } })).newPage();
    worker = await (await env.browser.newContext({ locale: 'fi-FI' })).newPage();
    await signIn(worker, env.url, 'case_worker', 'Kaisa', 'KYMP');
    upload = await bigPhoto();
    const token = await env.feedback.token('case_worker', ['KYMP']);
    const send = async (title: string, description: string, photo?: Buffer, place: Record<string, string> = {}) => {
      let req = env.feedback
        .http()
        .post('/feedback/requests')
        .field('kind', 'fault')
        .field('categoryCode', '171')
        .field('title', title)
        .field('description', description)
        .field('address', 'Hämeentie 3');
      for (const [name, value] of Object.entries(place)) req = req.field(name, value);
      if (photo) req = req.attach('photos', photo, { filename: 'kuoppa.jpg', contentType: 'image/jpeg' });
      const sent = (await req.expect(201)).body;
      await env.feedback.http().post(`/feedback/cases/${sent.id}/publish`).auth(token, { type: 'bearer' }).send({ version: 1 }).expect(200);
      return sent;
    };
    withPhoto = await send('Kuoppa Hämeentiellä', 'Syvä kuoppa ajoradalla bussipysäkin kohdalla.', upload, { lat: '60.1841', lon: '24.9494' });
    withoutPhoto = await send('Katuvalo pimeänä', 'Katuvalo ei pala illalla suojatien kohdalla.');
  }, 300_000);
  afterAll(() => env?.close());

  it('the case page shows a thumbnail instead of downloading the original, and links to the stripped original', async () => {
    const traffic = await photoTraffic(worker, `${env.url}/staff/cases/${withPhoto.id}`, /\/photos\//);
    const loaded = traffic.reduce((n, r) => n + r.bytes.length, 0);
    const original = await worker.evaluate(async (h) => {
      const res = await fetch(h);
      return res.ok && res.headers.get('content-type') === 'image/jpeg' ? (await res.arrayBuffer()).byteLength : -res.status;
    }, (await worker.getAttribute('.photos a', 'href'))!);
    // For the record (bench-style): what the preview cost before (the original) and now.
    console.log(`case page photo weight: upload ${upload.length} B; before (original) ${original} B; now ${loaded} B`);
    expect(traffic.map((r) => new URL(r.url).search)).toEqual(['?size=thumb']);
    expect(loaded).toBeLessThan(100_000);
    expect(original).toBeGreaterThan(1_000_000);
    for (const { bytes } of traffic) expect(bytes.includes(MAKER)).toBe(false);
    expect(await axeViolations(worker)).toEqual([]);
  });

  it('the tracking page shows the thumbnail, links the display size, and no photo carries the camera’s data', async () => {
    const traffic = await photoTraffic(anon, `${env.url}/feedback/track/${withPhoto.trackingCode}`, /\/photos\//);
    expect(traffic.map((r) => new URL(r.url).search)).toEqual(['?size=thumb']);
    const display = await fetchBytes(anon, (await anon.getAttribute('.photos a', 'href'))!);
    for (const bytes of [...traffic.map((r) => r.bytes), Buffer.from(display)]) {
      expect(bytes.includes(MAKER)).toBe(false);
      expect((await sharp(bytes).metadata()).exif).toBeUndefined();
    }
    expect((await sharp(Buffer.from(display)).metadata()).width).toBe(1280);
    expect(await axeViolations(anon)).toEqual([]);
  });

  it('the public list shows a thumbnail beside a report with a photo, and searching narrows it', async () => {
    const traffic = await photoTraffic(anon, `${env.url}/feedback`, /\/photos\//);
    expect(traffic.map((r) => new URL(r.url).search)).toEqual(['?size=thumb']);
    expect(await anon.locator('.results li.has-thumb h3').allTextContents()).toEqual(['Kuoppa Hämeentiellä']);
    expect(await anon.locator('.results h3').count()).toBe(2);

    await anon.fill('#b-q', 'katuvalot');
    await Promise.all([anon.waitForNavigation(), anon.click('.filters button[type=submit]')]);
    expect(new URL(anon.url()).searchParams.get('q')).toBe('katuvalot');
    expect((await anon.locator('.results h3').allTextContents()).map((s) => s.trim())).toEqual(['Katuvalo pimeänä']);
    expect(await anon.inputValue('#b-q')).toBe('katuvalot');
    expect(await axeViolations(anon)).toEqual([]);

    await anon.goto(`${env.url}/feedback?q=${encodeURIComponent(withoutPhoto.trackingCode)}`);
    expect((await anon.locator('.results h3').allTextContents()).map((s) => s.trim())).toEqual(['Katuvalo pimeänä']);
    await anon.goto(`${env.url}/feedback?q=olematonsana`);
    expect((await anon.locator('.results li').allTextContents()).map((s) => s.trim())).toEqual(['Näillä ehdoilla ei löytynyt palautteita.']);
    // Nothing on the list is wider than a phone.
    expect(await anon.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });

  it('a map above the list shows the published reports that have a place, even where tiles cannot load', async () => {
    await anon.goto(`${env.url}/feedback`);
    // Tiles come from the default tile server, which a test machine cannot reach: the pins,
    // the district outlines and the count still show.
    await anon.waitForFunction(() => document.querySelector('[data-map-status]')?.textContent?.includes('Kartalla on 1 palaute.'));
    expect(await anon.isVisible('[data-public-map] .map-canvas')).toBe(true);
    expect(await anon.locator('.public-pin').count()).toBe(1);
    expect(await anon.locator('.leaflet-overlay-pane path').count()).toBeGreaterThan(0);
    // A pin is a button in the tab order, named by its report; Enter opens its card.
    const pin = anon.locator('.public-pin');
    expect(await pin.getAttribute('title')).toBe('Kuoppa Hämeentiellä, Vastaanotettu');
    expect(await pin.getAttribute('tabindex')).toBe('0');
    await pin.focus();
    await anon.keyboard.press('Enter');
    await anon.waitForSelector('.leaflet-popup a');
    expect(await anon.getAttribute('.leaflet-popup a', 'href')).toBe(`/feedback/track/${encodeURIComponent(withPhoto.trackingCode)}`);
    expect(await axeViolations(anon)).toEqual([]);

    // The map follows the list's search.
    await anon.goto(`${env.url}/feedback?q=katuvalo`);
    await anon.waitForFunction(() => document.querySelector('[data-map-status]')?.textContent?.includes('Kartalla ei ole palautteita'));
    expect(await anon.locator('.public-pin').count()).toBe(0);
  });

  it('without JavaScript the page is the list, and no map placeholder shows', async () => {
    const page = await (await env.browser.newContext({ locale: 'fi-FI', javaScriptEnabled: false })).newPage();
    await page.goto(`${env.url}/feedback`);
    expect(await page.isVisible('[data-public-map]')).toBe(false);
    expect(await page.locator('.results h3').count()).toBe(2);
    await page.context().close();
  });
});
