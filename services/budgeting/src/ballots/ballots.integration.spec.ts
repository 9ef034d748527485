import { randomUUID } from 'node:crypto';
import { FakeClock } from '@vaikuta/domain';
import { BudgetingTestApp, roundRequest, startBudgetingTestApp } from '../../test/budgeting-test-app';

const DAY = 86_400_000;
const clock = new FakeClock(new Date('2026-05-04T09:00:00Z'));
let t: BudgetingTestApp;
let coordinator: string;

// Synthetic identity codes (individual numbers 9xx), checksums computed with finnish-ssn.
const ADULT_CODE = '010110A9987'; // born 1 Jan 2010: 16 in 2026
const PAPER_CODE = '150585-996S'; // born 15 May 1985
const CHILD_CODE = '010115A994C'; // born 1 Jan 2015: 11 in 2026, too young for minimumAge 12

beforeAll(async () => {
  t = await startBudgetingTestApp('ballots', {}, { clock });
  coordinator = `Bearer ${await t.token('coordinator')}`;
});
afterAll(() => t?.close());

interface TestRound {
  id: string;
  /** On the ballot in district keskinen (budget 100 000 €): 40 000, 50 000, 30 000 €. */
  district: string[];
  /** On the ballot city-wide (budget 300 000 €): 200 000, 90 000 €. */
  city: string[];
}

/** A round in voting (roundRequest) with plans on the ballot, written with SQL (the plans feature is another's). */
async function votingRound(changes: Parameters<typeof roundRequest>[1] = {}): Promise<TestRound> {
  const { body: round } = await t.http().post('/budgeting/rounds').set('Authorization', coordinator).send(roundRequest(clock.now(), changes)).expect(201);
  const plan = async (district: string, cost: number) => {
    const id = randomUUID();
    await t.dataSource.query(
      `INSERT INTO plans (id, round_id, district_code, title, description, cost, status) VALUES ($1, $2, $3, $4, $4, $5, 'on_ballot')`,
      [id, round.id, district, { fi: `Suunnitelma ${cost}` }, cost],
    );
    return id;
  };
  return {
    id: round.id,
    district: [await plan('keskinen', 40_000), await plan('keskinen', 50_000), await plan('keskinen', 30_000)],
    city: [await plan('city', 200_000), await plan('city', 90_000)],
  };
}

const bearer = async (claims: Parameters<BudgetingTestApp['token']>[1] = {}) => `Bearer ${await t.token('resident', claims)}`;
const put = (roundId: string, auth: string, body: object) => t.http().put(`/budgeting/rounds/${roundId}/ballot`).set('Authorization', auth).send(body);
const logOf = (roundId: string) =>
  t.dataSource.query(`SELECT id, kind, channel, district_plans, city_plans, person_key FROM ballot_log WHERE round_id = $1 ORDER BY seq`, [roundId]);
const countedOf = (roundId: string) =>
  t.dataSource.query(`SELECT c.person_key, c.channels, l.id AS ballot_id FROM counted_ballots c JOIN ballot_log l ON l.seq = c.ballot_seq WHERE c.round_id = $1`, [
    roundId,
  ]);
const events = (roundId: string) =>
  t.dataSource.query(`SELECT envelope->'data' AS data FROM outbox WHERE type = 'fi.vaikuta.budgeting.ballot_confirmed.v1' AND envelope->'data'->>'roundId' = $1 ORDER BY seq`, [
    roundId,
  ]);

