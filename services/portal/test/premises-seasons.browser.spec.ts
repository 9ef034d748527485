import { PremisesHttp } from '@vaikuta/contracts';
import { formatDate } from '../src/i18n/i18n';
import { addDays, helsinkiToday } from '../src/premises/premises-view';
import { accessibleAt375 } from './budgeting-portal';
import { hallRequest, PremisesPagesEnv, startPremisesPagesEnv } from './premises-portal';

// Season slots for associations and the spaces' map, against the real grants service (its own
// process, database and NATS namespace) with the portal in this process in front of it. The
// representative applies without JavaScript; the map and axe need it.

describe('premises seasons and map', () => {
  let env: PremisesPagesEnv;
  let base: string;
  let manager: string;
  let chair: string;
  let hall: PremisesHttp.SpaceDetail;
  let season: PremisesHttp.Season;
  let associationId: string;
  const today = helsinkiToday();

  beforeAll(async () => {
    env = await startPremisesPagesEnv('premises-seasons');
    base = env.base;
    manager = await env.token({ sub: 'demo-premises-manager-seasons', roles: ['premises_manager'] });
    chair = await env.token({ sub: 'demo-resident-season-chair', roles: ['resident'], actingFor: ['1234567-1'] });
    hall = await env.api('POST', '/premises/spaces', manager, hallRequest({ name: { fi: 'Karttasali', sv: 'Kartsal', en: 'Map hall' }, location: { lat: 60.17, lon: 24.94 } }));
    // A space without a location: in the list, never on the map.
    await env.api('POST', '/premises/spaces', manager, hallRequest({ name: { fi: 'Paikaton kerhohuone', sv: 'Klubbrum utan plats', en: 'Club room without a place' } }));
    associationId = (await env.api<{ id: string }>('POST', '/grants/associations', chair, { name: 'Kausiseura ry', businessId: '1234567-1' })).id;
    season = await env.api<PremisesHttp.Season>('POST', '/premises/seasons', manager, {
      name: { fi: 'Syyskausi', sv: 'Höstsäsong', en: 'Autumn season' },
      spaceIds: [hall.id],
      startsOn: addDays(today, 7),
      endsOn: addDays(today, 35),
    });
  }, 180_000);

  afterAll(() => env?.close());

  it('a representative applies for a weekly slot without JavaScript and sees the application and, later, its outcome', async () => {
    const { context, page } = await env.visitor(chair, { js: false });
    await page.goto(`${base}/premises`);
    // Without JavaScript the list is the page: both spaces are there, the map stays hidden.
    expect(await page.locator('#spaces li').count()).toBe(2);
    expect(await page.locator('#space-map').isVisible()).toBe(false);
    await page.click('#seasons-link');
    await page.click(`#open-seasons a[href="/premises/seasons/${season.id}"]`);

    // A slot that ends before it begins and no purpose: each field says what is wrong, nothing is saved.
    await page.selectOption('#sf-weekday', 'tue');
    await page.fill('#sf-begins', '18:00');
    await page.fill('#sf-ends', '17:00');
    await page.click('#apply-form button[type=submit]');
    expect(await page.locator('#sf-ends-error').textContent()).toContain('alkamisajan jälkeen');
    expect(await page.locator('#sf-purpose-error').isVisible()).toBe(true);
    expect((await env.api<PremisesHttp.SeasonApplicationList>('GET', `/premises/seasons/${season.id}/applications/mine`, chair)).items).toEqual([]);

    await page.fill('#sf-ends', '20:00');
    await page.fill('#sf-purpose', 'Juniorikoripallo');
    await Promise.all([page.waitForURL(/done=applied/), page.click('#apply-form button[type=submit]')]);
    const mine = await page.locator('#my-applications tbody tr').allTextContents();
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain('Kausiseura ry');
    expect(mine[0]).toContain('tiistai 18:00–20:00');
    expect(mine[0]).toContain('Jakamatta');
    const [application] = (await env.api<PremisesHttp.SeasonApplicationList>('GET', `/premises/seasons/${season.id}/applications/mine`, chair)).items;
    expect(application).toMatchObject({ associationId, spaceId: hall.id, weekday: 'tue', begins: '18:00', ends: '20:00', purpose: 'Juniorikoripallo' });

    // The manager allocates and publishes: the representative sees the outcome, and the form is gone.
    const allocated = await env.api<PremisesHttp.SeasonApplicationList>('POST', `/premises/seasons/${season.id}/allocate`, manager, { version: season.version });
    expect(allocated.items[0].state).toBe('allocated');
    await page.reload();
    expect(await page.locator('#my-applications tbody tr').first().textContent()).toContain('Saa vuoron');
    expect(await page.locator('#apply-form').count()).toBe(0);
    expect(await page.locator('#apply-closed').isVisible()).toBe(true);
    await context.close();
  });

  it('an association a grants officer has not verified is told so at the association field, and nothing is saved', async () => {
    const registrant = await env.token({ sub: 'demo-resident-unverified', roles: ['resident'] });
    const pending = await env.api<{ id: string }>('POST', '/grants/associations', registrant, { name: 'Odottava seura', unregisteredGroup: true });
    // A season of its own, still open (the first test's is allocated by now).
    const open = await env.api<PremisesHttp.Season>('POST', '/premises/seasons', manager, { name: { fi: 'Talvikausi' }, spaceIds: [hall.id], startsOn: addDays(today, 60), endsOn: addDays(today, 70) });
    const { context, page } = await env.visitor(registrant, { js: false });
    await page.goto(`${base}/premises/seasons/${open.id}`);
    await page.selectOption('#sf-associationId', pending.id);
    await page.fill('#sf-begins', '10:00');
    await page.fill('#sf-ends', '11:00');
    await page.fill('#sf-purpose', 'Kerho');
    await page.click('#apply-form button[type=submit]');
    expect(await page.locator('#sf-associationId-error').textContent()).toContain('ei ole vielä vahvistettu');
    expect((await env.api<PremisesHttp.SeasonApplicationList>('GET', `/premises/seasons/${open.id}/applications`, manager)).items).toEqual([]);
    await context.close();
  });

  it('a manager cancels the whole series of a published slot from the season page', async () => {
    const current = await env.api<PremisesHttp.Season>('GET', `/premises/seasons/${season.id}`, manager);
    const published = await env.api<PremisesHttp.SeasonPublication>('POST', `/premises/seasons/${season.id}/publish`, manager, { version: current.version });
    const bookingIds = published.series[0].occurrences.filter((o) => o.outcome === 'booked').map((o) => o.bookingId!);
    expect(bookingIds.length).toBeGreaterThan(2);

    // A week's door code comes shortly before it: the representative's booking page says when, in
    // the page's language and Helsinki time, rather than only "later".
    const access = await env.api<PremisesHttp.BookingAccess>('GET', `/premises/bookings/${bookingIds[0]}/access`, chair);
    const week = await env.api<PremisesHttp.Booking>('GET', `/premises/bookings/${bookingIds[0]}`, chair);
    expect(access).toMatchObject({ accessType: 'door_code', status: 'pending' });
    const codeDueAt = (access as { codeDueAt: string }).codeDueAt;
    expect(Date.parse(week.begin) - Date.parse(codeDueAt)).toBe(48 * 3_600_000);
    const representative = await env.visitor(chair, { js: false });
    await representative.page.goto(`${base}/premises/bookings/${bookingIds[0]}`);
    expect(await representative.page.locator('#access-note').textContent()).toBe(
      `Tämän kerran ovikoodi lähetetään sinulle ${formatDate(codeDueAt, 'fi')} (Helsingin aikaa), ja se näkyy silloin myös tällä sivulla.`,
    );
    await representative.context.close();

    const { context, page } = await env.visitor(manager);
    await page.goto(`${base}/staff/premises/seasons/${season.id}`);
    // No reason: the field says so and nothing is cancelled.
    await page.click('#cancel-series-form button[type=submit]');
    expect(await page.locator('#series-reason-error').isVisible()).toBe(true);
    expect((await env.api<PremisesHttp.Booking>('GET', `/premises/bookings/${bookingIds[0]}`, manager)).state).toBe('confirmed');
    await accessibleAt375(page, 'premises-cancel-series-375');
    await page.fill('#series-reason', 'Sali remontissa koko syksyn.');
    await Promise.all([page.waitForURL(/done=cancelled$/), page.click('#cancel-series-form button[type=submit]')]);
    for (const id of bookingIds) expect((await env.api<PremisesHttp.Booking>('GET', `/premises/bookings/${id}`, manager)).state).toBe('cancelled');
    await context.close();
  });

  it('the spaces with a location are pinned on the map with JavaScript; the seasons pages pass axe at 375 px in every language', async () => {
    const { context, page } = await env.visitor(chair);
    await page.goto(`${base}/premises`);
    await page.locator('#space-map .leaflet-marker-icon').first().waitFor();
    expect(await page.locator('#space-map .leaflet-marker-icon').count()).toBe(1);
    expect(await page.locator('#space-map [data-map-status]').textContent()).toBe('Kartalla on 1 tila.');
    await page.locator('#space-map .leaflet-marker-icon').click();
    expect(await page.locator('#space-map .public-map-card-title a').textContent()).toBe('Karttasali');
    expect(await page.locator('#space-map .public-map-card-title a').getAttribute('href')).toBe(`#space-${hall.id}`);
    await accessibleAt375(page, 'premises-map-375');
    // A season still open, so the apply form is on the page axe reads.
    const spring = await env.api<PremisesHttp.Season>('POST', '/premises/seasons', manager, { name: { fi: 'Kevätkausi' }, spaceIds: [hall.id], startsOn: addDays(today, 40), endsOn: addDays(today, 50) });
    await page.goto(`${base}/premises/seasons`);
    await accessibleAt375(page);
    await page.goto(`${base}/premises/seasons/${spring.id}`);
    expect(await page.locator('#apply-form').isVisible()).toBe(true);
    await accessibleAt375(page, 'premises-season-apply-375');
    await context.close();
    for (const [locale, words] of [['sv', 'Mina föreningars ansökningar'], ['en', 'My associations’ applications']] as const) {
      const visitor = await env.visitor(chair, { locale });
      await visitor.page.goto(`${base}/premises/seasons/${season.id}`);
      expect(await visitor.page.locator('#mine-h').textContent()).toBe(words);
      await accessibleAt375(visitor.page);
      await visitor.context.close();
    }
  });
});
