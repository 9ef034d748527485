import { randomUUID } from 'node:crypto';
import { BudgetingHttp } from '@vaikuta/contracts';
import { FakeClock } from '@vaikuta/domain';
import { BudgetingTestApp, roundInProposals, startBudgetingTestApp } from '../../test/budgeting-test-app';

// Real PostgreSQL, NATS and Redis (the test app), in a database and namespace of this file's own.
const START = new Date('2026-03-02T09:00:00Z');
const DAY = 86_400_000;
const clock = new FakeClock(START);
let t: BudgetingTestApp;
let coordinator: string;
let resident: string;

/** Proposals open now (see budgeting-test-app), with a second district for cross-district checks. */
const roundInTwoDistricts = (now: Date): BudgetingHttp.CreateRoundRequest =>
  roundInProposals(now, {
    districts: [
      { code: 'keskinen', name: { fi: 'Keskinen' }, budget: 100_000, cityWide: false },
      { code: 'itainen', name: { fi: 'Itäinen' }, budget: 100_000, cityWide: false },
      { code: 'city', name: { fi: 'Koko kaupunki' }, budget: 300_000, cityWide: true },
    ],
  });

beforeAll(async () => {
  t = await startBudgetingTestApp('plans', {}, { clock });
  coordinator = `Bearer ${await t.token('coordinator')}`;
  resident = `Bearer ${await t.token('resident', { sub: 'plan-proposer-3' })}`;
});
afterAll(() => t?.close());
afterEach(() => {
  clock.current = START;
});

async function newRound(): Promise<string> {
  const { body } = await t.http().post('/budgeting/rounds').set('Authorization', coordinator).send(roundInTwoDistricts(clock.now())).expect(201);
  return body.id;
}

async function propose(roundId: string, title: string, districtCode = 'keskinen'): Promise<string> {
  const { body } = await t
    .http()
    .post(`/budgeting/rounds/${roundId}/proposals`)
    .set('Authorization', resident)
    .send({ title, description: `${title}: ehdotuksen tarkempi kuvaus.`, language: 'fi', districtCode, source: { kind: 'initiative', id: randomUUID() } })
    .expect(201);
  return body.id;
}

const planBody = (proposalIds: string[], changes: Partial<BudgetingHttp.CreatePlanRequest> = {}) => ({
  title: { fi: 'Kallion leikkipaikat', sv: 'Lekplatser i Berghäll' },
  description: { fi: 'Kaksi ehdotusta yhdistettynä.' },
  districtCode: 'keskinen',
  proposalIds,
  ...changes,
});

const createPlan = (roundId: string, body: object) => t.http().post(`/budgeting/rounds/${roundId}/plans`).set('Authorization', coordinator).send(body);
const patchPlan = (planId: string, body: object) => t.http().patch(`/budgeting/plans/${planId}`).set('Authorization', coordinator).send(body);