describe('online ballots', () => {
  it('counts a ballot, lets the voter change it (the latest counts, the log keeps both) and withdraw it', async () => {
    const r = await votingRound();
    const auth = await bearer({ sub: 'voter-change', lang: 'sv' });
    // 40 000 + 50 000 = 90 000 of 100 000 in keskinen; 200 000 of 300 000 city-wide.
    const first = await put(r.id, auth, { districtCode: 'keskinen', district: [r.district[0], r.district[1]], cityWide: [r.city[0]], confirmed: true }).expect(200);
    expect(first.body).toEqual({
      ballotId: expect.any(String),
      confirmedAt: clock.now().toISOString(),
      channel: 'online',
      counts: true,
      districtCode: 'keskinen',
      district: [r.district[0], r.district[1]],
      cityWide: [r.city[0]],
      total: { district: 90_000, cityWide: 200_000 },
    });
    const changed = await put(r.id, auth, { districtCode: 'keskinen', district: [r.district[2]], cityWide: [], confirmed: true }).expect(200);
    expect(changed.body).toMatchObject({ counts: true, district: [r.district[2]], cityWide: [], total: { district: 30_000, cityWide: 0 } });

    const mine = await t.http().get(`/budgeting/rounds/${r.id}/ballot`).set('Authorization', auth).expect(200);
    expect(mine.body).toEqual({ ...changed.body });
    // Another resident sees only their own (none).
    const other = await t.http().get(`/budgeting/rounds/${r.id}/ballot`).set('Authorization', await bearer({ sub: 'someone-else' })).expect(200);
    expect(other.body).toBeNull();

    const log = await logOf(r.id);
    expect(log.map((e: { id: string }) => e.id)).toEqual([first.body.ballotId, changed.body.ballotId]);
    expect(await countedOf(r.id)).toEqual([expect.objectContaining({ ballot_id: changed.body.ballotId, channels: ['online'] })]);
    expect(await t.dataSource.query(`SELECT sub, language FROM voters WHERE round_id = $1`, [r.id])).toEqual([{ sub: 'voter-change', language: 'sv' }]);
    // The change drops plans 0 and 1 and city plan 0 from the voter's follows.
    const [e1, e2] = await events(r.id);
    expect(e1.data).toMatchObject({ ballotId: first.body.ballotId, voterSub: 'voter-change', planIds: [r.district[0], r.district[1], r.city[0]], droppedPlanIds: [] });
    expect(e2.data).toMatchObject({ ballotId: changed.body.ballotId, planIds: [r.district[2]], withdrawal: false });
    expect([...e2.data.droppedPlanIds].sort()).toEqual([r.district[0], r.district[1], r.city[0]].sort());

    const withdrawn = await t.http().delete(`/budgeting/rounds/${r.id}/ballot`).set('Authorization', auth).expect(200);
    expect(withdrawn.body).toEqual({ ballotId: expect.any(String), withdrawnAt: clock.now().toISOString(), counts: true });
    expect((await t.http().get(`/budgeting/rounds/${r.id}/ballot`).set('Authorization', auth).expect(200)).body).toBeNull();
    expect((await logOf(r.id)).map((e: { kind: string }) => e.kind)).toEqual(['ballot', 'ballot', 'withdrawal']);
    expect(await countedOf(r.id)).toEqual([expect.objectContaining({ ballot_id: withdrawn.body.ballotId })]);
    expect((await events(r.id))[2].data).toMatchObject({ withdrawal: true, planIds: [], droppedPlanIds: [r.district[2]] });
    // Nothing left to withdraw.
    await t.http().delete(`/budgeting/rounds/${r.id}/ballot`).set('Authorization', auth).expect(404);
    expect(await logOf(r.id)).toHaveLength(3);
  });

  it('takes a blank ballot', async () => {
    const r = await votingRound();
    const res = await put(r.id, await bearer({ sub: 'blank' }), { districtCode: 'keskinen', district: [], cityWide: [], confirmed: true }).expect(200);
    expect(res.body).toMatchObject({ counts: true, district: [], cityWide: [], total: { district: 0, cityWide: 0 } });
  });

  it('replays an Idempotency-Key retry with the same receipt and one log row', async () => {
    const r = await votingRound();
    const auth = await bearer({ sub: 'retrying' });
    const body = { districtCode: 'keskinen', district: [r.district[0]], cityWide: [], confirmed: true };
    const first = await put(r.id, auth, body).set('Idempotency-Key', 'ballot-retry-1').expect(200);
    const again = await put(r.id, auth, body).set('Idempotency-Key', 'ballot-retry-1').expect(200);
    expect(again.body).toEqual(first.body);
    expect(await logOf(r.id)).toHaveLength(1);
    expect(await events(r.id)).toHaveLength(1);
  });
});

