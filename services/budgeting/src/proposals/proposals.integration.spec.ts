import { randomUUID } from 'node:crypto';
import { BudgetingHttp } from '@vaikuta/contracts';
import { FakeClock } from '@vaikuta/domain';
import { BudgetingTestApp, roundInProposals, startBudgetingTestApp } from '../../test/budgeting-test-app';
import { ProposerErasureConsumer } from './proposer-erasure.consumer';

// Real PostgreSQL, NATS and Redis (the test app), in a database and namespace of this file's own.
const START = new Date('2026-03-02T09:00:00Z');
const DAY = 86_400_000;
const clock = new FakeClock(START);
let t: BudgetingTestApp;
let coordinator: string;
let resident: string;


const proposalBody = (changes: Partial<BudgetingHttp.SubmitProposalRequest> = {}): BudgetingHttp.SubmitProposalRequest => ({
  title: 'Kallioon uusi leikkipuisto',
  description: 'Lapsille turvallinen leikkipuisto ja penkkejä vanhemmille Kallion kirjaston viereen.',
  language: 'fi',
  districtCode: 'keskinen',
  location: { lat: 60.1841, lon: 24.9497 },
  roughCost: 40_000,
  source: { kind: 'feedback', id: randomUUID() },
  ...changes,
});

beforeAll(async () => {
  t = await startBudgetingTestApp('proposals', {}, { clock });
  coordinator = `Bearer ${await t.token('coordinator')}`;
  resident = `Bearer ${await t.token('resident', { sub: 'resident-proposer-7' })}`;
});
afterAll(() => t?.close());
afterEach(() => {
  clock.current = START;
});

async function newRound(): Promise<string> {
  const { body } = await t.http().post('/budgeting/rounds').set('Authorization', coordinator).send(roundInProposals(clock.now())).expect(201);
  return body.id;
}

const propose = (roundId: string, body: unknown = proposalBody(), auth = resident) =>
  t.http().post(`/budgeting/rounds/${roundId}/proposals`).set('Authorization', auth).send(body as object);

