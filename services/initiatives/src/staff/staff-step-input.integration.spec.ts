import { InitiativesTestApp, startInitiativesTestApp } from '../../test/initiatives-test-app';

/**
 * Regressions in what a staff step accepts.
 *
 * Assigning to `kymp` stored the code as typed, which matched no preparer's
 * departments (tokens say `KYMP`): the preparer who assigned it, and every other, got 403 on
 * it from then on. Department codes are upper-cased, and a code that cannot be one is refused.
 */
describe('staff steps refuse input that would break the initiative (integration)', () => {
  let t: InitiativesTestApp;
  let preparer: string;

  beforeAll(async () => {
    t = await startInitiativesTestApp('staff_step_input');
    preparer = await t.token('preparer', ['KYMP'], 'preparer-assign');
  });
  afterAll(() => t?.close());

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('keeps the preparer of the department in charge when the code is typed in lower case', async () => {
    const resident = await t.token('resident', [], 'resident-assign');
    const filed = await t.http().post('/initiatives').set(as(resident)).send({ type: 'resident', language: 'fi', title: 'Pyöräparkki', body: 'Lisää pyöräparkkeja.', initiatorName: 'Asukas' }).expect(201);
    const id = filed.body.id as string;
    const registered = await t.http().post(`/initiatives/${id}/register`).set(as(preparer)).send({ version: filed.body.version }).expect(200);

    const bad = await t.http().post(`/initiatives/${id}/assign`).set(as(preparer)).send({ version: registered.body.version, departmentCode: 'KY MP', preparerId: 'preparer-assign' }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'departmentCode' })]);

    const assigned = await t.http().post(`/initiatives/${id}/assign`).set(as(preparer)).send({ version: registered.body.version, departmentCode: ' kymp ', preparerId: 'preparer-assign' }).expect(200);
    expect(assigned.body.departmentCode).toBe('KYMP');
    await t.http().get(`/initiatives/staff/${id}`).set(as(preparer)).expect(200);
    await t.http().post(`/initiatives/${id}/propose`).set(as(preparer)).send({ version: assigned.body.version, body: 'valtuusto', proposal: 'Esitys' }).expect(200);
  });

  it('refuses a decision date that is no calendar day, naming decidedAt, and leaves the initiative as it was', async () => {
    const resident = await t.token('resident', [], 'resident-decide');
    const filed = await t.http().post('/initiatives').set(as(resident)).send({ type: 'resident', language: 'sv', title: 'Fler träd', body: 'Plantera träd.', initiatorName: 'Invånare' }).expect(201);
    const id = filed.body.id as string;
    let v = (await t.http().post(`/initiatives/${id}/register`).set(as(preparer)).send({ version: filed.body.version }).expect(200)).body.version;
    v = (await t.http().post(`/initiatives/${id}/assign`).set(as(preparer)).send({ version: v, departmentCode: 'KYMP', preparerId: 'preparer-assign' }).expect(200)).body.version;
    v = (await t.http().post(`/initiatives/${id}/propose`).set(as(preparer)).send({ version: v, body: 'valtuusto', proposal: 'Förslag' }).expect(200)).body.version;
    for (const decidedAt of ['2026-13-45', '2026-02-30', '0000-01-01']) {
      const res = await t.http().post(`/initiatives/${id}/decide`).set(as(preparer)).send({ version: v, body: 'valtuusto', decidedAt, text: 'Beslut' });
      expect([res.status, res.headers['content-type']]).toEqual([400, expect.stringContaining('application/problem+json')]);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'decidedAt' })]);
    }
    const now = (await t.http().get(`/initiatives/staff/${id}`).set(as(preparer)).expect(200)).body;
    expect([now.status, now.version, now.decision]).toEqual(['proposed', v, null]);
    await t.http().post(`/initiatives/${id}/decide`).set(as(preparer)).send({ version: v, body: 'valtuusto', decidedAt: '2024-02-29', text: 'Beslut' }).expect(200);
  });

  it('stores a section typed as "§ 123" as 123, so the timeline and the emails show one §; a bare "§" is refused naming section', async () => {
    const paper = { type: 'council_member', language: 'fi', title: 'Pykäläaloite', body: 'Teksti.', initiatorName: 'Valtuutettu' };
    const filed = await t.http().post('/initiatives/staff/paper').set(as(preparer)).send(paper).expect(201);
    const id = filed.body.id;
    let v = (await t.http().post(`/initiatives/${id}/register`).set(as(preparer)).send({ version: filed.body.version }).expect(200)).body.version;
    v = (await t.http().post(`/initiatives/${id}/assign`).set(as(preparer)).send({ version: v, departmentCode: 'KYMP', preparerId: 'preparer-assign' }).expect(200)).body.version;
    v = (await t.http().post(`/initiatives/${id}/propose`).set(as(preparer)).send({ version: v, body: 'valtuusto', proposal: 'Esitys' }).expect(200)).body.version;
    const decision = { version: v, body: 'valtuusto', decidedAt: '2026-04-13', text: 'Päätös' };
    const bare = await t.http().post(`/initiatives/${id}/decide`).set(as(preparer)).send({ ...decision, section: ' § ' }).expect(400);
    expect(bare.body.errors).toEqual([expect.objectContaining({ field: 'section' })]);
    const decided = await t.http().post(`/initiatives/${id}/decide`).set(as(preparer)).send({ ...decision, section: '§ 123' }).expect(200);
    expect(decided.body.decision.section).toBe('123');
    const entry = decided.body.timeline.find((e: { kind: string }) => e.kind === 'decided');
    expect(entry.note).toBe('valtuusto § 123: Päätös');
  });

  it('refuses a paper initiative filed before 1995, naming filedAt', async () => {
    const paper = { type: 'council_member', language: 'fi', title: 'Paperialoite', body: 'Teksti.', initiatorName: 'Valtuutettu' };
    const old = await t.http().post('/initiatives/staff/paper').set(as(preparer)).send({ ...paper, filedAt: '0001-01-01T00:00:00Z' }).expect(400);
    expect(old.body.errors).toEqual([expect.objectContaining({ field: 'filedAt' })]);
    await t.http().post('/initiatives/staff/paper').set(as(preparer)).send({ ...paper, filedAt: '2026-01-05T09:00:00+02:00' }).expect(201);
  });

  it('refuses a paper initiative whose title is only zero-width spaces (invisible on every page), naming title', async () => {
    const paper = { type: 'council_member', language: 'fi', title: '\u200B\u200B\u200B\u200B', body: 'Teksti.', initiatorName: 'Valtuutettu' };
    const invisible = await t.http().post('/initiatives/staff/paper').set(as(preparer)).send(paper).expect(400);
    expect(invisible.body.errors).toEqual([expect.objectContaining({ field: 'title' })]);
  });

  it('refuses a statement due in year 9999, naming dueAt, and takes one in the coming weeks', async () => {
    const paper = { type: 'council_member', language: 'fi', title: 'Lausuntoaloite', body: 'Teksti.', initiatorName: 'Valtuutettu' };
    const filed = await t.http().post('/initiatives/staff/paper').set(as(preparer)).send(paper).expect(201);
    const id = filed.body.id;
    let v = (await t.http().post(`/initiatives/${id}/register`).set(as(preparer)).send({ version: filed.body.version }).expect(200)).body.version;
    v = (await t.http().post(`/initiatives/${id}/assign`).set(as(preparer)).send({ version: v, departmentCode: 'KYMP', preparerId: 'preparer-assign' }).expect(200)).body.version;
    const far = await t.http().post(`/initiatives/${id}/statements`).set(as(preparer)).send({ version: v, requestedFrom: 'KUVA', dueAt: '9999-12-31T00:00:00Z' }).expect(400);
    expect(far.body.errors).toEqual([expect.objectContaining({ field: 'dueAt' })]);
    const due = new Date(Date.now() + 21 * 86_400_000).toISOString();
    await t.http().post(`/initiatives/${id}/statements`).set(as(preparer)).send({ version: v, requestedFrom: 'KUVA', dueAt: due }).expect(200);
  });
});