describe('refusals, each naming what is wrong and writing nothing', () => {
  let r: TestRound;
  let auth: string;
  beforeAll(async () => {
    r = await votingRound();
    auth = await bearer({ sub: 'refused' });
  });
  afterAll(async () => {
    expect(await logOf(r.id)).toEqual([]);
    expect(await countedOf(r.id)).toEqual([]);
  });
  const good = () => ({ districtCode: 'keskinen', district: [r.district[0]], cityWide: [r.city[1]], confirmed: true });

  it('409 outside the voting phase, naming the phase', async () => {
    const { body: round } = await t
      .http()
      .post('/budgeting/rounds')
      .set('Authorization', coordinator)
      .send(roundRequest(new Date(clock.now().getTime() + 30 * DAY)))
      .expect(201);
    const res = await put(round.id, auth, { districtCode: 'keskinen', district: [], cityWide: [], confirmed: true }).expect(409);
    expect(res.body.phase).toBe('voting');
    await t.http().delete(`/budgeting/rounds/${round.id}/ballot`).set('Authorization', auth).expect(409);
    await t
      .http()
      .post(`/budgeting/rounds/${round.id}/ballots/assisted`)
      .set('Authorization', coordinator)
      .send({ identityCode: ADULT_CODE, place: 'Oodi', districtCode: 'keskinen', district: [], cityWide: [] })
      .expect(409);
  });

  it('403 with every refusal for an 11-year-old of another municipality, in their language', async () => {
    // Born 2015: 11 in 2026 (minimum 12); Espoo (049), the round takes Helsinki (091).
    const child = await bearer({ sub: 'child', birthdate: '2015-06-01', municipality: '049', lang: 'en' });
    const res = await put(r.id, child, good()).expect(403);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.refusals.map((x: { code: string }) => x.code).sort()).toEqual(['not_resident', 'too_young']);
    expect(res.body.refusals.find((x: { code: string }) => x.code === 'too_young').message).toBe('Only people who turn 12 or older in 2026 can vote.');
  });

  it('400 naming district for a ballot over the budget, and for a plan not on the ballot', async () => {
    // 40 000 + 50 000 + 30 000 = 120 000 > 100 000.
    const over = await put(r.id, auth, { ...good(), district: r.district }).expect(400);
    expect(over.body.errors).toEqual([{ field: 'district', message: 'The chosen plans cost 120000 €, more than the budget of 100000 €' }]);
    const unknown = randomUUID();
    const res = await put(r.id, auth, { ...good(), district: [unknown] }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'district', message: `Plan ${unknown} is not on the ballot in district keskinen` }]);
    // A city-wide plan is not a plan of the district part.
    const misplaced = await put(r.id, auth, { ...good(), district: [r.city[1]] }).expect(400);
    expect(misplaced.body.errors[0].field).toBe('district');
    // 200 000 + 90 000 = 290 000 fits city-wide; a district plan there does not belong.
    const cityWrong = await put(r.id, auth, { ...good(), cityWide: [r.city[0], r.district[0]] }).expect(400);
    expect(cityWrong.body.errors[0].field).toBe('cityWide');
  });

  it('400 naming districtCode for the city-wide or an unknown district, and confirmed when it is missing or not true', async () => {
    expect((await put(r.id, auth, { ...good(), districtCode: 'city' }).expect(400)).body.errors[0].field).toBe('districtCode');
    expect((await put(r.id, auth, { ...good(), districtCode: 'nowhere' }).expect(400)).body.errors[0].field).toBe('districtCode');
    const { confirmed: _, ...unconfirmed } = good();
    expect((await put(r.id, auth, unconfirmed).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'confirmed' })]);
    expect((await put(r.id, auth, { ...good(), confirmed: 'yes' }).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'confirmed' })]);
  });

  it('400 naming identityCode for an invalid code, never echoing it', async () => {
    // 010110A9986: the right shape with the wrong check character (the right one is 7).
    for (const identityCode of ['010110A9986', 'not-a-code']) {
      const res = await t
        .http()
        .post(`/budgeting/rounds/${r.id}/ballots/assisted`)
        .set('Authorization', coordinator)
        .send({ identityCode, place: 'Oodi', districtCode: 'keskinen', district: [], cityWide: [] })
        .expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'identityCode' })]);
      expect(JSON.stringify(res.body)).not.toContain(identityCode);
    }
  });

  it('403 too_young for an assisted ballot of an 11-year-old (age from the code; residence is the staff member’s check)', async () => {
    const res = await t
      .http()
      .post(`/budgeting/rounds/${r.id}/ballots/assisted`)
      .set('Authorization', coordinator)
      .send({ identityCode: CHILD_CODE, place: 'Oodi', districtCode: 'keskinen', district: [], cityWide: [] })
      .expect(403);
    expect(res.body.refusals.map((x: { code: string }) => x.code)).toEqual(['too_young']);
  });

  it('only staff enter assisted and paper ballots and read the reconciliation', async () => {
    const body = { identityCode: ADULT_CODE, place: 'Oodi', districtCode: 'keskinen', district: [], cityWide: [] };
    await t.http().post(`/budgeting/rounds/${r.id}/ballots/assisted`).set('Authorization', auth).send(body).expect(403);
    await t.http().get(`/budgeting/rounds/${r.id}/reconciliation`).set('Authorization', auth).expect(403);
    await put(r.id, coordinator, good()).expect(403);
  });
});

