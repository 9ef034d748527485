import { InitiativesHttp } from '@vaikuta/contracts';
import { InitiativesTestApp, startInitiativesTestApp } from '../../test/initiatives-test-app';

/**
 * The portal opens a preparer's queue on their own department; a new filing belongs to no
 * department until it is registered and assigned, so that view hid it. `includeUnassigned`
 * (added beside `department`, which keeps its meaning) lists those with the department's own.
 */
describe('the preparer queue lists new unassigned initiatives beside a department (integration)', () => {
  let t: InitiativesTestApp;
  let preparer: string;

  beforeAll(async () => {
    t = await startInitiativesTestApp('staff_queue_unassigned');
    preparer = await t.token('preparer', ['KYMP'], 'preparer-queue');
  });
  afterAll(() => t?.close());

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const paper = (title: string) => ({ type: 'council_member', language: 'fi', title, body: 'Teksti.', initiatorName: 'Valtuutettu' });
  const ids = async (query: string) =>
    InitiativesHttp.preparerQueuePage.parse((await t.http().get(`/initiatives/staff/queue?${query}`).set(as(preparer)).expect(200)).body).items.map((i) => i.id);

  it('answers own department and unassigned ones with includeUnassigned=true, only the department without it', async () => {
    const fresh = (await t.http().post('/initiatives/staff/paper').set(as(preparer)).send(paper('Uusi aloite')).expect(201)).body;
    const mine = (await t.http().post('/initiatives/staff/paper').set(as(preparer)).send(paper('Oman toimialan aloite')).expect(201)).body;
    const other = (await t.http().post('/initiatives/staff/paper').set(as(preparer)).send(paper('Toisen toimialan aloite')).expect(201)).body;
    let v = (await t.http().post(`/initiatives/${mine.id}/register`).set(as(preparer)).send({ version: mine.version }).expect(200)).body.version;
    await t.http().post(`/initiatives/${mine.id}/assign`).set(as(preparer)).send({ version: v, departmentCode: 'KYMP', preparerId: 'preparer-queue' }).expect(200);
    v = (await t.http().post(`/initiatives/${other.id}/register`).set(as(preparer)).send({ version: other.version }).expect(200)).body.version;
    await t.http().post(`/initiatives/${other.id}/assign`).set(as(preparer)).send({ version: v, departmentCode: 'KUVA', preparerId: 'someone-else' }).expect(200);

    expect((await ids('department=KYMP&includeUnassigned=true')).sort()).toEqual([fresh.id, mine.id].sort());
    expect(await ids('department=KYMP')).toEqual([mine.id]);
    expect(await ids('department=KYMP&includeUnassigned=false')).toEqual([mine.id]);
  });

  it('refuses an includeUnassigned that is not true or false, naming it', async () => {
    const res = await t.http().get('/initiatives/staff/queue?department=KYMP&includeUnassigned=yes').set(as(preparer)).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'includeUnassigned' })]);
  });
});
