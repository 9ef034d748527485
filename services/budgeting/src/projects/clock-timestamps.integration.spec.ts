import { FakeClock } from '@vaikuta/domain';
import { BudgetingTestApp, roundInProposals, startBudgetingTestApp } from '../../test/budgeting-test-app';

// Every timestamp the service writes comes from its Clock. On fake time years away from the
// machine's, a row stamped by the system time (a VersionedChange's updatedAt, a column default)
// shows at once. Real PostgreSQL, NATS and Redis, in a database of this file's own.
const START = new Date('2031-03-02T09:00:00Z');
const DAY = 86_400_000;
const clock = new FakeClock(START);
let t: BudgetingTestApp;
let coordinator: string;
let resident: string;

beforeAll(async () => {
  t = await startBudgetingTestApp('clock', {}, { clock });
  coordinator = `Bearer ${await t.token('coordinator')}`;
  resident = `Bearer ${await t.token('resident', { sub: 'clock-proposer' })}`;
});
afterAll(() => t?.close());

const at = (rows: { at: Date }[]) => rows.map((r) => r.at.toISOString());
const later = (days: number) => {
  clock.current = new Date(START.getTime() + days * DAY);
  return clock.now().toISOString();
};

describe('budgeting timestamps', () => {
  it('rounds, proposals, plans, counted ballots and projects are stamped with the clock, not the system time', async () => {
    const { body: round } = await t
      .http()
      .post('/budgeting/rounds')
      .set('Authorization', coordinator)
      .send(roundInProposals(clock.now(), { votingYear: 2031 }))
      .expect(201);
    const { body: proposal } = await t
      .http()
      .post(`/budgeting/rounds/${round.id}/proposals`)
      .set('Authorization', resident)
      .send({ title: 'Kello puistoon', description: 'Kello puistoon: tarkempi kuvaus.', language: 'fi', districtCode: 'keskinen' })
      .expect(201);

    const screenedAt = later(11);
    await t.http().post(`/budgeting/proposals/${proposal.id}/screening`).set('Authorization', coordinator).send({ version: 1, outcome: 'feasible', reason: 'Sopii.' }).expect(200);
    expect(at(await t.dataSource.query(`SELECT updated_at AS at FROM proposals WHERE id = $1`, [proposal.id]))).toEqual([screenedAt]);

    const { body: plan } = await t
      .http()
      .post(`/budgeting/rounds/${round.id}/plans`)
      .set('Authorization', coordinator)
      .send({ title: { fi: 'Kello' }, description: { fi: 'Kello.' }, districtCode: 'keskinen', proposalIds: [proposal.id], cost: 10_000 })
      .expect(201);
    const onBallotAt = later(21);
    await t.http().patch(`/budgeting/plans/${plan.id}`).set('Authorization', coordinator).send({ version: 1, status: 'on_ballot' }).expect(200);
    expect(at(await t.dataSource.query(`SELECT updated_at AS at FROM plans WHERE id = $1`, [plan.id]))).toEqual([onBallotAt]);

    const votedAt = later(31);
    await t
      .http()
      .put(`/budgeting/rounds/${round.id}/ballot`)
      .set('Authorization', resident)
      .send({ districtCode: 'keskinen', district: [plan.id], cityWide: [], confirmed: true })
      .expect(200);
    expect(at(await t.dataSource.query(`SELECT updated_at AS at FROM counted_ballots WHERE round_id = $1`, [round.id]))).toEqual([votedAt]);

    // Voting closes at +40 days: compute and publish; the round's own updatedAt and the project rows follow the clock.
    const publishedAt = later(41);
    await t.http().post(`/budgeting/rounds/${round.id}/results/compute`).set('Authorization', coordinator).expect(200);
    const [{ version }] = await t.dataSource.query(`SELECT version FROM rounds WHERE id = $1`, [round.id]);
    await t.http().post(`/budgeting/rounds/${round.id}/results/publish`).set('Authorization', coordinator).send({ version }).expect(200);
    expect(at(await t.dataSource.query(`SELECT updated_at AS at FROM rounds WHERE id = $1`, [round.id]))).toEqual([publishedAt]);

    const updatedAt = later(60);
    const { body: project } = await t
      .http()
      .post(`/budgeting/projects/${plan.id}/updates`)
      .set('Authorization', coordinator)
      .send({ version: 1, status: 'in_progress', progress: 10, text: { fi: 'Työt alkoivat.' } })
      .expect(201);
    expect(project.updatedAt).toBe(updatedAt);
    expect(at(await t.dataSource.query(`SELECT updated_at AS at FROM projects WHERE id = $1`, [plan.id]))).toEqual([updatedAt]);
    const [event] = await t.dataSource.query(`SELECT envelope->'data'->>'updatedAt' AS at FROM outbox WHERE type LIKE '%project_progress_updated%' AND envelope->'data'->>'projectId' = $1`, [
      plan.id,
    ]);
    expect(event.at).toBe(updatedAt);
  });
});
