import sharp from 'sharp';
import { PremisesHttp } from '@vaikuta/contracts';
import { accessibleAt375 } from './budgeting-portal';
import { hallRequest, PremisesPagesEnv, startPremisesPagesEnv } from './premises-portal';

// A space's photos on its public page: uploaded to the grants service by a manager, shown by
// the portal from its own origin with the alt text of the page's language, without JavaScript.

describe('space photos on the space page', () => {
  let env: PremisesPagesEnv;
  let hall: PremisesHttp.SpaceDetail;
  let photo: PremisesHttp.SpacePhoto;

  beforeAll(async () => {
    env = await startPremisesPagesEnv('space-photos-page');
    const manager = await env.token({ sub: 'demo-premises-manager-photos', roles: ['premises_manager'] });
    hall = await env.api('POST', '/premises/spaces', manager, hallRequest({ name: { fi: `Kuvasali ${Date.now()}` } }));
    const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#47a' } })
      .jpeg()
      .withExif({ IFD0: { Artist: 'Maija Meikäläinen' } })
      .toBuffer();
    const form = new FormData();
    form.set('alt.fi', 'Salin näyttämö ja tuolirivit');
    form.set('alt.sv', 'Salens scen och stolsrader');
    form.set('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'sali.jpg');
    photo = await env.api('POST', `/premises/spaces/${hall.id}/photos`, manager, form);
  }, 180_000);

  afterAll(() => env?.close());

  it('shows the photo with its alt text in the page language, loaded through the portal, at 375 px and axe-clean', async () => {
    const { context, page } = await env.visitor(undefined, { js: true });
    await page.goto(`${env.base}/premises/spaces/${hall.id}`);
    const img = page.locator('#space-photos img');
    await expect(img.getAttribute('alt')).resolves.toBe('Salin näyttämö ja tuolirivit');
    await page.waitForFunction(() => {
      const i = document.querySelector<HTMLImageElement>('#space-photos img');
      return Boolean(i && i.complete && i.naturalWidth > 0);
    });
    await accessibleAt375(page, 'space-photos-375');
    await context.close();

    const served = await fetch(`${env.base}${photo.url}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('cache-control')).toContain('public');
    expect((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).exif).toBeUndefined();
    expect((await fetch(`${env.base}/premises/spaces/${hall.id}/photos/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('gives the Swedish alt text on a Swedish page, and works without JavaScript', async () => {
    const { context, page } = await env.visitor(undefined, { locale: 'sv', js: false });
    await page.goto(`${env.base}/premises/spaces/${hall.id}?lang=sv`);
    const img = page.locator('#space-photos img');
    expect(await img.getAttribute('alt')).toBe('Salens scen och stolsrader');
    expect(await img.getAttribute('lang')).toBe('sv');
    await context.close();
  });
});