describe('paper and assisted ballots', () => {
  it('enters a sheet once: the same sheet again is 409 and the log keeps one', async () => {
    const r = await votingRound();
    const sheet = { sheetId: 'HKI-0042', identityCode: PAPER_CODE, districtCode: 'keskinen', district: [r.district[1]], cityWide: [r.city[1]] };
    const first = await t.http().post(`/budgeting/rounds/${r.id}/ballots/paper`).set('Authorization', coordinator).send(sheet).expect(201);
    expect(first.body).toMatchObject({ channel: 'paper', counts: true, total: { district: 50_000, cityWide: 90_000 } });
    const again = await t
      .http()
      .post(`/budgeting/rounds/${r.id}/ballots/paper`)
      .set('Authorization', coordinator)
      .send({ ...sheet, district: [] })
      .expect(409);
    expect(again.body.errors).toEqual([expect.objectContaining({ field: 'sheetId' })]);
    const log = await t.dataSource.query(`SELECT channel, sheet_id, entered_by, birth_year FROM ballot_log WHERE round_id = $1`, [r.id]);
    expect(log).toEqual([{ channel: 'paper', sheet_id: 'HKI-0042', entered_by: 'test-coordinator', birth_year: 1985 }]);
  });

  it('takes paper sheets after voting closes until the results phase closes', async () => {
    const r = await votingRound();
    const sheet = (sheetId: string) => ({ sheetId, identityCode: PAPER_CODE, districtCode: 'keskinen', district: [], cityWide: [] });
    const saved = clock.current;
    try {
      // roundRequest: voting closes at +10 days, results close at +20 days.
      clock.current = new Date(saved.getTime() + 12 * DAY);
      await put(r.id, await bearer({ sub: 'late' }), { districtCode: 'keskinen', district: [], cityWide: [], confirmed: true }).expect(409);
      await t.http().post(`/budgeting/rounds/${r.id}/ballots/paper`).set('Authorization', coordinator).send(sheet('late-1')).expect(201);
      clock.current = new Date(saved.getTime() + 21 * DAY);
      const closed = await t.http().post(`/budgeting/rounds/${r.id}/ballots/paper`).set('Authorization', coordinator).send(sheet('late-2')).expect(409);
      expect(closed.body.phase).toBeDefined();
    } finally {
      clock.current = saved;
    }
  });

  it('shows a paper voter who also voted online in the reconciliation report, by a key prefix only', async () => {
    const r = await votingRound(); // paper_first
    const online = await put(r.id, await bearer({ sub: 'double', hetu: PAPER_CODE, lang: 'fi' }), {
      districtCode: 'keskinen',
      district: [r.district[0]],
      cityWide: [],
      confirmed: true,
    }).expect(200);
    const paper = await t
      .http()
      .post(`/budgeting/rounds/${r.id}/ballots/paper`)
      .set('Authorization', coordinator)
      .send({ sheetId: 'S-1', identityCode: PAPER_CODE, districtCode: 'keskinen', district: [r.district[1]], cityWide: [] })
      .expect(201);
    expect(paper.body.counts).toBe(true);
    // An online ballot after the sheet is logged but does not count under paper_first.
    const later = await put(r.id, await bearer({ sub: 'double', hetu: PAPER_CODE }), { districtCode: 'keskinen', district: [r.district[2]], cityWide: [], confirmed: true }).expect(200);
    expect(later.body.counts).toBe(false);
    // A single-channel voter is not in the report.
    await put(r.id, await bearer({ sub: 'single' }), { districtCode: 'keskinen', district: [], cityWide: [], confirmed: true }).expect(200);

    const report = await t.http().get(`/budgeting/rounds/${r.id}/reconciliation`).set('Authorization', coordinator).expect(200);
    const [key] = (await t.dataSource.query(`SELECT DISTINCT person_key FROM ballot_log WHERE round_id = $1 AND channel = 'paper'`, [r.id])).map((x: { person_key: string }) => x.person_key);
    expect(report.body).toEqual({
      policy: 'paper_first',
      items: [
        {
          personRef: key.slice(0, 12),
          channels: ['online', 'paper'],
          entries: [
            { ballotId: online.body.ballotId, channel: 'online', confirmedAt: clock.now().toISOString(), kind: 'ballot' },
            { ballotId: paper.body.ballotId, channel: 'paper', confirmedAt: clock.now().toISOString(), kind: 'ballot' },
            { ballotId: later.body.ballotId, channel: 'online', confirmedAt: clock.now().toISOString(), kind: 'ballot' },
          ],
          counted: paper.body.ballotId,
          why: { fi: expect.stringMatching(/^Käytäntö paper_first/), sv: expect.stringMatching(/^Principen paper_first/), en: expect.stringMatching(/^Policy paper_first/) },
        },
      ],
    });
    expect(JSON.stringify(report.body)).not.toContain(PAPER_CODE);
    // The voter sees the ballot that counts: their paper one. Their follows moved to it.
    const mine = await t.http().get(`/budgeting/rounds/${r.id}/ballot`).set('Authorization', await bearer({ sub: 'double', hetu: PAPER_CODE })).expect(200);
    expect(mine.body).toMatchObject({ ballotId: paper.body.ballotId, channel: 'paper', district: [r.district[1]] });
    const paperEvent = (await events(r.id)).find((e: { data: { ballotId: string } }) => e.data.ballotId === paper.body.ballotId);
    expect(paperEvent.data).toMatchObject({ channel: 'paper', voterSub: 'double', planIds: [r.district[1]], droppedPlanIds: [r.district[0]] });
    expect((await events(r.id)).some((e: { data: { ballotId: string } }) => e.data.ballotId === later.body.ballotId)).toBe(false);
  });
});

describe('the ballot log', () => {
  it('refuses UPDATE and DELETE (the trigger)', async () => {
    const r = await votingRound();
    await put(r.id, await bearer({ sub: 'kept' }), { districtCode: 'keskinen', district: [], cityWide: [], confirmed: true }).expect(200);
    await expect(t.dataSource.query(`UPDATE ballot_log SET district_plans = '{}' WHERE round_id = $1`, [r.id])).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(t.dataSource.query(`DELETE FROM ballot_log WHERE round_id = $1`, [r.id])).rejects.toThrow(/append-only: DELETE refused/);
    expect(await logOf(r.id)).toHaveLength(1);
  });
});
