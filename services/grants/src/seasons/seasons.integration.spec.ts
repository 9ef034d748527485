import { FakeClock } from '@vaikuta/domain';
import { premisesSpaceRequest } from '@vaikuta/testing';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';

// Tuesday 1 December 2026, 10:00 in Helsinki.
const clock = new FakeClock(new Date('2026-12-01T08:00:00Z'));
let t: GrantsTestApp;
let manager: string;
let chair: string;
let associationId: string;
let spaceId: string;

beforeAll(async () => {
  t = await startGrantsTestApp('seasons', {}, { clock });
  manager = `Bearer ${await t.token('premises_manager')}`;
  chair = `Bearer ${await t.token('resident', { sub: 'season-chair', actingFor: ['1234567-1'] })}`;
  associationId = (await t.http().post('/grants/associations').set('Authorization', chair).send({ name: 'Kausiseura ry', businessId: '1234567-1' }).expect(201)).body.id;
  const hall = premisesSpaceRequest({ openingHours: { weekly: premisesSpaceRequest().openingHours.weekly, exceptions: [{ date: '2027-01-06', periods: [], note: 'Loppiainen' }] } });
  spaceId = (await t.http().post('/premises/spaces').set('Authorization', manager).send(hall).expect(201)).body.id;
});
afterAll(() => t?.close());

const apply = (seasonId: string, slot: { weekday: string; begins: string; ends: string }, auth = chair) =>
  t.http().post(`/premises/seasons/${seasonId}/applications`).set('Authorization', auth).send({ associationId, spaceId, purpose: 'Juniorikoripallo', ...slot });

