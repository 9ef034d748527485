import ICAL from 'ical.js';
import { FakeClock } from '@vaikuta/domain';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';

const clock = new FakeClock(new Date('2027-02-01T10:00:00Z'));
let t: GrantsTestApp;
let officer: string;

beforeAll(async () => {
  t = await startGrantsTestApp('rounds', {}, { clock });
  officer = `Bearer ${await t.token('grants_officer')}`;
});
afterAll(() => t?.close());

const round = (over: Record<string, unknown> = {}) => ({
  type: 'project',
  title: { fi: 'Projektiavustukset kevät 2027', sv: 'Projektunderstöd våren 2027' },
  department: 'KUVA',
  budgetCents: 12_000_000,
  opensAt: '2027-01-15T08:00:00+02:00',
  // 23:30 UTC on 28 February is already 1 March in Helsinki.
  closesAt: '2027-02-28T23:30:00Z',
  reportDue: '2028-03-31',
  criteria: [
    { key: 'impact', label: { fi: 'Vaikuttavuus', sv: 'Effekt', en: 'Impact' }, weight: 70 },
    { key: 'reach', label: { fi: 'Tavoittavuus' }, weight: 30 },
  ],
  requiredAttachments: [{ key: 'budget', label: { fi: 'Talousarvio' } }],
  formFields: [{ key: 'summary', label: { fi: 'Tiivistelmä', en: 'Summary' }, kind: 'text', required: true }],
  ...over,
});
const create = (body: Record<string, unknown>, auth = officer) => t.http().post('/grants/rounds').set('Authorization', auth).send(body);