describe('budgeting plans', () => {
  it('combines two proposals into a plan: both in_plan, each proposer told, and the thread shows proposal → plan → project', async () => {
    const roundId = await newRound();
    const a = await propose(roundId, 'Leikkipuisto Kallioon');
    const b = await propose(roundId, 'Keinut Karhupuistoon');
    await t.http().post(`/budgeting/proposals/${a}/screening`).set('Authorization', coordinator).send({ version: 1, outcome: 'feasible', reason: 'Kaupungin maata, toteutettavissa.' }).expect(200);

    const { body: plan } = await createPlan(roundId, planBody([a, b], { incompatibleGroup: 'kallio-park' })).expect(201);
    expect(plan).toMatchObject({ roundId, status: 'draft', cost: null, incompatibleGroup: 'kallio-park', version: 1 });
    expect([...plan.proposalIds].sort()).toEqual([a, b].sort());

    const rows = await t.dataSource.query(`SELECT id, status, plan_id, version FROM proposals WHERE id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], id)`, [[a, b]]);
    // a: submitted v1 → screened v2 → in plan v3; b: submitted v1 → in plan v2.
    expect(rows).toEqual([
      { id: a, status: 'in_plan', plan_id: plan.id, version: 3 },
      { id: b, status: 'in_plan', plan_id: plan.id, version: 2 },
    ]);
    const events = await t.dataSource.query(
      `SELECT envelope #>> '{data,proposalId}' AS proposal, envelope #>> '{data,planId}' AS plan, envelope #>> '{data,proposerSub}' AS sub
         FROM outbox WHERE type = 'fi.vaikuta.budgeting.proposal_screened.v2' AND envelope #>> '{data,outcome}' = 'in_plan' AND envelope #>> '{data,roundId}' = $1
        ORDER BY seq`,
      [roundId],
    );
    expect(events).toEqual([
      { proposal: a, plan: plan.id, sub: 'plan-proposer-3' },
      { proposal: b, plan: plan.id, sub: 'plan-proposer-3' },
    ]);

    // Coordinators see the draft plan on the thread; the public (anonymous or a resident) does not, nor its id.
    const threadA = await t.http().get(`/budgeting/proposals/${a}`).set('Authorization', coordinator).expect(200);
    expect(threadA.body).toMatchObject({
      status: 'in_plan',
      source: { kind: 'initiative' },
      screening: { outcome: 'feasible', reason: 'Kaupungin maata, toteutettavissa.' },
      planId: plan.id,
      plan: { id: plan.id, title: { fi: 'Kallion leikkipaikat' }, cost: null, status: 'draft' },
      project: null,
    });
    for (const auth of [undefined, resident]) {
      const req = t.http().get(`/budgeting/proposals/${a}`);
      const publicThread = await (auth ? req.set('Authorization', auth) : req).expect(200);
      expect(publicThread.body).toMatchObject({ status: 'in_plan', screening: { outcome: 'feasible' }, planId: null, plan: null, project: null });
      expect(publicThread.text).not.toContain(plan.id);
      expect(publicThread.text).not.toContain('Kallion leikkipaikat');
    }
    expect((await t.http().get(`/budgeting/proposals/${b}`).expect(200)).body.screening).toBeNull();
    const publicList = await t.http().get(`/budgeting/rounds/${roundId}/proposals`).expect(200);
    expect(publicList.text).not.toContain(plan.id);
    const staffList = await t.http().get(`/budgeting/rounds/${roundId}/proposals`).set('Authorization', coordinator).expect(200);
    expect(staffList.body.items.map((p: { planId: string }) => p.planId)).toEqual([plan.id, plan.id]);

    // On the ballot, the plan is public on the thread.
    await patchPlan(plan.id, { version: 1, cost: 40_000 }).expect(200);
    await patchPlan(plan.id, { version: 2, status: 'on_ballot' }).expect(200);
    const onBallot = await t.http().get(`/budgeting/proposals/${a}`).expect(200);
    expect(onBallot.body).toMatchObject({ planId: plan.id, plan: { id: plan.id, cost: 40_000, status: 'on_ballot' } });
    expect((await t.http().get(`/budgeting/rounds/${roundId}/proposals`).expect(200)).body.items.map((p: { planId: string }) => p.planId)).toEqual([plan.id, plan.id]);

    // The results feature turns winners into projects (id = the plan's); the thread reads it.
    await t.dataSource.query(`INSERT INTO projects (id, round_id, status, progress) VALUES ($1, $2, 'in_progress', 40)`, [plan.id, roundId]);
    const withProject = await t.http().get(`/budgeting/proposals/${b}`).expect(200);
    expect(withProject.body.project).toEqual({ id: plan.id, status: 'in_progress', progress: 40 });
    expect(withProject.text).not.toContain('plan-proposer-3');
  });

  it('puts a plan on the ballot only with a cost; the public sees only plans on the ballot', async () => {
    const roundId = await newRound();
    const { body: plan } = await createPlan(roundId, planBody([await propose(roundId, 'Penkit rantaan')])).expect(201);
    const { body: draftOnly } = await createPlan(roundId, planBody([await propose(roundId, 'Valot polulle')])).expect(201);

    const refused = await patchPlan(plan.id, { version: 1, status: 'on_ballot' }).expect(409);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ field: 'cost' }));
    const { body: costed } = await patchPlan(plan.id, { version: 1, cost: 35_000 }).expect(200);
    expect(costed).toMatchObject({ cost: 35_000, status: 'draft', version: 2 });
    await patchPlan(plan.id, { version: 1, status: 'on_ballot' }).expect(409);
    await patchPlan(plan.id, { version: 2 }).expect(400);
    const { body: onBallot } = await patchPlan(plan.id, { version: 2, status: 'on_ballot' }).expect(200);
    expect(onBallot).toMatchObject({ status: 'on_ballot', version: 3 });

    const publicList = await t.http().get(`/budgeting/rounds/${roundId}/plans`).expect(200);
    expect(publicList.body.items.map((p: { id: string }) => p.id)).toEqual([plan.id]);
    expect(publicList.body.items[0]).toMatchObject({ cost: 35_000, districtCode: 'keskinen', proposalIds: [expect.any(String)] });
    expect(publicList.text).not.toContain('plan-proposer-3');
    await t.http().get(`/budgeting/rounds/${roundId}/plans`).query({ status: 'draft' }).expect(403);
    const staffList = await t.http().get(`/budgeting/rounds/${roundId}/plans`).set('Authorization', coordinator).expect(200);
    expect(staffList.body.items.map((p: { id: string }) => p.id).sort()).toEqual([plan.id, draftOnly.id].sort());
    const drafts = await t.http().get(`/budgeting/rounds/${roundId}/plans`).query({ status: 'draft' }).set('Authorization', coordinator).expect(200);
    expect(drafts.body.items.map((p: { id: string }) => p.id)).toEqual([draftOnly.id]);
    expect((await t.http().get(`/budgeting/rounds/${roundId}/plans`).query({ district: 'itainen' }).expect(200)).body.items).toEqual([]);

    const audit = await t.dataSource.query(`SELECT version, action FROM plan_audit WHERE entity_id = $1 ORDER BY version`, [plan.id]);
    expect(audit).toEqual([
      { version: 1, action: 'created' },
      { version: 2, action: 'updated' },
      { version: 3, action: 'updated' },
    ]);
  });

  it('refuses proposals that are not feasible, of another district or named twice, and writes nothing', async () => {
    const roundId = await newRound();
    const ok = await propose(roundId, 'Kuntoportaat');
    const rejected = await propose(roundId, 'Uimahalli kattoon');
    const elsewhere = await propose(roundId, 'Itäinen lenkkipolku', 'itainen');
    await t.http().post(`/budgeting/proposals/${rejected}/screening`).set('Authorization', coordinator).send({ version: 1, outcome: 'not_feasible', reason: 'Liian kallis yhdelle alueelle.' }).expect(200);

    const notFeasible = await createPlan(roundId, planBody([ok, rejected])).expect(409);
    expect(notFeasible.body.errors).toContainEqual(expect.objectContaining({ field: 'proposalIds.1' }));
    const district = await createPlan(roundId, planBody([elsewhere])).expect(400);
    expect(district.body.errors).toContainEqual(expect.objectContaining({ field: 'proposalIds.0' }));
    const twice = await createPlan(roundId, planBody([ok, ok])).expect(400);
    expect(twice.body.errors).toContainEqual(expect.objectContaining({ field: 'proposalIds.1' }));
    const unknown = await createPlan(roundId, planBody([randomUUID()])).expect(400);
    expect(unknown.body.errors).toContainEqual(expect.objectContaining({ field: 'proposalIds.0' }));
    await createPlan(roundId, planBody([])).expect(400);
    await createPlan(roundId, planBody([ok], { location: { lat: 10, lon: 24 } })).expect(400);
    await t.http().post(`/budgeting/rounds/${roundId}/plans`).set('Authorization', resident).send(planBody([ok])).expect(403);

    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM plans WHERE round_id = $1`, [roundId]);
    expect(n).toBe(0);
    const [row] = await t.dataSource.query(`SELECT status, plan_id FROM proposals WHERE id = $1`, [ok]);
    expect(row).toEqual({ status: 'submitted', plan_id: null });
  });

  it('withdrawing a plan gives its proposals back (feasible if screened, else submitted) to be combined again, audited, proposers told', async () => {
    const roundId = await newRound();
    const screened = await propose(roundId, 'Skeittiramppi');
    const unscreened = await propose(roundId, 'Pingispöytä');
    await t.http().post(`/budgeting/proposals/${screened}/screening`).set('Authorization', coordinator).send({ version: 1, outcome: 'feasible', reason: 'Sopii puistoon.' }).expect(200);
    const { body: plan } = await createPlan(roundId, planBody([screened, unscreened])).expect(201);

    const { body: withdrawn } = await patchPlan(plan.id, { version: 1, status: 'withdrawn' }).expect(200);
    expect(withdrawn).toMatchObject({ status: 'withdrawn', version: 2, proposalIds: [] });
    const rows = await t.dataSource.query(`SELECT id, status, plan_id, version FROM proposals WHERE id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], id)`, [[screened, unscreened]]);
    expect(rows).toEqual([
      { id: screened, status: 'feasible', plan_id: null, version: 4 },
      { id: unscreened, status: 'submitted', plan_id: null, version: 3 },
    ]);
    const audit = await t.dataSource.query(`SELECT entity_id, version, action, details FROM proposal_audit WHERE action = 'left_withdrawn_plan' AND entity_id = ANY($1::uuid[]) ORDER BY version`, [
      [screened, unscreened],
    ]);
    expect(audit).toEqual([
      { entity_id: unscreened, version: 3, action: 'left_withdrawn_plan', details: { planId: plan.id, to: 'submitted' } },
      { entity_id: screened, version: 4, action: 'left_withdrawn_plan', details: { planId: plan.id, to: 'feasible' } },
    ]);
    const told = await t.dataSource.query(
      `SELECT envelope #>> '{data,proposalId}' AS proposal, envelope #>> '{data,planId}' AS plan, envelope #>> '{data,proposerSub}' AS sub
         FROM outbox WHERE type = 'fi.vaikuta.budgeting.proposal_screened.v2' AND envelope #>> '{data,outcome}' = 'plan_withdrawn' AND envelope #>> '{data,roundId}' = $1`,
      [roundId],
    );
    expect(told.map((e: { proposal: string }) => e.proposal).sort()).toEqual([screened, unscreened].sort());
    expect(told.every((e: { plan: string; sub: string }) => e.plan === plan.id && e.sub === 'plan-proposer-3')).toBe(true);

    // Free again: a new plan takes both, with their thread showing it; the withdrawn one cannot come back.
    const { body: again } = await createPlan(roundId, planBody([screened, unscreened])).expect(201);
    expect([...again.proposalIds].sort()).toEqual([screened, unscreened].sort());
    const back = await patchPlan(plan.id, { version: 2, status: 'draft' }).expect(409);
    expect(back.body.errors).toContainEqual(expect.objectContaining({ field: 'status' }));
    // The screening survives the round trip.
    const thread = await t.http().get(`/budgeting/proposals/${screened}`).set('Authorization', coordinator).expect(200);
    expect(thread.body).toMatchObject({ status: 'in_plan', screening: { outcome: 'feasible', reason: 'Sopii puistoon.' }, plan: { id: again.id } });
  });

  it('refuses every plan change once voting has opened (409 naming the phase)', async () => {
    const roundId = await newRound();
    const { body: plan } = await createPlan(roundId, planBody([await propose(roundId, 'Katutaidetta siltaan')], { cost: 20_000 })).expect(201);
    const spare = await propose(roundId, 'Kukkaistutukset');
    clock.current = new Date(START.getTime() + 30 * DAY + 1000);
    const patched = await patchPlan(plan.id, { version: 1, cost: 25_000 }).expect(409);
    expect(patched.body.phase).toBe('voting');
    await patchPlan(plan.id, { version: 1, status: 'withdrawn' }).expect(409);
    const created = await createPlan(roundId, planBody([spare])).expect(409);
    expect(created.body.phase).toBe('voting');
    const [row] = await t.dataSource.query(`SELECT cost, status, version FROM plans WHERE id = $1`, [plan.id]);
    expect(row).toEqual({ cost: '20000', status: 'draft', version: 1 });
  });
});