describe('budgeting proposals', () => {
  it('takes an eligible resident’s proposal in the phase, lists and finds it in Finnish, and never shows the proposer', async () => {
    const roundId = await newRound();
    const { body: created } = await propose(roundId).expect(201);
    expect(created).toMatchObject({ roundId, status: 'submitted', version: 1, districtCode: 'keskinen', roughCost: 40_000, planId: null });
    clock.current = new Date(START.getTime() + 60_000);
    const { body: other } = await propose(roundId, proposalBody({ title: 'Cykelbanor i Vallgård', description: 'Säkrare cykelbanor längs Vallgårdsvägen för skolbarn.', language: 'sv' })).expect(201);

    const list = await t.http().get(`/budgeting/rounds/${roundId}/proposals`).expect(200);
    // Newest first.
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([other.id, created.id]);
    // "leikkipuistoja" (plural partitive) stems to the same word as "leikkipuisto" in the title.
    const found = await t.http().get(`/budgeting/rounds/${roundId}/proposals`).query({ q: 'leikkipuistoja' }).expect(200);
    expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([created.id]);
    const sv = await t.http().get(`/budgeting/rounds/${roundId}/proposals`).query({ q: 'cykelbana' }).expect(200);
    expect(sv.body.items.map((p: { id: string }) => p.id)).toEqual([other.id]);
    const byDistrict = await t.http().get(`/budgeting/rounds/${roundId}/proposals`).query({ district: 'city', status: 'submitted' }).expect(200);
    expect(byDistrict.body.items).toEqual([]);
    const submitted = await t.http().get(`/budgeting/rounds/${roundId}/proposals`).query({ district: 'keskinen', status: 'submitted' }).expect(200);
    expect(submitted.body.items).toHaveLength(2);
    const none = await t.http().get(`/budgeting/rounds/${roundId}/proposals`).query({ q: 'uimahalli' }).expect(200);
    expect(none.body.items).toEqual([]);

    // Paging one at a time walks both and ends.
    const first = await t.http().get(`/budgeting/rounds/${roundId}/proposals`).query({ limit: 1 }).expect(200);
    expect(first.body.items[0].id).toBe(other.id);
    const second = await t.http().get(`/budgeting/rounds/${roundId}/proposals`).query({ limit: 1, cursor: first.body.nextCursor }).expect(200);
    expect(second.body.items[0].id).toBe(created.id);
    expect(second.body.nextCursor).toBeNull();

    const thread = await t.http().get(`/budgeting/proposals/${created.id}`).expect(200);
    expect(thread.body).toMatchObject({ id: created.id, source: { kind: 'feedback' }, screening: null, plan: null, project: null });
    for (const text of [list.text, found.text, thread.text, JSON.stringify(created)]) {
      expect(text).not.toContain('resident-proposer-7');
      expect(text).not.toContain('proposer_sub');
      expect(text).not.toContain('proposerSub');
    }
    const [stored] = await t.dataSource.query(`SELECT proposer_sub FROM proposals WHERE id = $1`, [created.id]);
    expect(stored.proposer_sub).toBe('resident-proposer-7');
  });

  it('writes the proposalSubmitted event, naming the proposer by sub, in the same transaction as the row', async () => {
    const roundId = await newRound();
    const { body: created } = await propose(roundId).expect(201);
    const events = await t.dataSource.query(`SELECT type, envelope FROM outbox WHERE envelope #>> '{data,proposalId}' = $1`, [created.id]);
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('fi.vaikuta.budgeting.proposal_submitted.v1');
    expect(events[0].envelope.data).toMatchObject({ roundId, proposalId: created.id, proposerSub: 'resident-proposer-7', language: 'fi', districtCode: 'keskinen' });
  });

  it('answers a repeated Idempotency-Key with the first proposal, and stores one', async () => {
    const roundId = await newRound();
    const key = randomUUID();
    const body = proposalBody({ title: 'Toistettu ehdotus' });
    const first = await propose(roundId, body).set('Idempotency-Key', key).expect(201);
    const again = await propose(roundId, body).set('Idempotency-Key', key).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM proposals WHERE round_id = $1`, [roundId]);
    expect(n).toBe(1);
  });

  it('refuses a proposal outside the proposals phase with 409 naming the phase, and writes nothing', async () => {
    const roundId = await newRound();
    clock.current = new Date(START.getTime() + 11 * DAY);
    const res = await propose(roundId).expect(409);
    expect(res.body.phase).toBe('proposals');
    clock.current = new Date(START.getTime() - 2 * DAY);
    await propose(roundId).expect(409);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM proposals WHERE round_id = $1`, [roundId]);
    expect(n).toBe(0);
  });

  it('refuses an 11-year-old with the refusal in their language (403)', async () => {
    const roundId = await newRound();
    // Born 1 Jan 2015: turns 11 in the 2026 voting year, the round's minimum is 12.
    const child = `Bearer ${await t.token('resident', { sub: 'child-1', birthdate: '2015-01-01', lang: 'sv' })}`;
    const res = await propose(roundId, proposalBody(), child).expect(403);
    expect(res.body.refusals).toEqual([{ code: 'too_young', message: 'Rösträtt har de som fyller minst 12 år under 2026.' }]);
    // Born 31 Dec 2014: turns 12 during 2026, so may propose (the year counts, not the day).
    const twelve = `Bearer ${await t.token('resident', { sub: 'child-2', birthdate: '2014-12-31' })}`;
    await propose(roundId, proposalBody(), twelve).expect(201);
  });

  it('answers bad input with 400 naming the field: a location outside Finland, an unknown district, a short title', async () => {
    const roundId = await newRound();
    const far = await propose(roundId, proposalBody({ location: { lat: 48.85, lon: 24.9 } })).expect(400);
    expect(far.body.errors).toContainEqual(expect.objectContaining({ field: 'location.lat' }));
    const district = await propose(roundId, proposalBody({ districtCode: 'nowhere' })).expect(400);
    expect(district.body.errors).toContainEqual(expect.objectContaining({ field: 'districtCode' }));
    const short = await propose(roundId, proposalBody({ title: 'ab' })).expect(400);
    expect(short.body.errors).toContainEqual(expect.objectContaining({ field: 'title' }));
    const cost = await propose(roundId, proposalBody({ roughCost: 12.5 })).expect(400);
    expect(cost.body.errors).toContainEqual(expect.objectContaining({ field: 'roughCost' }));
    await t.http().get(`/budgeting/rounds/${roundId}/proposals`).query({ limit: 101 }).expect(400);
    await t.http().get(`/budgeting/rounds/${roundId}/proposals`).query({ cursor: 'not-a-cursor' }).expect(400);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM proposals WHERE round_id = $1`, [roundId]);
    expect(n).toBe(0);
  });

  it('screens with the version seen (stale → 409), audits it, tells the proposer by event and shows the public reason', async () => {
    const roundId = await newRound();
    const { body: created } = await propose(roundId).expect(201);
    const screen = (version: number, outcome: string, reason: string) =>
      t.http().post(`/budgeting/proposals/${created.id}/screening`).set('Authorization', coordinator).send({ version, outcome, reason });
    const { body: screened } = await screen(1, 'not_feasible', 'Paikka on yksityisen kiinteistön pihaa.').expect(200);
    expect(screened).toMatchObject({ status: 'not_feasible', version: 2, screeningReason: 'Paikka on yksityisen kiinteistön pihaa.' });
    const stale = await screen(1, 'feasible', 'Sittenkin mahdollinen').expect(409);
    expect(stale.body.currentVersion).toBe(2);
    await screen(2, 'feasible', 'ab').expect(400);
    await t.http().post(`/budgeting/proposals/${created.id}/screening`).set('Authorization', resident).send({ version: 2, outcome: 'feasible', reason: 'Hyvä idea' }).expect(403);

    const thread = await t.http().get(`/budgeting/proposals/${created.id}`).expect(200);
    expect(thread.body.screening).toEqual({ outcome: 'not_feasible', reason: 'Paikka on yksityisen kiinteistön pihaa.' });
    const audit = await t.dataSource.query(`SELECT version, action, details->>'outcome' AS outcome FROM proposal_audit WHERE entity_id = $1 ORDER BY version`, [created.id]);
    expect(audit).toEqual([
      { version: 1, action: 'submitted', outcome: null },
      { version: 2, action: 'screened', outcome: 'not_feasible' },
    ]);
    const events = await t.dataSource.query(`SELECT envelope FROM outbox WHERE type = 'fi.vaikuta.budgeting.proposal_screened.v2' AND envelope #>> '{data,proposalId}' = $1`, [created.id]);
    expect(events.map((e: { envelope: { data: unknown } }) => e.envelope.data)).toEqual([
      expect.objectContaining({ outcome: 'not_feasible', reason: 'Paikka on yksityisen kiinteistön pihaa.', proposerSub: 'resident-proposer-7' }),
    ]);
  });

  it('forgets a proposer on an erasure request (once), keeping the proposal', async () => {
    const roundId = await newRound();
    const erased = `Bearer ${await t.token('resident', { sub: 'resident-to-forget' })}`;
    const { body: created } = await propose(roundId, proposalBody(), erased).expect(201);
    await t.dataSource.query(`INSERT INTO voters (round_id, person_key, sub, language) VALUES ($1, 'key-1', 'resident-to-forget', 'fi')`, [roundId]);
    const consumer = t.app.get(ProposerErasureConsumer);
    const event = { id: randomUUID(), data: { requestId: randomUUID(), subjectId: 'resident-to-forget' } };
    await t.dataSource.transaction((tx) => consumer.onErasureRequested(event as never, tx));
    await t.dataSource.transaction((tx) => consumer.onErasureRequested(event as never, tx));
    const [row] = await t.dataSource.query(`SELECT proposer_sub, title FROM proposals WHERE id = $1`, [created.id]);
    expect(row).toEqual({ proposer_sub: null, title: 'Kallioon uusi leikkipuisto' });
    expect(await t.dataSource.query(`SELECT * FROM voters WHERE sub = 'resident-to-forget'`)).toEqual([]);
    const [applied] = await t.dataSource.query(`SELECT erased FROM erasures_applied WHERE request_id = $1`, [event.data.requestId]);
    expect(applied.erased).toBe(2);
  });
});
