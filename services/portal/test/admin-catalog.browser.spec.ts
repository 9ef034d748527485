/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { axeViolations, PortalTestEnv, signIn, startPortalTestEnv } from './portal-test-env';

const submit = (page: Page, selector = 'main form[action$="/edit"] button[type=submit]') => Promise.all([page.waitForNavigation(), page.click(selector)]);
const texts = (page: Page, selector: string) => page.locator(selector).allTextContents().then((t) => t.map((s) => s.trim()));

/**
 * An admin keeps the catalogue's names and settings right through the portal, working in
 * Swedish: what she saves is what residents choose from, and what the service refuses is
 * shown beside its field and changes nothing.
 */
describe('portal: an admin edits departments, categories and districts', () => {
  let env: PortalTestEnv;
  let admin: Page;
  let resident: Page;

  /** The category as the feedback service stores it. */
  const stored = async (code: string) =>
    (await env.feedback.dataSource.query(`SELECT name_fi, name_sv, department_code, service_level_days, description_sv, active FROM categories WHERE code = $1`, [code]))[0];
  /** The label of a category (or a district) on the public feedback form, in the resident's language. */
  const onPublicForm = async (code: string, field: 'categoryCode' | 'districtCode' = 'categoryCode') => {
    await resident.goto(`${env.url}/feedback/new`);
    return (await resident.textContent(`#f-${field} option[value="${code}"]`))?.trim();
  };
  /** The district's names as the feedback service stores them. */
  const storedDistrict = async (code: string) =>
    (await env.feedback.dataSource.query(`SELECT name_fi, name_sv, name_en FROM districts WHERE code = $1`, [code]))[0];

  beforeAll(async () => {
    env = await startPortalTestEnv('portal_admin_catalog');
    admin = await (await env.browser.newContext({ locale: 'sv-FI' })).newPage();
    resident = await (await env.browser.newContext({ locale: 'sv-FI' })).newPage();
    await signIn(admin, env.url, 'admin', 'Agneta Administratör');
  });
  afterAll(() => env?.close());

  it('renames a category in Swedish from its edit page; residents see the new name on the Swedish form', async () => {
    expect(await onPublicForm('320')).toBe('Bibliotek');

    await admin.goto(`${env.url}/admin/categories`);
    expect(await admin.getAttribute('html', 'lang')).toBe('sv');
    // Each row links to its edit page, named for screen readers by the category.
    const link = admin.locator('#categories a[href="/admin/categories/320/edit"]');
    expect((await link.textContent())!.trim()).toBe('Redigera: Bibliotek');
    await Promise.all([admin.waitForNavigation(), link.click()]);

    expect((await admin.textContent('h1'))!.trim()).toBe('Redigera ämne: Bibliotek');
    // Prefilled with what is stored; the names are a group of three labelled fields.
    const names = admin.getByRole('group', { name: 'Namn' });
    expect(await names.getByLabel('På finska', { exact: true }).inputValue()).toBe('Kirjastot');
    expect(await names.getByLabel('På svenska', { exact: true }).inputValue()).toBe('Bibliotek');
    expect(await names.getByLabel('På svenska', { exact: true }).getAttribute('lang')).toBe('sv');
    expect(await admin.getByLabel('Sektor', { exact: true }).inputValue()).toBe('KUVA');
    expect(await admin.getByLabel('Behandlingstid (arbetsdagar)').inputValue()).toBe('10');
    expect(await admin.getByRole('group', { name: 'Beskrivning' }).getByLabel('På svenska', { exact: true }).inputValue()).toBe('Bibliotekens tjänster och lokaler.');
    expect(await axeViolations(admin)).toEqual([]);

    await names.getByLabel('På svenska', { exact: true }).fill('Stadsbibliotek');
    await admin.getByLabel('Behandlingstid (arbetsdagar)').fill('7');
    await submit(admin);

    // POST/redirect/GET back to the list, with the success message.
    expect(admin.url()).toBe(`${env.url}/admin/categories?done=1`);
    expect(await texts(admin, '.notice-success')).toEqual(['Ändringarna sparades.']);
    expect(await admin.textContent('#categories')).toContain('Stadsbibliotek');
    expect(await stored('320')).toMatchObject({ name_fi: 'Kirjastot', name_sv: 'Stadsbibliotek', service_level_days: 7, department_code: 'KUVA', active: true });

    expect(await onPublicForm('320')).toBe('Stadsbibliotek');
  });

  it('shows a refused value beside its field, in the admin’s language, keeps what was typed and changes nothing', async () => {
    await admin.goto(`${env.url}/admin/categories/320/edit`);
    await admin.fill('#f-nameSv', '  ');
    await admin.fill('#f-serviceLevelDays', '-3');
    await admin.fill('#f-descriptionSv', 'Ny beskrivning som inte ska sparas.');
    await submit(admin);

    expect(admin.url()).toBe(`${env.url}/admin/categories/320/edit`);
    expect(await texts(admin, '.error-summary a')).toEqual(['Ange ett namn.', 'Ange behandlingstiden i arbetsdagar (1–365).']);
    expect(await admin.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['#f-nameSv', '#f-serviceLevelDays']);
    expect(await texts(admin, '#f-nameSv-error')).toEqual(['Ange ett namn.']);
    expect(await texts(admin, '#f-serviceLevelDays-error')).toEqual(['Ange behandlingstiden i arbetsdagar (1–365).']);
    expect(await admin.getAttribute('#f-serviceLevelDays', 'aria-invalid')).toBe('true');
    expect(await admin.getAttribute('#f-serviceLevelDays', 'aria-describedby')).toBe('f-serviceLevelDays-error');
    expect(await admin.getAttribute('#f-nameFi', 'aria-invalid')).toBeNull();
    expect(await admin.inputValue('#f-serviceLevelDays')).toBe('-3');
    expect(await admin.inputValue('#f-descriptionSv')).toBe('Ny beskrivning som inte ska sparas.');
    // The heading keeps the stored name, not the refused one.
    expect((await admin.textContent('h1'))!.trim()).toBe('Redigera ämne: Stadsbibliotek');
    expect(await axeViolations(admin)).toEqual([]);

    // A number that is not a whole number of days, and the name fixed: still refused as a whole.
    await admin.fill('#f-nameSv', 'Bibliotek och läsesalar');
    await admin.fill('#f-serviceLevelDays', 'sju');
    await submit(admin);
    expect(await texts(admin, '.error-summary a')).toEqual(['Ange behandlingstiden i arbetsdagar (1–365).']);

    expect(await stored('320')).toMatchObject({ name_sv: 'Stadsbibliotek', service_level_days: 7, description_sv: 'Bibliotekens tjänster och lokaler.' });
    expect(await onPublicForm('320')).toBe('Stadsbibliotek');
  });

  it('moves a category to another department without touching what the form does not show', async () => {
    // Out of use first: saving the edit form must not bring it back.
    await admin.goto(`${env.url}/admin/categories`);
    await submit(admin, 'main form[action="/admin/categories/410/active"] button');
    await admin.goto(`${env.url}/admin/categories/410/edit`);
    await admin.selectOption('#f-departmentCode', 'SOTE');
    await admin.fill('#f-descriptionEn', 'Schools, day-care centres and pupil welfare.');
    await submit(admin);
    expect(await texts(admin, '.notice-success')).toEqual(['Ändringarna sparades.']);
    const [row] = await env.feedback.dataSource.query(`SELECT department_code, description_en, keywords, group_name, active FROM categories WHERE code = '410'`);
    expect(row).toEqual({ department_code: 'SOTE', description_en: 'Schools, day-care centres and pupil welfare.', keywords: 'koulu,päiväkoti', group_name: 'Koulut', active: false });
  });

  it('renames a department; a name left empty is refused beside its field', async () => {
    await admin.goto(`${env.url}/admin/departments`);
    await Promise.all([admin.waitForNavigation(), admin.click('#departments a[href="/admin/departments/KUVA/edit"]')]);
    expect((await admin.textContent('h1'))!.trim()).toBe('Redigera sektor: Kultur- och fritidssektorn');
    expect(await admin.textContent('main .lead')).toContain('KUVA');
    const names = admin.getByRole('group', { name: 'Namn' });
    expect(await names.getByLabel('På engelska', { exact: true }).inputValue()).toBe('Culture and Leisure Division');

    await names.getByLabel('På finska', { exact: true }).fill('');
    await submit(admin);
    expect(await texts(admin, '.error-summary a')).toEqual(['Ange ett namn.']);
    expect(await admin.getAttribute('.error-summary a', 'href')).toBe('#f-nameFi');
    expect(await admin.getAttribute('#f-nameFi', 'aria-invalid')).toBe('true');

    await admin.fill('#f-nameFi', 'Kulttuurin ja vapaa-ajan toimiala');
    await admin.fill('#f-nameEn', 'Culture and Leisure');
    await submit(admin);
    expect(admin.url()).toBe(`${env.url}/admin/departments?done=1`);
    expect(await texts(admin, '.notice-success')).toEqual(['Ändringarna sparades.']);
    expect(await admin.textContent('#departments')).toContain('Culture and Leisure');
    const [row] = await env.feedback.dataSource.query(`SELECT name_fi, name_sv, name_en, active FROM departments WHERE code = 'KUVA'`);
    expect(row).toEqual({ name_fi: 'Kulttuurin ja vapaa-ajan toimiala', name_sv: 'Kultur- och fritidssektorn', name_en: 'Culture and Leisure', active: true });
  });

  it('corrects a misspelt Swedish district name; residents choose the corrected name on the Swedish form', async () => {
    // Added with a typo in the Swedish name; residents see the typo.
    await admin.goto(`${env.url}/admin/districts`);
    await admin.fill('#f-code', 'vallila');
    await admin.fill('#f-nameFi', 'Vallila');
    await admin.fill('#f-nameSv', 'Vallgårdd');
    await admin.fill('#f-nameEn', 'Vallila');
    await submit(admin, 'main form[action="/admin/districts"] button[type=submit]');
    expect(await onPublicForm('vallila', 'districtCode')).toBe('Vallgårdd');

    // Each row links to its edit page, named for screen readers by the district.
    await admin.goto(`${env.url}/admin/districts`);
    const link = admin.locator('#districts a[href="/admin/districts/vallila/edit"]');
    expect((await link.textContent())!.trim()).toBe('Redigera: Vallgårdd');
    await Promise.all([admin.waitForNavigation(), link.click()]);
    expect((await admin.textContent('h1'))!.trim()).toBe('Redigera stadsdel: Vallgårdd');
    expect(await admin.textContent('main .lead')).toContain('vallila');
    const names = admin.getByRole('group', { name: 'Namn' });
    expect(await names.getByLabel('På finska', { exact: true }).inputValue()).toBe('Vallila');
    expect(await names.getByLabel('På svenska', { exact: true }).getAttribute('lang')).toBe('sv');
    expect(await axeViolations(admin)).toEqual([]);

    // An empty name is refused beside its field and in the summary; what was typed stays.
    await names.getByLabel('På finska', { exact: true }).fill(' ');
    await names.getByLabel('På svenska', { exact: true }).fill('Vallgård');
    await submit(admin);
    expect(admin.url()).toBe(`${env.url}/admin/districts/vallila/edit`);
    expect(await texts(admin, '.error-summary a')).toEqual(['Ange ett namn.']);
    expect(await admin.getAttribute('.error-summary a', 'href')).toBe('#f-nameFi');
    expect(await texts(admin, '#f-nameFi-error')).toEqual(['Ange ett namn.']);
    expect(await admin.getAttribute('#f-nameFi', 'aria-invalid')).toBe('true');
    expect(await admin.inputValue('#f-nameSv')).toBe('Vallgård');
    expect((await admin.textContent('h1'))!.trim()).toBe('Redigera stadsdel: Vallgårdd');
    expect(await storedDistrict('vallila')).toEqual({ name_fi: 'Vallila', name_sv: 'Vallgårdd', name_en: 'Vallila' });

    await admin.fill('#f-nameFi', 'Vallila');
    await submit(admin);
    expect(admin.url()).toBe(`${env.url}/admin/districts?done=1`);
    expect(await texts(admin, '.notice-success')).toEqual(['Ändringarna sparades.']);
    expect(await admin.textContent('#districts')).toContain('Vallgård');
    expect(await storedDistrict('vallila')).toEqual({ name_fi: 'Vallila', name_sv: 'Vallgård', name_en: 'Vallila' });

    expect(await onPublicForm('vallila', 'districtCode')).toBe('Vallgård');
  });

  it('refuses a save without the form’s token, an unknown code, and anyone but an admin', async () => {
    const forged = await admin.request.post(`${env.url}/admin/categories/320/edit`, { form: { nameFi: 'X', nameSv: 'X', nameEn: 'X', departmentCode: 'KUVA', serviceLevelDays: '1' } });
    expect(forged.status()).toBe(403);
    expect((await stored('320')).name_sv).toBe('Stadsbibliotek');
    const forgedDistrict = await admin.request.post(`${env.url}/admin/districts/malmi/edit`, { form: { nameFi: 'X', nameSv: 'X', nameEn: 'X' } });
    expect(forgedDistrict.status()).toBe(403);
    expect(await storedDistrict('malmi')).toEqual({ name_fi: 'Malmi', name_sv: 'Malm', name_en: 'Malmi' });

    expect((await admin.goto(`${env.url}/admin/categories/999/edit`))!.status()).toBe(404);
    expect((await admin.goto(`${env.url}/admin/departments/NOPE/edit`))!.status()).toBe(404);
    expect((await admin.goto(`${env.url}/admin/districts/nope/edit`))!.status()).toBe(404);

    await signIn(resident, env.url, 'resident', 'Rut Resident');
    expect((await resident.goto(`${env.url}/admin/categories/320/edit`))!.status()).toBe(403);
    expect((await resident.goto(`${env.url}/admin/districts/malmi/edit`))!.status()).toBe(403);
  });
});