describe('season bookings', () => {
  it('allocates applications against each other and the hours, publishes the series as bookings and cancels it as a whole', async () => {
    const season = (
      await t
        .http()
        .post('/premises/seasons')
        .set('Authorization', manager)
        .send({ name: { fi: 'Kevätkausi 2027', sv: 'Vårsäsong 2027' }, spaceIds: [spaceId], startsOn: '2027-01-04', endsOn: '2027-02-28', skipDates: ['2027-02-24'] })
        .expect(201)
    ).body;
    expect(season).toMatchObject({ state: 'open', version: 1 });

    const first = (await apply(season.id, { weekday: 'wed', begins: '18:00', ends: '19:30' }).expect(201)).body;
    clock.current = new Date(clock.current.getTime() + 60_000);
    const clashing = (await apply(season.id, { weekday: 'wed', begins: '19:00', ends: '20:00' }).expect(201)).body;
    const late = (await apply(season.id, { weekday: 'wed', begins: '21:00', ends: '23:00' }).expect(201)).body;
    // Someone who does not act for the association may not apply for it (to them it does not exist, ADR 0013).
    await apply(season.id, { weekday: 'thu', begins: '18:00', ends: '19:00' }, `Bearer ${await t.token('resident', { sub: 'outsider' })}`).expect(404);

    const allocation = (await t.http().post(`/premises/seasons/${season.id}/allocate`).set('Authorization', manager).send({ version: 1 }).expect(200)).body;
    const byId = new Map(allocation.items.map((a: { id: string }) => [a.id, a]));
    expect(byId.get(first.id)).toMatchObject({ state: 'allocated', refusal: null });
    expect(byId.get(clashing.id)).toMatchObject({ state: 'rejected', refusal: 'clash', clashesWith: first.id });
    expect(byId.get(late.id)).toMatchObject({ state: 'rejected', refusal: 'opening_hours' });
    await apply(season.id, { weekday: 'fri', begins: '18:00', ends: '19:00' }).expect(409);

    // A maintenance block one Wednesday: that week cannot be booked.
    await t.http().post(`/premises/spaces/${spaceId}/blocks`).set('Authorization', manager).send({ begin: '2027-01-20T18:30:00+02:00', end: '2027-01-20T19:00:00+02:00', reason: 'Huolto' }).expect(201);

    const published = (await t.http().post(`/premises/seasons/${season.id}/publish`).set('Authorization', manager).send({ version: 2 }).expect(200)).body;
    expect(published.season.state).toBe('published');
    expect(published.series).toHaveLength(1);
    const series = published.series[0];
    expect(series.rrule).toMatch(/FREQ=WEEKLY;.*BYDAY=WE/);
    expect(series.occurrences.map((o: { date: string; outcome: string }) => `${o.date} ${o.outcome}`)).toEqual([
      '2027-01-06 closed',
      '2027-01-13 booked',
      '2027-01-20 clash',
      '2027-01-27 booked',
      '2027-02-03 booked',
      '2027-02-10 booked',
      '2027-02-17 booked',
      '2027-02-24 skipped',
    ]);
    expect(series.occurrences[0].note).toBe('Loppiainen');

    // Each applicant is told: an event per application, naming them only by sub.
    const decided = await t.dataSource.query(`SELECT envelope->'data' AS data FROM outbox WHERE type = 'fi.vaikuta.grants.season_application_decided.v1' AND envelope #>> '{data,seasonId}' = $1`, [season.id]);
    expect(decided.map((r: { data: { applicationId: string; outcome: string; refusal: string | null } }) => [r.data.applicationId, r.data.outcome, r.data.refusal]).sort()).toEqual(
      [[first.id, 'allocated', null], [clashing.id, 'rejected', 'clash'], [late.id, 'rejected', 'opening_hours']].sort(),
    );
    expect(decided[0].data.applicantSub).toBe('season-chair');
    // The season in every language it is named in, so each applicant's message names it in theirs.
    expect(decided[0].data).toMatchObject({ seasonName: 'Kevätkausi 2027', seasonNames: { fi: 'Kevätkausi 2027', sv: 'Vårsäsong 2027' } });
    // The representative sees their association's applications; an outsider sees none.
    expect((await t.http().get(`/premises/seasons/${season.id}/applications/mine`).set('Authorization', chair).expect(200)).body.items).toHaveLength(3);
    const outsider = `Bearer ${await t.token('resident', { sub: 'outsider' })}`;
    expect((await t.http().get(`/premises/seasons/${season.id}/applications/mine`).set('Authorization', outsider).expect(200)).body.items).toEqual([]);

    // The bookings are the applicant's, for the association, at 18:00 Helsinki time.
    const mine = (await t.http().get('/premises/bookings/mine?limit=50').set('Authorization', chair).expect(200)).body.items;
    expect(mine).toHaveLength(5);
    expect(mine.every((b: { state: string; associationId: string; begin: string }) => b.state === 'confirmed' && b.associationId === associationId && b.begin.endsWith('T18:00:00+02:00'))).toBe(true);

    // Publishing again carries on and books nothing twice.
    const again = (await t.http().post(`/premises/seasons/${season.id}/publish`).set('Authorization', manager).send({ version: 3 }).expect(200)).body;
    expect(again.series[0].occurrences.filter((o: { outcome: string }) => o.outcome === 'booked')).toHaveLength(5);

    // Mid-season the whole series is cancelled: the weeks still to come, not the past ones.
    clock.current = new Date('2027-01-30T10:00:00Z');
    const cancelled = (
      await t.http().post(`/premises/seasons/${season.id}/applications/${first.id}/cancel-series`).set('Authorization', manager).send({ reason: 'Seura lopetti' }).expect(200)
    ).body;
    expect(cancelled.occurrences.map((o: { date: string; outcome: string }) => `${o.date} ${o.outcome}`).filter((s: string) => !s.endsWith('closed') && !s.endsWith('skipped') && !s.endsWith('clash'))).toEqual([
      '2027-01-13 booked',
      '2027-01-27 booked',
      '2027-02-03 cancelled',
      '2027-02-10 cancelled',
      '2027-02-17 cancelled',
    ]);
    const after = (await t.http().get('/premises/bookings/mine?limit=50').set('Authorization', chair).expect(200)).body.items;
    expect(after.filter((b: { state: string }) => b.state === 'cancelled')).toHaveLength(3);
    // The applicant is told once, for the series (its weeks' own cancellations say they went with it):
    // the dates the season's message sent, the weeks cancelled, and that two weeks were held.
    const weekCancels = await t.dataSource.query(`SELECT envelope->'data' AS data FROM outbox WHERE type = 'fi.vaikuta.grants.booking_cancelled.v1'`);
    expect(weekCancels.map((r: { data: { seasonApplicationId?: string } }) => r.data.seasonApplicationId)).toEqual([first.id, first.id, first.id]);
    const [told] = await t.dataSource.query(`SELECT envelope->'data' AS data FROM outbox WHERE type = 'fi.vaikuta.grants.season_series_cancelled.v1' AND envelope #>> '{data,applicationId}' = $1`, [first.id]);
    expect(told.data).toMatchObject({
      applicantSub: 'season-chair',
      seasonName: 'Kevätkausi 2027',
      seasonNames: { fi: 'Kevätkausi 2027', sv: 'Vårsäsong 2027' },
      weekday: 'wed',
      begins: '18:00',
      ends: '19:30',
      dates: ['2027-01-06', '2027-01-13', '2027-01-20', '2027-01-27', '2027-02-03', '2027-02-10', '2027-02-17', '2027-02-24'],
      cancelledDates: ['2027-02-03', '2027-02-10', '2027-02-17'],
      whole: false,
      reason: 'Seura lopetti',
    });
    // Cancelling again finds nothing left to cancel and tells nothing more.
    await t.http().post(`/premises/seasons/${season.id}/applications/${first.id}/cancel-series`).set('Authorization', manager).send({ reason: 'Again' }).expect(200);
    const toldAll = await t.dataSource.query(`SELECT 1 FROM outbox WHERE type = 'fi.vaikuta.grants.season_series_cancelled.v1'`);
    expect(toldAll).toHaveLength(1);
  });

  it('names the field for bad input and keeps staff routes to staff', async () => {
    const res = await t.http().post('/premises/seasons').set('Authorization', manager).send({ name: { fi: 'X' }, spaceIds: [spaceId], startsOn: '2027-03-01', endsOn: '2027-02-01' }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['endsOn']);
    const unknownSpace = await t.http().post('/premises/seasons').set('Authorization', manager).send({ name: { fi: 'X' }, spaceIds: ['00000000-0000-4000-8000-000000000000'], startsOn: '2027-03-01', endsOn: '2027-04-01' }).expect(400);
    expect(unknownSpace.body.errors.map((e: { field: string }) => e.field)).toEqual(['spaceIds.0']);
    await t.http().post('/premises/seasons').set('Authorization', chair).send({ name: { fi: 'X' }, spaceIds: [spaceId], startsOn: '2027-03-01', endsOn: '2027-04-01' }).expect(403);
  });
});
