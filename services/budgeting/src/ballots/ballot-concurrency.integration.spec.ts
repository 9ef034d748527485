import { randomUUID } from 'node:crypto';
import { BudgetingTestApp, roundRequest, startBudgetingTestApp } from '../../test/budgeting-test-app';

// One person, one ballot under load: the same person votes 100 times online (a token with their
// identity code) while staff enter 100 assisted ballots with the same code, all at once.
let t: BudgetingTestApp;
let coordinator: string;
const CODE = '020304A997W'; // synthetic, born 2 Mar 2004 (checksum computed with finnish-ssn)

beforeAll(async () => {
  t = await startBudgetingTestApp('ballot_load');
  coordinator = `Bearer ${await t.token('coordinator')}`;
});
afterAll(() => t?.close());

async function votingRound(policy: 'latest' | 'paper_first') {
  const { body: round } = await t
    .http()
    .post('/budgeting/rounds')
    .set('Authorization', coordinator)
    .send(roundRequest(new Date(), { reconciliationPolicy: policy }))
    .expect(201);
  const plans: string[] = [];
  for (const cost of [10_000, 20_000, 30_000]) {
    const id = randomUUID();
    await t.dataSource.query(`INSERT INTO plans (id, round_id, district_code, title, description, cost, status) VALUES ($1, $2, 'keskinen', $3, $3, $4, 'on_ballot')`, [
      id,
      round.id,
      { fi: 'Suunnitelma' },
      cost,
    ]);
    plans.push(id);
  }
  return { roundId: round.id as string, plans };
}

async function castTogether(roundId: string, plans: string[], perChannel: number) {
  const resident = `Bearer ${await t.token('resident', { sub: 'busy-voter', hetu: CODE })}`;
  const requests = Array.from({ length: perChannel * 2 }, (_, i) => {
    const choice = { districtCode: 'keskinen', district: [plans[i % plans.length]], cityWide: [] };
    return i % 2 === 0
      ? t.http().put(`/budgeting/rounds/${roundId}/ballot`).set('Authorization', resident).send({ ...choice, confirmed: true })
      : t.http().post(`/budgeting/rounds/${roundId}/ballots/assisted`).set('Authorization', coordinator).send({ ...choice, identityCode: CODE, place: 'Oodi' });
  });
  const answers = await Promise.all(requests);
  expect(answers.map((a) => a.status).filter((s) => s !== 200 && s !== 201)).toEqual([]);
  const log: { seq: string; id: string; channel: string; person_key: string }[] = await t.dataSource.query(
    `SELECT seq, id, channel, person_key FROM ballot_log WHERE round_id = $1 ORDER BY seq`,
    [roundId],
  );
  const counted: { person_key: string; ballot_seq: string; channels: string[] }[] = await t.dataSource.query(
    `SELECT person_key, ballot_seq, channels FROM counted_ballots WHERE round_id = $1`,
    [roundId],
  );
  return { answers, log, counted };
}

describe('200 concurrent ballots of one person from two channels', () => {
  it('paper_first: one counted row, the log holds all 200, the newest assisted ballot counts', async () => {
    const { roundId, plans } = await votingRound('paper_first');
    const { answers, log, counted } = await castTogether(roundId, plans, 100);
    expect(log).toHaveLength(200);
    expect(new Set(log.map((e) => e.person_key)).size).toBe(1);
    expect(log.filter((e) => e.channel === 'assisted')).toHaveLength(100);
    expect(counted).toHaveLength(1);
    expect([...counted[0].channels].sort()).toEqual(['assisted', 'online']);
    // The policy by hand: in-person entries outrank online ones, the newest (highest seq) among them.
    const expected = log.filter((e) => e.channel === 'assisted').at(-1)!;
    expect(counted[0].ballot_seq).toBe(expected.seq);
    // The receipt of that ballot said it counts, and the person's GET shows it.
    expect(answers.find((a) => a.body.ballotId === expected.id)?.body.counts).toBe(true);
    const mine = await t
      .http()
      .get(`/budgeting/rounds/${roundId}/ballot`)
      .set('Authorization', `Bearer ${await t.token('resident', { sub: 'busy-voter', hetu: CODE })}`)
      .expect(200);
    expect(mine.body.ballotId).toBe(expected.id);
  });

  it('latest: the newest entry counts whatever its channel', async () => {
    const { roundId, plans } = await votingRound('latest');
    const { log, counted } = await castTogether(roundId, plans, 50);
    expect(log).toHaveLength(100);
    expect(counted).toHaveLength(1);
    expect(counted[0].ballot_seq).toBe(log.at(-1)!.seq);
  });
});
