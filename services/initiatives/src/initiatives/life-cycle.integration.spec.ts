import { InitiativesHttp } from '@vaikuta/contracts';
import { waitFor } from '@vaikuta/testing';
import { FakeClock, InitiativesTestApp, startInitiativesTestApp } from '../../test/initiatives-test-app';

describe('an initiative from filing to closing (integration)', () => {
  let t: InitiativesTestApp;
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
  let resident: string;
  let preparer: string;
  let otherPreparer: string;

  beforeAll(async () => {
    // 100 voters: two supports (the initiator's and one more) reach 2 %.
    t = await startInitiativesTestApp('lifecycle', {}, { clock, env: { CITY_ELIGIBLE_VOTERS: '100' } });
    resident = await t.token('resident', [], 'resident-1');
    preparer = await t.token('preparer', ['KYMP'], 'preparer-1');
    otherPreparer = await t.token('preparer', ['KUVA'], 'preparer-2');
  });
  afterAll(() => t?.close());

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('files, supports, prepares, decides and closes, with a public timeline and events', async () => {
    const filed = await t
      .http()
      .post('/initiatives')
      .set(as(resident))
      .set('Idempotency-Key', 'file-1')
      .send({ type: 'resident', language: 'sv', title: 'Fler cykelbanor i Berghäll', body: 'Vi behöver säkrare cykelbanor till skolorna.', initiatorName: 'Anna Andersson', email: 'anna@example.org' })
      .expect(201);
    const id = filed.body.id;
    expect(filed.body).toMatchObject({ status: 'filed', supportCount: 1, title: { sv: 'Fler cykelbanor i Berghäll' }, initiators: { publicNames: [], count: 1 } });
    // The same key and body is the same answer, not a second initiative.
    const again = await t.http().post('/initiatives').set(as(resident)).set('Idempotency-Key', 'file-1').send({ type: 'resident', language: 'sv', title: 'Fler cykelbanor i Berghäll', body: 'Vi behöver säkrare cykelbanor till skolorna.', initiatorName: 'Anna Andersson', email: 'anna@example.org' }).expect(201);
    expect(again.body.id).toBe(id);
    expect((await t.http().get('/initiatives?limit=100').expect(200)).body.items).toHaveLength(1);

    const supporter = await t.token('resident', [], 'resident-2');
    const supported = await t.http().post(`/initiatives/${id}/supports`).set(as(supporter)).expect(200);
    expect(supported.body).toEqual({ supportCount: 2, councilDeadline: '2026-09-02' });
    await t.http().post(`/initiatives/${id}/supports`).set(as(supporter)).expect(200, { supportCount: 2, councilDeadline: '2026-09-02' });

    let v = (await t.http().get(`/initiatives/staff/${id}`).set(as(preparer)).expect(200)).body.version;
    const registered = await t.http().post(`/initiatives/${id}/register`).set(as(preparer)).send({ version: v }).expect(200);
    expect(registered.body.caseId).toBe('HEL-2026-000001');
    // A stale version is refused.
    await t.http().post(`/initiatives/${id}/assign`).set(as(preparer)).send({ version: v, departmentCode: 'KYMP', preparerId: 'preparer-1' }).expect(409);
    v = registered.body.version;
    v = (await t.http().post(`/initiatives/${id}/assign`).set(as(preparer)).send({ version: v, departmentCode: 'KYMP', preparerId: 'preparer-1' }).expect(200)).body.version;
    // Now it is KYMP's: a KUVA preparer may not touch it.
    await t.http().post(`/initiatives/${id}/propose`).set(as(otherPreparer)).send({ version: v, body: 'lautakunta', proposal: 'x' }).expect(403);

    const asked = await t.http().post(`/initiatives/${id}/statements`).set(as(preparer)).send({ version: v, requestedFrom: 'KUVA', dueAt: '2026-03-20T15:00:00Z' }).expect(200);
    const statementId = asked.body.statements[0].id;
    expect(asked.body).toMatchObject({ status: 'statements_requested', nextDueAt: '2026-03-20T15:00:00.000Z', overdue: false });
    clock.current = new Date('2026-03-21T09:00:00Z');
    const queue = InitiativesHttp.preparerQueuePage.parse((await t.http().get('/initiatives/staff/queue?overdue=true').set(as(preparer)).expect(200)).body);
    expect(queue.items.map((i: { id: string }) => i.id)).toEqual([id]);
    expect(queue.items[0]).toMatchObject({ overdue: true, openStatements: 1 });
    // The department asked answers it.
    v = (await t.http().post(`/initiatives/${id}/statements/${statementId}/answer`).set(as(otherPreparer)).send({ version: asked.body.version, text: 'Kulttuurin toimiala puoltaa.' }).expect(200)).body.version;

    v = (await t.http().post(`/initiatives/${id}/propose`).set(as(preparer)).send({ version: v, body: 'kaupunginhallitus', proposal: 'Esitämme toteuttamista.' }).expect(200)).body.version;
    await t.http().post(`/initiatives/${id}/measures`).set(as(preparer)).send({ version: v, text: 'x' }).expect(409);
    InitiativesHttp.staffInitiativeDetail.parse(asked.body);
    const decided = await t
      .http()
      .post(`/initiatives/${id}/decide`)
      .set(as(preparer))
      .send({ version: v, body: 'kaupunginhallitus', decidedAt: '2026-04-13', section: '212', text: 'Kaupunginhallitus päätti toteuttaa.' })
      .expect(200);
    expect(decided.body.decision).toEqual({ body: 'kaupunginhallitus', decidedAt: '2026-04-13', section: '212', text: 'Kaupunginhallitus päätti toteuttaa.', ahjoCaseId: null, ahjoDecisionId: null });
    v = (await t.http().post(`/initiatives/${id}/measures`).set(as(preparer)).send({ version: decided.body.version, text: 'Pyöräkaista rakennetaan 2027.' }).expect(200)).body.version;
    await t.http().post(`/initiatives/${id}/close`).set(as(preparer)).send({ version: v }).expect(200);

    const page = InitiativesHttp.initiativeDetail.parse((await t.http().get(`/initiatives/${id}`).expect(200)).body);
    expect(page.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'filed',
      'council_deadline',
      'registered',
      'assigned',
      'statement_requested',
      'statement_answered',
      'proposed',
      'decided',
      'measures_taken',
      'closed',
    ]);
    expect(page.measures?.text).toBe('Pyöräkaista rakennetaan 2027.');
    // No initiator's personal data in the public page.
    expect(JSON.stringify(page)).not.toMatch(/Anna|anna@example/);

    const types = await waitFor(async () => {
      const events = await t.reader.events(t.stream);
      return events.length >= 14 ? events.map((e) => e.event.type.replace('fi.vaikuta.initiatives.', '').replace('.v1', '')) : undefined;
    });
    expect(types).toEqual(
      expect.arrayContaining(['filed', 'council_deadline_set', 'registered', 'assigned', 'statement_requested', 'statement_answered', 'proposed', 'decided', 'measures_recorded', 'status_changed']),
    );
    const filedEvent = (await t.reader.events(t.stream)).find((e) => e.event.type.endsWith('.filed.v1'))!;
    expect(filedEvent.event.data.contacts).toEqual([{ email: 'anna@example.org', language: 'sv' }]);

    const report = InitiativesHttp.yearlyReport.parse((await t.http().get('/initiatives/reports/2026').expect(200)).body);
    expect(report.items).toEqual([expect.objectContaining({ id, caseId: 'HEL-2026-000001', status: 'closed', measures: 'Pyöräkaista rakennetaan 2027.' })]);
    const csv = await t.http().get('/initiatives/reports/2026.csv').expect(200);
    expect((await t.http().get('/initiatives/reports/2026?format=csv').expect(200)).text).toBe(csv.text);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text).toContain('HEL-2026-000001,resident,Fler cykelbanor i Berghäll,closed');
  });

  it('finds initiatives by Finnish and Swedish words, and pages them by cursor', async () => {
    const staff = await t.token('admin');
    for (const [language, title] of [['fi', 'Lisää pyöräteitä Kallioon'], ['fi', 'Koirapuisto Malmille'], ['sv', 'Hundpark i Malm']] as const) {
      await t.http().post('/initiatives/staff/paper').set(as(staff)).send({ type: 'council_member', language, title, body: title, initiatorName: 'Valtuutettu Virtanen', coSigners: ['Toinen Allekirjoittaja'] }).expect(201);
    }
    const fi = (await t.http().get('/initiatives').query({ q: 'kallio pyöräteitä' }).expect(200)).body;
    expect(fi.items.map((i: { title: { fi?: string } }) => i.title.fi)).toEqual(['Lisää pyöräteitä Kallioon']);
    const sv = (await t.http().get('/initiatives').query({ q: 'cykelbana' }).expect(200)).body;
    expect(sv.items.map((i: { title: { sv?: string } }) => i.title.sv)).toEqual(['Fler cykelbanor i Berghäll']);
    const first = InitiativesHttp.initiativeListPage.parse((await t.http().get('/initiatives?type=council_member&limit=2').expect(200)).body);
    expect(first.items).toHaveLength(2);
    const second = (await t.http().get(`/initiatives?type=council_member&limit=2&cursor=${first.nextCursor}`).expect(200)).body;
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((i: { id: string }) => i.id);
    expect(new Set(ids).size).toBe(3);
    // A council member's name is public by the role.
    const detail = (await t.http().get(`/initiatives/${ids[0]}`).expect(200)).body;
    expect(detail.initiators.publicNames).toEqual(['Valtuutettu Virtanen', 'Toinen Allekirjoittaja']);
    // Two matches, one per page: the first page from the walk along the list, the last from the search index.
    await t.http().post('/initiatives/staff/paper').set(as(staff)).send({ type: 'resident', language: 'fi', title: 'Koirapuisto Kallioon', body: 'Aidattu koirapuisto.', initiatorName: 'Asukas' }).expect(201);
    const dogs1 = (await t.http().get('/initiatives').query({ q: 'koirapuisto', limit: 1 }).expect(200)).body;
    const dogs2 = (await t.http().get('/initiatives').query({ q: 'koirapuisto', limit: 1, cursor: dogs1.nextCursor }).expect(200)).body;
    // (Filed at the same fake instant, so the id decides their order.)
    expect([...dogs1.items, ...dogs2.items].map((i: { title: { fi?: string } }) => i.title.fi).sort()).toEqual(['Koirapuisto Kallioon', 'Koirapuisto Malmille']);
    expect(dogs2.nextCursor).toBeNull();
    expect((await t.http().get('/initiatives').query({ q: 'kuusenkerkkä' }).expect(200)).body).toEqual({ items: [], nextCursor: null });
    const bad = await t.http().get('/initiatives?cursor=bm9wZQ').expect(400);
    expect(bad.body.errors[0].field).toBe('cursor');
  });
});
