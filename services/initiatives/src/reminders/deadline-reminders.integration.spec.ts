import { PrivacyEvents } from '@vaikuta/contracts';
import { waitFor } from '@vaikuta/testing';
import { FakeClock, InitiativesTestApp, startInitiativesTestApp } from '../../test/initiatives-test-app';
import { DeadlineReminders } from './deadline-reminders';

describe('reminders to the preparer, and erasure of initiators (integration)', () => {
  let t: InitiativesTestApp;
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
  let admin: string;
  let id: string;

  beforeAll(async () => {
    // 50 voters: one support is 2 %, so the council deadline starts at filing.
    t = await startInitiativesTestApp('reminders', {}, { clock, env: { CITY_ELIGIBLE_VOTERS: '50', COUNCIL_REMINDER_DAYS: '30', STATEMENT_REMINDER_DAYS: '3' } });
    admin = await t.token('admin');
    const resident = await t.token('resident', [], 'resident-erase-me');
    const filed = await t
      .http()
      .post('/initiatives')
      .auth(resident, { type: 'bearer' })
      .send({ type: 'resident', language: 'fi', title: 'Katuvalot Pekanraitille', body: 'Pekanraitti on pimeä.', initiatorName: 'Pekka Pimeä', namePublic: true, email: 'pekka@example.fi' })
      .expect(201);
    id = filed.body.id;
    expect(filed.body.councilDeadline).toBe('2026-09-02');
    const step = async (action: string, body: object) => (await t.http().post(`/initiatives/${id}/${action}`).auth(admin, { type: 'bearer' }).send(body).expect(200)).body.version;
    let v = await step('register', { version: filed.body.version });
    v = await step('assign', { version: v, departmentCode: 'KYMP', preparerId: 'preparer-7' });
    await step('statements', { version: v, requestedFrom: 'KUVA', dueAt: '2026-03-20T15:00:00Z' });
  });
  afterAll(() => t?.close());

  const reminders = async () =>
    (await t.reader.events(t.stream)).filter((e) => e.event.type.endsWith('.deadline_approaching.v1')).map((e) => [e.event.data.kind, e.event.data.dueAt, e.event.data.preparerId]);

  it('reminds once within the lead days before each deadline, and not before', async () => {
    const sweep = () => t.app.get(DeadlineReminders).sweep();
    clock.current = new Date('2026-03-10T09:00:00Z');
    expect(await sweep()).toBe(0);
    clock.current = new Date('2026-03-18T09:00:00Z'); // the statement is due in two days
    expect(await sweep()).toBe(1);
    expect(await sweep()).toBe(0);
    clock.current = new Date('2026-08-10T09:00:00Z'); // the council deadline (2 Sep) is 23 days away
    expect(await sweep()).toBe(1);
    await waitFor(async () => ((await reminders()).length === 2 ? true : undefined), { what: 'two reminders on the stream' });
    expect(await reminders()).toEqual([
      ['statement', '2026-03-20T15:00:00.000Z', 'preparer-7'],
      ['council', '2026-09-02T20:59:59.000Z', 'preparer-7'],
    ]);
  });

  it('erases an initiator’s name, email and sign-in on request, once, keeping the initiative', async () => {
    const before = (await t.http().get(`/initiatives/${id}`).expect(200)).body;
    expect(before.initiators).toEqual({ publicNames: ['Pekka Pimeä'], count: 1 });
    const requestId = '4f1c2d3e-0000-4000-8000-000000000001';
    const eventId = await t.publish(PrivacyEvents.erasureRequested, { requestId, subjectId: 'resident-erase-me', requestedAt: new Date().toISOString() });
    await waitFor(async () => ((await t.dataSource.query(`SELECT erased FROM erasures_applied WHERE event_id = $1`, [eventId]))[0]?.erased === 1 ? true : undefined), {
      what: 'the erasure applied',
    });
    const after = (await t.http().get(`/initiatives/${id}`).expect(200)).body;
    expect(after.initiators).toEqual({ publicNames: [], count: 1 });
    const [row] = await t.dataSource.query(`SELECT name, email, user_sub FROM initiative_initiators WHERE initiative_id = $1`, [id]);
    expect(row).toEqual({ name: null, email: null, user_sub: null });
    expect(after.title).toEqual({ fi: 'Katuvalot Pekanraitille' });
  });
});