describe('grant rounds and the vuosikello', () => {
  let spring: string;
  let operating: string;
  let continuous: string;

  beforeAll(async () => {
    spring = (await create(round()).expect(201)).body.id;
    operating = (
      await create(
        round({ type: 'operating', title: { fi: 'Toiminta-avustukset 2028' }, opensAt: '2027-09-01T09:00:00+03:00', closesAt: '2027-10-15T16:00:00+03:00', reportDue: '2029-04-30' }),
      ).expect(201)
    ).body.id;
    continuous = (await create(round({ type: 'small', title: { fi: 'Pienavustukset' }, continuous: true, opensAt: '2026-01-01T00:00:00+02:00', closesAt: null, reportDue: null })).expect(201))
      .body.id;
  });

  it('shows a round to anyone, with its form and criteria, and says whether it is open now', async () => {
    const res = await t.http().get(`/grants/rounds/${spring}`).expect(200);
    expect(res.body).toMatchObject({
      type: 'project',
      budgetCents: 12_000_000,
      openNow: true,
      closesAt: '2027-02-28T23:30:00.000Z',
      reportDue: '2028-03-31',
      criteria: [expect.objectContaining({ key: 'impact', weight: 70 }), expect.objectContaining({ key: 'reach' })],
      formFields: [expect.objectContaining({ key: 'summary', kind: 'text', required: true })],
      version: 1,
    });
    await t.http().get('/grants/rounds/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('filters by year, type and open now', async () => {
    const ids = async (query: string) => (await t.http().get(`/grants/rounds?${query}`).expect(200)).body.items.map((r: { id: string }) => r.id);
    expect(await ids('open=true')).toEqual(expect.arrayContaining([spring, continuous]));
    expect(await ids('open=true')).not.toContain(operating);
    expect(await ids('open=false')).toEqual([operating]);
    expect(await ids('type=operating')).toEqual([operating]);
    // The continuous round runs into every year from its opening; the others only in 2027.
    expect(await ids('year=2026')).toEqual([continuous]);
    expect((await ids('year=2027')).sort()).toEqual([spring, operating, continuous].sort());
    const bad = await t.http().get('/grants/rounds?type=lottery').expect(400);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ field: 'type' }));
  });

  it('lets only grants officers and admins announce a round, and refuses a bad one naming the field', async () => {
    await create(round(), `Bearer ${await t.token('resident')}`).expect(403);
    await create(round(), `Bearer ${await t.token('premises_manager')}`).expect(403);
    const weights = await create(round({ criteria: [{ key: 'impact', label: { fi: 'V' }, weight: 50 }] })).expect(400);
    expect(weights.body.errors).toEqual([expect.objectContaining({ field: 'criteria' })]);
    const window = await create(round({ closesAt: '2027-01-01T00:00:00Z' })).expect(400);
    expect(window.body.errors).toEqual([expect.objectContaining({ field: 'closesAt' })]);
    const choice = await create(round({ formFields: [{ key: 'audience', label: { fi: 'K' }, kind: 'choice', required: true }] })).expect(400);
    expect(choice.body.errors).toEqual([expect.objectContaining({ field: 'formFields.0.choices' })]);
    // Zero-width characters alone are no title: the public vuosikello would show an empty line.
    const invisible = await create(round({ title: { fi: '\u200B\u200B\u200B\u200B', sv: 'Projektunderstöd' } })).expect(400);
    expect(invisible.body.errors).toEqual([expect.objectContaining({ field: 'title.fi' })]);
  });

  it('amends a round with the version seen (audited, stale → 409)', async () => {
    const { body } = await create(round({ title: { fi: 'Muutettava' } })).expect(201);
    const amended = await t
      .http()
      .put(`/grants/rounds/${body.id}`)
      .set('Authorization', officer)
      .send({ ...round({ title: { fi: 'Muutettava' } }), version: 1, closesAt: '2027-03-15T16:00:00+02:00' })
      .expect(200);
    expect(amended.body).toMatchObject({ version: 2, closesAt: '2027-03-15T14:00:00.000Z' });
    await t.http().put(`/grants/rounds/${body.id}`).set('Authorization', officer).send({ ...round(), version: 1 }).expect(409);
    const audit = await t.dataSource.query(`SELECT version, action, details FROM grant_round_audit WHERE entity_id = $1 ORDER BY id`, [body.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['created', 'updated']);
    expect(audit[1].details.from.closesAt).toBe('2027-02-28T23:30:00.000Z');
    const events = await t.dataSource.query(`SELECT type FROM outbox WHERE envelope #>> '{data,roundId}' = $1`, [body.id]);
    expect(events).toEqual([{ type: 'fi.vaikuta.grants.grant_round_created.v1' }]);
  });

  it('lists the year’s openings, closings and report deadlines by their Helsinki date', async () => {
    const res = await t.http().get('/grants/calendar?year=2027').expect(200);
    const ofSpring = res.body.entries.filter((e: { roundId: string }) => e.roundId === spring);
    expect(ofSpring.map((e: { kind: string; date: string }) => [e.kind, e.date])).toEqual([
      ['opens', '2027-01-15'],
      ['closes', '2027-03-01'],
    ]);
    expect(res.body.rounds.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([spring, operating, continuous]));
    // 2028 has the spring round's report deadline only (its application time is over).
    const next = await t.http().get('/grants/calendar?year=2028').expect(200);
    expect(next.body.entries.filter((e: { roundId: string }) => e.roundId === spring).map((e: { kind: string; at: string }) => [e.kind, e.at])).toEqual([
      ['report_due', '2028-03-31'],
    ]);
    await t.http().get('/grants/calendar').expect(400);
  });

  it('serves the vuosikello as an iCalendar feed an independent parser reads', async () => {
    const res = await t.http().get('/grants/calendar.ics?year=2027&lang=sv').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(res.text));
    expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe('Europe/Helsinki');
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const closing = events.find((e) => e.uid === `${spring}-closes@grants.vaikuta`)!;
    expect(closing.summary).toBe('Ansökan stänger: Projektunderstöd våren 2027');
    expect(closing.startDate.toJSDate().toISOString()).toBe('2027-02-28T23:30:00.000Z');
    const opening = events.find((e) => e.uid === `${operating}-opens@grants.vaikuta`)!;
    expect(opening.startDate.toJSDate().toISOString()).toBe('2027-09-01T06:00:00.000Z');
    expect(events.map((e) => e.uid)).not.toContain(`${continuous}-closes@grants.vaikuta`);

    const later = await t.http().get('/grants/calendar.ics?year=2028').expect(200);
    const report = new ICAL.Component(ICAL.parse(later.text))
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v))
      .find((e) => e.uid === `${spring}-report_due@grants.vaikuta`)!;
    expect(report.summary).toBe('Käyttöselvitys viimeistään: Projektiavustukset kevät 2027');
    expect(report.startDate.isDate).toBe(true);
    expect(report.startDate.toString()).toBe('2028-03-31');
  });
});
