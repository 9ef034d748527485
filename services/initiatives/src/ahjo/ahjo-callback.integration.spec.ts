import caseFixture from '../../test/fixtures/ahjo/ahjo_case_fixture.json';
import decisionShape from '../../test/fixtures/ahjo/ahjo_decision_SHAPE.json';
import callbackExample from '../../test/fixtures/ahjo/ahjo_callback_example.json';
import type { AhjoStub } from '../../../../scripts/ahjo-stub.mjs';
import { InitiativesTestApp, startInitiativesTestApp } from '../../test/initiatives-test-app';

describe('Ahjo decisions on the timeline (integration)', () => {
  let t: InitiativesTestApp;
  let stub: AhjoStub;
  let admin: string;
  const secret = 'test-ahjo-secret-0123456789';
  const decision = decisionShape.decisions[0];
  // The case fixture's own decision record, with the shape's fields.
  const caseDecisionId = caseFixture.Records.find((r) => r.Type === 'päätös')!.NativeId;
  const secondDecision = { ...decision, NativeId: caseDecisionId, Section: '14', Content: '<p>Toinen päätös.</p>' };
  // Ahjo writing the section with its sign, on a case of its own.
  const signedDecision = { ...decision, NativeId: '{45454545-0000-4000-8000-000000000045}', CaseID: 'HEL-2025-004545', Section: '§ 45', Content: '<p>Pykälällinen päätös.</p>' };

  beforeAll(async () => {
    const { startAhjoStub } = await import('../../../../scripts/ahjo-stub.mjs');
    stub = await startAhjoStub({ port: 0, cases: [caseFixture], decisions: [decision, secondDecision, signedDecision] });
    t = await startInitiativesTestApp('ahjo', { ahjo: { apiUrl: stub.url, callbackSecret: secret } });
    admin = await t.token('admin');
  });
  afterAll(async () => {
    await t?.close();
    await stub?.close();
  });

  const staff = () => ({ Authorization: `Bearer ${admin}` });
  const callback = (body: unknown, key = secret) => t.http().post('/initiatives/ahjo/callback').set('X-Ahjo-Secret', key).send(body as object);

  async function initiativeAt(step: 'proposed' | 'assigned', title: string, ahjoCaseId: string = decision.CaseID) {
    const created = (await t.http().post('/initiatives/staff/paper').set(staff()).send({ type: 'council_member', language: 'fi', title, body: title, initiatorName: 'Mai Kivelä' }).expect(201)).body;
    let v = (await t.http().post(`/initiatives/${created.id}/register`).set(staff()).send({ version: created.version }).expect(200)).body.version;
    v = (await t.http().post(`/initiatives/${created.id}/assign`).set(staff()).send({ version: v, departmentCode: 'KYMP', preparerId: 'p-1' }).expect(200)).body.version;
    if (step === 'proposed') v = (await t.http().post(`/initiatives/${created.id}/propose`).set(staff()).send({ version: v, body: 'valtuusto', proposal: 'Esitys' }).expect(200)).body.version;
    await t.http().post(`/initiatives/${created.id}/ahjo-link`).set(staff()).send({ version: v, ahjoCaseId }).expect(200);
    return created.id as string;
  }

  it('refuses a callback without the shared secret, changing nothing', async () => {
    await callback(callbackExample.request_body_example, 'wrong-secret-wrong-secret').expect(403);
    await t.http().post('/initiatives/ahjo/callback').send(callbackExample.request_body_example).expect(403);
    expect(stub.stats.requests).toBe(0);
  });

  it('fetches the decision of the callback and adds it to every linked initiative, once', async () => {
    const proposed = await initiativeAt('proposed', 'Haltialan kotieläintilasta eläinsuojelukeskus');
    const assigned = await initiativeAt('assigned', 'Toinen aloite samassa asiassa');

    const answer = await callback(callbackExample.request_body_example).expect(202);
    expect(answer.body).toEqual({ accepted: true, changed: 2 });

    const decided = (await t.http().get(`/initiatives/${proposed}`).expect(200)).body;
    expect(decided.status).toBe('decided');
    expect(decided.decision).toEqual({
      body: 'valtuusto',
      decidedAt: '2025-01-27',
      section: '13',
      text: '…päätösteksti…',
      ahjoCaseId: 'HEL-2025-001216',
      ahjoDecisionId: '{1163DCBC-2400-4241-BC93-E5E679EF117D}',
    });
    expect(decided.timeline.at(-1)).toMatchObject({ kind: 'decided', status: 'decided', note: 'valtuusto § 13: …päätösteksti…' });

    const noted = (await t.http().get(`/initiatives/${assigned}`).expect(200)).body;
    expect(noted.status).toBe('assigned');
    expect(noted.timeline.at(-1)).toMatchObject({ kind: 'ahjo_decision', note: expect.stringContaining('(Ahjo {1163DCBC-2400-4241-BC93-E5E679EF117D})') });

    // Ahjo says "Updated" about the same decision: nothing changes twice.
    expect((await callback({ updatetype: 'Updated', id: decision.NativeId }).expect(202)).body).toEqual({ accepted: true, changed: 0 });
    expect((await t.http().get(`/initiatives/${assigned}`).expect(200)).body.timeline).toHaveLength(noted.timeline.length);
    const decidedEvents = (await t.reader.events(t.stream)).filter((e) => e.event.type.endsWith('.decided.v1'));
    expect(decidedEvents).toHaveLength(1);
    expect(decidedEvents[0].event.data).toMatchObject({ initiativeId: proposed, body: 'valtuusto', section: '13', ahjoDecisionId: decision.NativeId });
  });

  it('follows a case callback to its decision records', async () => {
    const answer = await callback({ updatetype: 'Updated', id: caseFixture.CaseID }).expect(202);
    // Both initiatives on the case get the case's own decision record (§ 14) on their timelines.
    expect(answer.body).toEqual({ accepted: true, changed: 2 });
  });

  it('takes a section Ahjo writes as "§ 45" as 45, so the timeline shows one §', async () => {
    const proposed = await initiativeAt('proposed', 'Pykälä Ahjosta', signedDecision.CaseID);
    const assigned = await initiativeAt('assigned', 'Pykälä Ahjosta, toinen', signedDecision.CaseID);
    expect((await callback({ updatetype: 'Added', id: signedDecision.NativeId }).expect(202)).body).toEqual({ accepted: true, changed: 2 });

    const decided = (await t.http().get(`/initiatives/${proposed}`).expect(200)).body;
    expect(decided.decision.section).toBe('45');
    expect(decided.timeline.at(-1)).toMatchObject({ kind: 'decided', note: 'valtuusto § 45: Pykälällinen päätös.' });
    const noted = (await t.http().get(`/initiatives/${assigned}`).expect(200)).body;
    expect(noted.timeline.at(-1)).toMatchObject({ kind: 'ahjo_decision', note: `valtuusto § 45 2025-01-27 (Ahjo ${signedDecision.NativeId}): Pykälällinen päätös.` });
    const event = (await t.reader.events(t.stream)).find((e) => e.event.type.endsWith('.decided.v1') && e.event.data.initiativeId === proposed);
    expect(event?.event.data).toMatchObject({ section: '45' });
  });

  it('answers 503 when Ahjo cannot be read, so Ahjo retries', async () => {
    await stub.close();
    await callback({ updatetype: 'Added', id: '{00000000-0000-0000-0000-000000000000}' }).expect(503);
  });
});
