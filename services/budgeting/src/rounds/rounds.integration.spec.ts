import { FakeClock } from '@vaikuta/domain';
import { BudgetingTestApp, roundRequest, startBudgetingTestApp } from '../../test/budgeting-test-app';

const clock = new FakeClock(new Date('2026-05-04T09:00:00Z'));
let t: BudgetingTestApp;
let coordinator: string;

beforeAll(async () => {
  t = await startBudgetingTestApp('rounds', {}, { clock });
  coordinator = `Bearer ${await t.token('coordinator')}`;
});
afterAll(() => t?.close());

const create = (body = roundRequest(clock.now())) => t.http().post('/budgeting/rounds').set('Authorization', coordinator).send(body);

describe('budgeting rounds', () => {
  it('lists a created round with its phase read from the clock, and shows its districts and rules to anyone', async () => {
    const { body: round } = await create().expect(201);
    const list = await t.http().get('/budgeting/rounds').expect(200);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ id: round.id, phase: 'voting', rule: 'greedy', totalBudget: 400_000, resultsPublished: false }),
    );
    const detail = await t.http().get(`/budgeting/rounds/${round.id}`).expect(200);
    expect(detail.body.districts.map((d: { code: string }) => d.code)).toEqual(['keskinen', 'city']);
    expect(detail.body.phases).toHaveLength(6);

    clock.current = new Date(Date.parse(detail.body.phases[4].opensAt) + 1000);
    expect((await t.http().get(`/budgeting/rounds/${round.id}`).expect(200)).body.phase).toBe('results');
    clock.current = new Date('2026-05-04T09:00:00Z');
  });

  it('refuses phases out of order or overlapping, naming the field, and writes nothing', async () => {
    const good = roundRequest(clock.now());
    const swapped = [good.phases[1], good.phases[0], ...good.phases.slice(2)];
    const before = (await t.http().get('/budgeting/rounds').expect(200)).body.items.length;
    const res = await create({ ...good, phases: swapped }).expect(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'phases.0.phase' }));
    const overlapping = good.phases.map((p, i) => (i === 4 ? { ...p, opensAt: good.phases[3].opensAt } : p));
    const res2 = await create({ ...good, phases: overlapping }).expect(400);
    expect(res2.body.errors).toContainEqual(expect.objectContaining({ field: 'phases.4.opensAt' }));
    await create({ ...good, districts: [good.districts[0], good.districts[0]] }).expect(400);
    expect((await t.http().get('/budgeting/rounds').expect(200)).body.items.length).toBe(before);
  });

  it('refuses a 900 KB title, an invisible one and a blank one, naming the field, and writes nothing (the public list grew to 900 KB)', async () => {
    const good = roundRequest(clock.now());
    const before = (await t.http().get('/budgeting/rounds').expect(200)).body.items.length;
    const long = await create({ ...good, title: { fi: 'x'.repeat(900_000) } }).expect(400);
    expect(long.body.errors).toContainEqual(expect.objectContaining({ field: 'title.fi' }));
    for (const title of [{ fi: '', sv: ' ' }, { fi: '\u200B\u200B\u200B\u200B' }]) {
      const blank = await create({ ...good, title }).expect(400);
      expect(blank.body.errors).toContainEqual(expect.objectContaining({ field: 'title' }));
    }
    expect((await t.http().get('/budgeting/rounds').expect(200)).body.items.length).toBe(before);
  });

  it('moves the phases with the version seen, audits the reason, and answers 409 to a stale version', async () => {
    const { body: round } = await create().expect(201);
    const later = round.phases.map((p: { closesAt: string | null }, i: number) =>
      i === 3 ? { ...p, closesAt: new Date(Date.parse(p.closesAt!) + 2 * 86_400_000).toISOString() } : p,
    );
    later[4] = { ...later[4], opensAt: later[3].closesAt };
    const moved = await t
      .http()
      .post(`/budgeting/rounds/${round.id}/phases`)
      .set('Authorization', coordinator)
      .send({ version: 1, phases: later, reason: 'Äänestysaikaa jatketaan kahdella päivällä' })
      .expect(200);
    expect(moved.body.version).toBe(2);
    expect(moved.body.phases[3].closesAt).toBe(later[3].closesAt);
    const stale = await t
      .http()
      .post(`/budgeting/rounds/${round.id}/phases`)
      .set('Authorization', coordinator)
      .send({ version: 1, phases: later, reason: 'again' })
      .expect(409);
    expect(stale.body.currentVersion).toBe(2);
    const audit = await t.dataSource.query(`SELECT action, version, details->>'reason' AS reason FROM round_audit WHERE entity_id = $1 ORDER BY version`, [round.id]);
    expect(audit).toEqual([
      { action: 'created', version: 1, reason: null },
      { action: 'phases_moved', version: 2, reason: 'Äänestysaikaa jatketaan kahdella päivällä' },
    ]);
  });

  it('tells a resident whether they may take part, every reason in their language', async () => {
    const { body: round } = await create().expect(201);
    const ok = await t.http().get(`/budgeting/rounds/${round.id}/eligibility`).set('Authorization', `Bearer ${await t.token('resident')}`).expect(200);
    expect(ok.body).toEqual({ eligible: true, refusals: [] });
    // Born 1 Jan 2015: 11 in 2026, and living in Espoo (049).
    const child = await t.token('resident', { birthdate: '2015-01-01', municipality: '049', lang: 'sv' });
    const refused = await t.http().get(`/budgeting/rounds/${round.id}/eligibility`).set('Authorization', `Bearer ${child}`).expect(200);
    expect(refused.body.eligible).toBe(false);
    expect(refused.body.refusals.map((r: { code: string }) => r.code).sort()).toEqual(['not_resident', 'too_young']);
    expect(refused.body.refusals[0].message).not.toEqual(
      (await t.http().get(`/budgeting/rounds/${round.id}/eligibility?lang=fi`).set('Authorization', `Bearer ${child}`).expect(200)).body.refusals[0].message,
    );
  });
});
