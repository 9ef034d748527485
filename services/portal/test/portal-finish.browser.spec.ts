/// <reference lib="dom" />
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { PortalTestEnv, signIn, startPortalTestEnv } from './portal-test-env';

/** WCAG relative luminance of an `rgb(r, g, b)` colour. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

/**
 * The portal's finish: its headers, compression, icon and font, and pages a phone can use
 * (no sideways scrolling of the page, tables that scroll in a labelled box, 24 px targets,
 * status labels that are not buttons, a focus ring visible on the blue header).
 */
describe('portal: headers, compression and the pages at 375 px', () => {
  let env: PortalTestEnv;
  let worker: Page;
  let admin: Page;
  let anon: Page;

  beforeAll(async () => {
    env = await startPortalTestEnv('portal_finish');
    const phone = async () => (await env.browser.newContext({ locale: 'fi-FI', viewport: { width: 375, height: 800 } })).newPage();
    [worker, admin, anon] = [await phone(), await phone(), await phone()];
    await signIn(worker, env.url, 'case_worker', 'Kaisa', 'KUVA');
    await signIn(admin, env.url, 'admin', 'Outi');
    // A case in the queue, so its table has a row.
    await anon.goto(`${env.url}/feedback/new`);
    await anon.check('#f-kind-feedback');
    await anon.selectOption('#f-categoryCode', '320');
    await anon.fill('#f-description', 'Kirjaston lukusali on talvella liian kylmä, ja ovet vetävät.');
    await Promise.all([anon.waitForNavigation(), anon.click('main form[enctype] button[type=submit]')]);
  });
  afterAll(() => env?.close());

  describe('headers', () => {
    it('a page: nosniff, a CSP with the map’s tile server, a Permissions-Policy, no HSTS over plain http', async () => {
      const res = await fetch(`${env.url}/feedback/new`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).toMatch(/img-src 'self' data: https:\/\/tile\.openstreetmap\.org(;|$)/);
      const policy = res.headers.get('permissions-policy') ?? '';
      expect(policy).toContain('camera=()');
      expect(policy).toContain('microphone=()');
      expect(policy).toContain('geolocation=(self)');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    });

    it('pages with personal data are not stored; the hashed assets are kept for a year, cookies or not', async () => {
      const caseLink = await worker.goto(`${env.url}/staff/queue/KUVA`).then(() => worker.getAttribute('#queue tbody a', 'href'));
      for (const page of [caseLink!, '/my']) {
        const res = await worker.request.get(`${env.url}${page}`, { maxRedirects: 0 });
        expect([page, res.status(), res.headers()['cache-control']]).toEqual([page, 200, 'no-store']);
      }
      const stylesheet = await anon.getAttribute('link[rel=stylesheet]', 'href');
      const asset = await worker.request.get(`${env.url}${stylesheet}`);
      expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    });
  });

  describe('compression', () => {
    it('pages and styles come compressed for a browser that accepts it', async () => {
      const page = await fetch(`${env.url}/feedback`, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(page.headers.get('content-encoding')).toBe('br');
      const html = await anon.goto(`${env.url}/`).then(() => anon.content());
      const css = /href="(\/assets\/portal\.[0-9a-f]+\.css)"/.exec(html)![1];
      // Read the raw bytes to see they really are gzip, not only labelled so.
      const raw = await new Promise<Buffer>((resolve, reject) => {
        require('node:http')
          .get(`${env.url}${css}`, { headers: { 'accept-encoding': 'gzip' } }, (res: import('node:http').IncomingMessage) => {
            expect(res.headers['content-encoding']).toBe('gzip');
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
          })
          .on('error', reject);
      });
      const plain = zlib.gunzipSync(raw);
      expect(plain.toString('utf8')).toContain('.site-header');
      expect(raw.length).toBeLessThan(plain.length / 3);
    });
  });

  describe('icon and font', () => {
    it('has an SVG icon of its own, also at /favicon.ico', async () => {
      await anon.goto(`${env.url}/`);
      const href = await anon.getAttribute('link[rel=icon]', 'href');
      expect(href).toMatch(/^\/assets\/favicon\.[0-9a-f]+\.svg$/);
      const icon = await fetch(`${env.url}${href}`);
      expect([icon.status, icon.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
      expect(await icon.text()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      const legacy = await fetch(`${env.url}/favicon.ico`, { redirect: 'manual' });
      expect([legacy.status, legacy.headers.get('location')]).toEqual([301, href]);
    });

    it('uses the system font stack it names, and asks for no font it does not serve', async () => {
      await anon.goto(`${env.url}/`);
      const family = await anon.evaluate(() => getComputedStyle(document.body).fontFamily);
      expect(family.startsWith('system-ui')).toBe(true);
      const faces = await anon.evaluate(() => { const families: string[] = []; document.fonts.forEach((f) => families.push(f.family)); return families; });
      expect(faces).toEqual([]);
    });
  });

  describe('at 375 px', () => {
    const pages = (): [Page, string][] => [
      [anon, '/'],
      [anon, '/feedback'],
      [worker, '/staff/queue/KUVA'],
      [worker, '/staff/summaries'],
      [admin, '/admin/departments'],
      [admin, '/admin/categories'],
      [admin, '/admin/open311-keys'],
    ];

    it('no page scrolls sideways; a wide table scrolls in a focusable region named by its heading', async () => {
      for (const [page, path] of pages()) {
        await page.goto(`${env.url}${path}`);
        expect([path, await page.evaluate(() => document.documentElement.scrollWidth)]).toEqual([path, 375]);
        const regions = await page.evaluate(() =>
          Array.from(document.querySelectorAll<HTMLElement>('.table-scroll'))
            .filter((box) => box.scrollWidth > box.clientWidth)
            .map((box) => ({
              tabIndex: box.tabIndex,
              role: box.getAttribute('role'),
              label: document.getElementById(box.getAttribute('aria-labelledby') ?? '')?.textContent?.trim() ?? '',
            })),
        );
        for (const region of regions) expect([path, region]).toEqual([path, { tabIndex: 0, role: 'region', label: expect.stringMatching(/\S/) }]);
      }
      await worker.goto(`${env.url}/staff/queue/KUVA`);
      expect(await worker.evaluate(() => document.querySelector('.table-scroll')!.scrollWidth > 375)).toBe(true);
    });

    it('links and buttons that stand alone are at least 24 px tall', async () => {
      for (const [page, path] of pages()) {
        await page.goto(`${env.url}${path}`);
        const small = await page.evaluate(() =>
          Array.from(document.querySelectorAll<HTMLElement>('.site-header a, .site-header button, .main-nav a, table.data a, table.data button, main .wrap > p > a:only-child, .btn'))
            .filter((e) => e.getBoundingClientRect().height > 0 && e.getBoundingClientRect().height < 24)
            .map((e) => `${e.tagName} ${e.textContent?.trim()} ${Math.round(e.getBoundingClientRect().height)}px`),
        );
        expect([path, small]).toEqual([path, []]);
      }
    });

    it('a status is a rounded label without a border, unlike the square bordered buttons', async () => {
      await worker.goto(`${env.url}/staff/queue/KUVA`);
      const [status, button] = await worker.evaluate(() =>
        [document.querySelector('#queue .status')!, document.querySelector('main .btn')!].map((e) => {
          const s = getComputedStyle(e);
          return { border: s.borderTopStyle === 'none' ? 0 : parseFloat(s.borderTopWidth), radius: parseFloat(s.borderTopLeftRadius) };
        }),
      );
      expect(status).toEqual({ border: 0, radius: expect.any(Number) });
      expect(status.radius).toBeGreaterThanOrEqual(8);
      expect(button.border).toBeGreaterThan(0);
      expect(button.radius).toBe(0);
    });

    it('the focus ring on the blue header has at least 3:1 contrast against it', async () => {
      await anon.goto(`${env.url}/`);
      for (const selector of ['.site-header .brand', '.site-header nav a[hreflang="sv"]']) {
        await anon.focus(selector);
        const { ring, width, background } = await anon.evaluate((s) => {
          const e = document.querySelector(s)!;
          const style = getComputedStyle(e);
          return { ring: style.outlineColor, width: parseFloat(style.outlineWidth), background: getComputedStyle(document.querySelector('.site-header')!).backgroundColor };
        }, selector);
        expect(width).toBeGreaterThanOrEqual(2);
        expect([selector, contrast(ring, background) >= 3]).toEqual([selector, true]);
      }
    });
  });
});
