import type { Page } from 'playwright-core';
import { GrantsOfficerPagesEnv, startGrantsOfficerPagesEnv } from './grants-officer-portal';

// The officers' check of associations registered without a mandate (issue 11, point 1), in a
// browser without JavaScript at phone width against the real grants service.

describe('grants officers’ association checks', () => {
  let env: GrantsOfficerPagesEnv;
  let officer: string;

  beforeAll(async () => {
    env = await startGrantsOfficerPagesEnv('grants-officer-associations');
    officer = await env.token({ sub: 'assoc-officer', roles: ['grants_officer'], name: 'Olli' });
  }, 180_000);
  afterAll(async () => {
    await env?.close();
  });

  async function submit(page: Page, button: string): Promise<number | undefined> {
    const [answer] = await Promise.all([page.waitForNavigation(), page.click(button)]);
    return answer?.status();
  }

  it('lists pending registrations; a verification without a note is refused at the field, with one it is verified; a rejection shows its reason', async () => {
    const squatter = await env.token({ sub: 'assoc-squatter', roles: ['resident'] });
    const claimed = await env.api<{ id: string }>('POST', '/grants/associations', squatter, { name: 'Kallion Shakkikerho ry', registrationNumber: '321.654' });
    const group = await env.api<{ id: string }>('POST', '/grants/associations', squatter, { name: 'Tiistain lenkkiporukka', unregisteredGroup: true });

    const { page } = await env.visitor(officer);
    await page.goto(`${env.base}/staff/grants/associations`);
    expect(await page.textContent('#pending-associations')).toContain('Kallion Shakkikerho ry');
    await env.accessible(page, 'grants-officer-associations');

    await page.click('text=Kallion Shakkikerho ry');
    expect(await page.textContent('#verification')).toBe('Odottaa tarkistusta');
    await env.accessible(page, 'grants-officer-association');
    expect(await submit(page, 'form[action$="/verify"] button')).toBe(400);
    expect(await page.textContent('#note-error')).toBe('Kirjoita, mitä tarkistit.');
    await env.accessible(page, 'grants-officer-association-error');
    await page.fill('#note', 'Rekisteriote 1.12.2026');
    await submit(page, 'form[action$="/verify"] button');
    expect(page.url()).toBe(`${env.base}/staff/grants/associations?done=verified`);
    expect(await page.textContent('#pending-associations')).not.toContain('Kallion Shakkikerho ry');
    const verified = await env.api<{ verification: string }>('GET', `/grants/associations/${claimed.id}`, officer);
    expect(verified.verification).toBe('verified');

    await page.goto(`${env.base}/staff/grants/associations/${group.id}`);
    await page.fill('#reason', 'Ryhmää ei tunneta');
    await submit(page, 'form[action$="/reject"] button');
    const rejected = await env.api<{ verification: string; rejectionReason: string }>('GET', `/grants/associations/${group.id}`, squatter);
    expect(rejected).toMatchObject({ verification: 'rejected', rejectionReason: 'Ryhmää ei tunneta' });
  });
});
