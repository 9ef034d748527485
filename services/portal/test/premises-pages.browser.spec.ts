import { PremisesHttp } from '@vaikuta/contracts';
import { helsinkiInstant, helsinkiToday, addDays } from '../src/premises/premises-view';
import { accessibleAt375 } from './budgeting-portal';
import { hallRequest, PremisesPagesEnv, startPremisesPagesEnv } from './premises-portal';

// The premises pages against the real grants service (its own process, database and NATS
// namespace) with the portal in this process in front of it. The approval flow runs without
// JavaScript; the others with it, as axe needs it.

describe('premises pages', () => {
  let env: PremisesPagesEnv;
  let base: string;
  let manager: string;
  let hall: PremisesHttp.SpaceDetail;
  let approvalRoom: PremisesHttp.SpaceDetail;
  /** Three days ahead: inside the booking window and before the 24-hour cancellation deadline. */
  const day = addDays(helsinkiToday(), 3);
  const resident = (name: string) => env.token({ sub: `demo-resident-${name}`, roles: ['resident'] });

  beforeAll(async () => {
    env = await startPremisesPagesEnv('premises-pages');
    base = env.base;
    manager = await env.token({ sub: 'demo-premises-manager-test', roles: ['premises_manager'] });
    const unique = `${Date.now()}`;
    hall = await env.api('POST', '/premises/spaces', manager, hallRequest({ name: { fi: `Koodisali ${unique}`, sv: `Kodsal ${unique}`, en: `Code hall ${unique}` }, capacity: 120 }));
    approvalRoom = await env.api(
      'POST',
      '/premises/spaces',
      manager,
      hallRequest({
        name: { fi: `Kerhohuone ${unique}`, sv: `Klubbrum ${unique}`, en: `Club room ${unique}` },
        capacity: 12,
        requiresApproval: true,
        accessType: 'key_pickup',
        keyPickup: { where: { fi: 'Koulun vahtimestari, B-ovi' }, when: { fi: 'Arkisin 8–15' } },
        accessibility: { features: [] },
      }),
    );
  }, 180_000);

  afterAll(() => env?.close());

  it('a resident finds a hall by size, accessibility and date, books a free time, sees it, gets in and cancels', async () => {
    const { context, page } = await env.visitor(await resident('aino'));
    await page.goto(`${base}/premises`);
    expect(await page.locator('nav.main-nav a[href="/premises"]').getAttribute('aria-current')).toBe('page');
    await accessibleAt375(page, 'premises-find-375');

    // Filters: at least 100 people, step-free, a day: the hall, and not the 12-person room.
    await page.fill('#prem-capacity', '100');
    await page.check('#prem-feature-step_free');
    await page.fill('#prem-date', day);
    await page.click('#space-filters button[type=submit]');
    const names = await page.locator('#spaces h3 a').allTextContents();
    expect(names).toContain(hall.name.fi);
    expect(names).not.toContain(approvalRoom.name.fi);
    expect(await page.locator('#spaces').textContent()).toContain('vapaita aikoja: 1');
    await accessibleAt375(page);

    await page.click(`#spaces a[href^="/premises/spaces/${hall.id}"]`);
    expect(await page.locator('h1').textContent()).toBe(hall.name.fi);
    const rules = await page.locator('#rules').textContent();
    expect(rules).toContain('vähintään 1 h, enintään 3 h');
    expect(rules).toContain('viimeistään 24 tuntia');
    expect(await page.locator('#access-type').textContent()).toContain('Ovikoodi');
    expect(await page.locator('#space-calendar').getAttribute('href')).toBe(`/premises/spaces/${hall.id}/calendar.ics?lang=fi`);
    await accessibleAt375(page, 'premises-space-375');

    // A free time fills in the form; the keyboard sends it.
    await page.click('#slots a');
    expect(await page.inputValue('#prem-date')).toBe(day);
    expect(await page.inputValue('#prem-start')).toBe('08:00');
    expect(await page.inputValue('#prem-end')).toBe('09:00');
    await page.fill('#prem-end', '10:00');
    await page.focus('#prem-purpose');
    await page.keyboard.type('Sählyvuoro');
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL(/\/premises\/bookings\/[0-9a-f-]{36}\?done=booked$/), page.keyboard.press('Enter')]);
    expect(await page.locator('.notice-success').textContent()).toContain('Varaus on vahvistettu');
    expect(await page.locator('#booking-state').getAttribute('data-state')).toBe('confirmed');
    expect(await page.locator('#booking-facts').textContent()).toContain('08:00–10:00');
    expect(await page.locator('#access').getAttribute('data-access')).toBe('door_code');
    await accessibleAt375(page, 'premises-booking-375');
    const bookingUrl = page.url().replace(/\?.*$/, '');
    // The lock provider gives the code after the confirmation (an event away): the page shows it once it is there.
    const issued = async () => {
      for (let i = 0; i < 40 && !(await page.locator('#door-code').count()); i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        await page.goto(bookingUrl);
      }
      return page.locator('#door-code').textContent();
    };
    const code = await issued();
    expect(env.lock.codes().map((c) => c.accessCode)).toContain(code);
    expect(await page.locator('#access').textContent()).toContain('Koodi toimii');
    await accessibleAt375(page, 'premises-door-code-375');

    await page.goto(`${base}/premises/bookings`);
    expect(await page.locator('#my-bookings').textContent()).toContain(hall.name.fi);
    expect(await page.locator('#my-bookings').textContent()).toContain('Vahvistettu');
    // The personal feed: a secret address, shown once.
    await page.click('#feed-form button');
    const feedUrl = (await page.locator('#feed-url code').textContent()) ?? '';
    expect(feedUrl).toMatch(/\/premises\/calendar\/[^/]+\.ics$/);
    // The address is the portal's (deploy/services.json proxies /premises/calendar to grants): a calendar app fetches it there.
    const feed = await fetch(`${base}${new URL(feedUrl).pathname}`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(await feed.text()).toContain(hall.name.fi);
    await accessibleAt375(page, 'premises-mine-375');

    await page.goto(bookingUrl);
    await Promise.all([page.waitForURL(/done=cancelled$/), page.click('#cancel-form button')]);
    expect(await page.locator('#booking-state').getAttribute('data-state')).toBe('cancelled');
    expect(await page.locator('#cancel-form').count()).toBe(0);
    // Cancelled: the code is revoked at the lock and no longer shown.
    for (let i = 0; i < 40 && env.lock.codes().find((c) => c.accessCode === code)?.active; i++) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(env.lock.codes().find((c) => c.accessCode === code)?.active).toBe(false);
    await page.goto(bookingUrl);
    expect(await page.locator('#door-code').count()).toBe(0);
    await context.close();
  });

  it('a clash says the time is taken and shows the other free times; a time outside the rules is named', async () => {
    await env.api('POST', `/premises/spaces/${hall.id}/bookings`, await resident('eero'), { begin: helsinkiInstant(day, '12:00'), end: helsinkiInstant(day, '14:00') });
    const { context, page } = await env.visitor(await resident('liisa'));
    await page.goto(`${base}/premises/spaces/${hall.id}?date=${day}`);
    await page.fill('#prem-date', day);
    await page.fill('#prem-start', '13:00');
    await page.fill('#prem-end', '14:00');
    await page.click('#book-form button[type=submit]');
    expect(await page.locator('#book-clash').textContent()).toContain('on jo varattu');
    // The day's free times are there to choose from: before and after the taken 12–14.
    const slots = await page.locator('#slots a').allTextContents();
    expect(slots.some((s) => s.includes('08:00–12:00'))).toBe(true);
    expect(slots.some((s) => s.includes('14:00–22:00'))).toBe(true);
    expect(await page.inputValue('#prem-start')).toBe('13:00');
    await accessibleAt375(page, 'premises-clash-375');

    // Fifteen minutes: shorter than the hall allows; the reason is the rule's, in Finnish.
    await page.fill('#prem-start', '16:00');
    await page.fill('#prem-end', '16:15');
    await page.click('#book-form button[type=submit]');
    expect(await page.locator('#book-refusals').textContent()).toMatch(/kesto|aikaväliin/);
    // An end before the beginning never reaches the service.
    await page.fill('#prem-end', '15:00');
    await page.click('#book-form button[type=submit]');
    expect(await page.locator('#prem-end-error').textContent()).toContain('alkamisajan jälkeen');
    await accessibleAt375(page);
    await context.close();
  });

  it('a request waits for approval; a manager confirms it from the queue and the booker sees the key instructions', async () => {
    // Without JavaScript, booker and manager alike.
    const booker = await resident('kerho');
    const { context, page } = await env.visitor(booker, { js: false });
    await page.goto(`${base}/premises/spaces/${approvalRoom.id}?date=${day}&start=17:00&end=19:00`);
    expect(await page.locator('#access-type').textContent()).toContain('Avain');
    await Promise.all([page.waitForURL(/done=booked$/), page.click('#book-form button[type=submit]')]);
    expect(await page.locator('.notice-success').textContent()).toContain('odottaa hyväksyntää');
    expect(await page.locator('#booking-state').getAttribute('data-state')).toBe('requires_handling');
    expect(await page.locator('#access').textContent()).toContain('Koulun vahtimestari, B-ovi');
    const bookingId = /bookings\/([0-9a-f-]{36})/.exec(page.url())![1];

    // axe needs a script of its own in the page: the queue checked in a browser with JavaScript.
    const checker = await env.visitor(manager);
    await checker.page.goto(`${base}/staff/premises`);
    expect(await checker.page.locator('nav.main-nav a[href="/staff/premises"]').getAttribute('aria-current')).toBe('page');
    await accessibleAt375(checker.page, 'premises-queue-375');
    // Denying needs a reason the booker is told.
    await checker.page.locator(`#request-${bookingId} form[action$="/deny"] button`).click();
    expect(await checker.page.locator(`#deny-${bookingId}-error`).textContent()).toContain('perustelu');
    await accessibleAt375(checker.page);
    await checker.context.close();

    const staff = await env.visitor(manager, { js: false });
    await staff.page.goto(`${base}/staff/premises`);
    expect(await staff.page.locator(`#request-${bookingId}`).textContent()).toContain('demo-resident-kerho');
    await Promise.all([staff.page.waitForURL(/done=confirmed$/), staff.page.locator(`#request-${bookingId} form[action$="/confirm"] button`).click()]);
    expect(await staff.page.locator('.notice-success').textContent()).toContain('hyväksyttiin');
    expect(await staff.page.locator(`#request-${bookingId}`).count()).toBe(0);
    await staff.context.close();

    await page.goto(`${base}/premises/bookings/${bookingId}`);
    expect(await page.locator('#booking-state').getAttribute('data-state')).toBe('confirmed');
    await context.close();
  });

  it('a manager creates a space with opening hours and rules, fixes a refused field, and blocks a time for maintenance', async () => {
    const { context, page } = await env.visitor(manager);
    await page.goto(`${base}/staff/premises/spaces/new`);
    await accessibleAt375(page, 'premises-space-new-375');
    await page.fill('#sf-name_fi', 'Uusi liikuntasali');
    await page.fill('#sf-unit', 'Liikuntapalvelut');
    await page.fill('#sf-address', 'Uusikatu 2, Helsinki');
    await page.fill('#sf-capacity', 'paljon');
    await page.fill('#sf-sat_hours', '10:00-16:00');
    await page.fill('#sf-exceptions', `${addDays(day, 1)} suljettu\n${addDays(day, 2)} 10:00-12:00 Siivouspäivä`);
    await page.click('#space-form button[type=submit]');
    expect(await page.locator('.error-summary').textContent()).toContain('Henkilömäärä enintään');
    expect(await page.inputValue('#sf-sat_hours')).toBe('10:00-16:00');
    await accessibleAt375(page, 'premises-space-errors-375');
    await page.fill('#sf-capacity', '80');
    await Promise.all([page.waitForURL(/\/staff\/premises\/spaces\/[0-9a-f-]{36}\/edit\?done=created$/), page.click('#space-form button[type=submit]')]);
    const spaceId = /spaces\/([0-9a-f-]{36})/.exec(page.url())![1];
    const created = await env.api<PremisesHttp.SpaceDetail>('GET', `/premises/spaces/${spaceId}`, manager);
    expect(created.openingHours.weekly.sat).toEqual([{ opens: '10:00', closes: '16:00' }]);
    expect(created.openingHours.exceptions).toEqual([
      { date: addDays(day, 1), periods: [] },
      { date: addDays(day, 2), periods: [{ opens: '10:00', closes: '12:00' }], note: 'Siivouspäivä' },
    ]);
    // Edit keeps what was there: the form shows it back, and saving changes one thing.
    expect(await page.inputValue('#sf-exceptions')).toContain('Siivouspäivä');
    await page.fill('#sf-capacity', '90');
    await Promise.all([page.waitForURL(/done=saved$/), page.click('#space-form button[type=submit]')]);
    expect((await env.api<PremisesHttp.SpaceDetail>('GET', `/premises/spaces/${spaceId}`, manager)).capacity).toBe(90);

    await page.goto(`${base}/staff/premises/spaces/${hall.id}/schedule`);
    await accessibleAt375(page, 'premises-schedule-375');
    await page.fill('#block-date', day);
    await page.fill('#block-start', '20:00');
    await page.fill('#block-end', '22:00');
    await page.fill('#block-reason', 'Lattian vahaus');
    await Promise.all([page.waitForURL(/done=blocked$/), page.click('#block-form button[type=submit]')]);
    const free = await env.api<PremisesHttp.Availability>('GET', `/premises/spaces/${hall.id}/availability?from=${day}&to=${day}`, manager);
    expect(free.slots.some((s) => Date.parse(s.end) > Date.parse(helsinkiInstant(day, '20:00')))).toBe(false);
    await context.close();
  });

  it('a chair books for the association; a manager allocates a season’s weekly slots (an earlier application wins a clash) and publishes it', async () => {
    const chair = await env.token({ sub: 'demo-resident-chair', roles: ['resident'], actingFor: ['1234567-1'] });
    const association = await env.api<{ id: string }>('POST', '/grants/associations', chair, { name: 'Kausiseura ry', businessId: '1234567-1' });
    // The chair books an evening for the association through the form.
    const chairs = await env.visitor(chair, { js: false });
    await chairs.page.goto(`${base}/premises/spaces/${hall.id}?date=${day}&start=10:00&end=11:00`);
    await chairs.page.selectOption('#prem-associationId', association.id);
    await Promise.all([chairs.page.waitForURL(/done=booked$/), chairs.page.click('#book-form button[type=submit]')]);
    const bookingId = /bookings\/([0-9a-f-]{36})/.exec(chairs.page.url())![1];
    expect((await env.api<PremisesHttp.Booking>('GET', `/premises/bookings/${bookingId}`, chair)).associationId).toBe(association.id);
    await chairs.context.close();

    const season = await env.api<PremisesHttp.Season>('POST', '/premises/seasons', manager, {
      name: { fi: 'Testikausi', sv: 'Testsäsong', en: 'Test season' },
      spaceIds: [hall.id],
      startsOn: addDays(day, 7),
      endsOn: addDays(day, 35),
    });
    const apply = (begins: string, ends: string, purpose: string) =>
      env.api('POST', `/premises/seasons/${season.id}/applications`, chair, { associationId: association.id, spaceId: hall.id, weekday: 'tue', begins, ends, purpose });
    await apply('18:00', '20:00', 'Juniorikoripallo');
    await apply('19:00', '21:00', 'Aikuisten sähly');

    const { context, page } = await env.visitor(manager);
    await page.goto(`${base}/staff/premises`);
    await page.click('#seasons-link');
    await page.click(`#seasons a[href="/staff/premises/seasons/${season.id}"]`);
    expect(await page.locator('#season-state').textContent()).toBe('Haku auki');
    await Promise.all([page.waitForURL(/done=allocated$/), page.click('#allocate-form button')]);
    const rows = await page.locator('#season-applications tbody tr').allTextContents();
    expect(rows[0]).toContain('tiistai 18:00–20:00');
    expect(rows[0]).toContain('Saa vuoron');
    expect(rows[1]).toContain('päällekkäin aiemman hakemuksen 1 kanssa');
    await accessibleAt375(page, 'premises-season-375');
    await Promise.all([page.waitForURL(/done=published$/), page.click('#publish-form button')]);
    expect(await page.locator('#season-state').textContent()).toBe('Julkaistu');
    expect(await page.locator('#allocate-form').count()).toBe(0);
    await context.close();
  });

  it('a resident is refused the managers’ pages; the pages speak Swedish and English', async () => {
    const { context, page } = await env.visitor(await resident('aino'));
    for (const path of ['/staff/premises', `/staff/premises/spaces/${hall.id}/edit`, `/staff/premises/spaces/${hall.id}/schedule`, '/staff/premises/seasons']) {
      const res = await page.goto(`${base}${path}`);
      expect(res!.status()).toBe(403);
    }
    // An id that is no space, or someone else's booking: a page that says so, not an error.
    const other = await env.api<PremisesHttp.Booking>('POST', `/premises/spaces/${hall.id}/bookings`, await resident('toinen'), { begin: helsinkiInstant(day, '15:00'), end: helsinkiInstant(day, '16:00') });
    for (const [path, title] of [
      ['/premises/spaces/00000000-0000-4000-8000-000000000000', 'Tilaa ei löytynyt'],
      [`/premises/bookings/${other.id}`, 'Varausta ei löytynyt'],
    ]) {
      const res = await page.goto(`${base}${path}`);
      expect(res!.status()).toBe(404);
      expect(await page.locator('h1').textContent()).toBe(title);
    }
    await context.close();
    for (const locale of ['sv-FI', 'en-GB']) {
      const visitor = await env.visitor(manager, { locale });
      for (const path of ['/premises', `/premises/spaces/${hall.id}`, '/premises/bookings', '/staff/premises', '/staff/premises/spaces/new', `/staff/premises/spaces/${hall.id}/schedule`, '/staff/premises/seasons']) {
        await visitor.page.goto(`${base}${path}`);
        expect(await visitor.page.locator('main').textContent()).not.toMatch(/prem\.[a-z]/);
      }
      await visitor.context.close();
    }
  });
});
