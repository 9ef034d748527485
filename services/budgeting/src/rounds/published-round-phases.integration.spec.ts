import { FakeClock } from '@vaikuta/domain';
import { BudgetingTestApp, roundRequest, startBudgetingTestApp } from '../../test/budgeting-test-app';

const DAY = 86_400_000;
const clock = new FakeClock(new Date('2026-05-04T09:00:00Z'));
let t: BudgetingTestApp;
let coordinator: string;

beforeAll(async () => {
  t = await startBudgetingTestApp('published_phases', {}, { clock });
  coordinator = `Bearer ${await t.token('coordinator')}`;
});
afterAll(() => t?.close());

const ballot = { districtCode: 'keskinen', district: [], cityWide: [], confirmed: true };
const versionOf = async (roundId: string) => (await t.dataSource.query(`SELECT version FROM rounds WHERE id = $1`, [roundId]))[0].version as number;

/**
 * Once the results are published, the counted ballots are public (turnout, CSV, Pabulib): voting
 * must not open again, or the published files would change under the published results.
 */
describe('a round whose results are published', () => {
  it('refuses to re-date voting (409 naming phases.3), and refuses ballots and withdrawals even with the voting dates open', async () => {
    const { body: round } = await t.http().post('/budgeting/rounds').set('Authorization', coordinator).send(roundRequest(clock.now())).expect(201);
    const voter = `Bearer ${await t.token('resident', { sub: 'voter-1' })}`;
    await t.http().put(`/budgeting/rounds/${round.id}/ballot`).set('Authorization', voter).send(ballot).expect(200);

    // Voting closes at +10 days (roundRequest): compute and publish in the results phase.
    clock.current = new Date(clock.now().getTime() + 11 * DAY);
    await t.http().post(`/budgeting/rounds/${round.id}/results/compute`).set('Authorization', coordinator).expect(200);
    await t.http().post(`/budgeting/rounds/${round.id}/results/publish`).set('Authorization', coordinator).send({ version: await versionOf(round.id) }).expect(200);
    const turnout = (await t.http().get(`/budgeting/rounds/${round.id}/turnout`).expect(200)).body;
    expect(turnout.ballots).toBe(1);

    const reopened = round.phases.map((p: { phase: string; opensAt: string; closesAt: string | null }, i: number) =>
      i === 3 ? { ...p, closesAt: new Date(clock.now().getTime() + DAY).toISOString() } : i === 4 ? { ...p, opensAt: new Date(clock.now().getTime() + DAY).toISOString() } : p,
    );
    const version = await versionOf(round.id);
    const refused = await t
      .http()
      .post(`/budgeting/rounds/${round.id}/phases`)
      .set('Authorization', coordinator)
      .send({ version, phases: reopened, reason: 'Avataan äänestys uudelleen' })
      .expect(409);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ field: 'phases.3' }));
    expect(await versionOf(round.id)).toBe(version);

    // Dates from before this rule (or written by hand) that open voting again take no ballot either.
    await t.dataSource.query(`UPDATE round_phases SET closes_at = $2 WHERE round_id = $1 AND phase = 'voting'`, [round.id, new Date(clock.now().getTime() + DAY)]);
    const late = `Bearer ${await t.token('resident', { sub: 'voter-2' })}`;
    await t.http().put(`/budgeting/rounds/${round.id}/ballot`).set('Authorization', late).send(ballot).expect(409);
    await t.http().put(`/budgeting/rounds/${round.id}/ballot`).set('Authorization', voter).send(ballot).expect(409);
    await t.http().delete(`/budgeting/rounds/${round.id}/ballot`).set('Authorization', voter).expect(409);
    expect((await t.http().get(`/budgeting/rounds/${round.id}/turnout`).expect(200)).body).toEqual(turnout);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM ballot_log WHERE round_id = $1`, [round.id])).toEqual([{ n: 1 }]);
  });
});
