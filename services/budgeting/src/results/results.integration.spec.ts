import { randomUUID } from 'node:crypto';
import { FakeClock } from '@vaikuta/domain';
import { BudgetingTestApp, roundRequest, startBudgetingTestApp } from '../../test/budgeting-test-app';
import { parsePabulib } from '../domain';

const DAY = 86_400_000;
const clock = new FakeClock(new Date('2026-05-04T09:00:00Z'));
let t: BudgetingTestApp;
let coordinator: string;

// Synthetic identity codes (individual numbers 9xx, checksums by finnish-ssn), as in the ballots spec.
const CODE_2010 = '010110A9987'; // born 2010: 16 in 2026 → band 12-17
const CODE_1985 = '150585-996S'; // born 1985: 41 in 2026 → band 30-44

/**
 * The election every round here holds (hand-checked below):
 *   keskinen, budget 100 000: A 50 000, B 49 000, C 50 000
 *     6 ballots {A, B}, 4 ballots {C}        → votes A 6, B 6, C 4
 *   city-wide, budget 300 000: X 200 000, Y 90 000, Z 150 000
 *     5 ballots {X}, 3 {Z}, 2 {Y, Z}          → votes X 5, Z 5, Y 2
 * Ballots 1–8 online (residents born 2000: 26 in 2026 → 18-29), 9–10 assisted (codes above).
 */
interface Seeded {
  id: string;
  A: string;
  B: string;
  C: string;
  X: string;
  Y: string;
  Z: string;
  /** person_key values of the log, to prove they never leave the service. */
  personKeys: string[];
}

async function seededRound(rule: 'greedy' | 'mes', { minimumVotes = 0, groupAB = null as string | null } = {}): Promise<Seeded> {
  const { body: round } = await t
    .http()
    .post('/budgeting/rounds')
    .set('Authorization', coordinator)
    .send(roundRequest(clock.now(), { rule, minimumVotes, title: { fi: `Tuloskierros ${rule}`, en: `Results round ${rule}` } }))
    .expect(201);
  const plan = async (district: string, name: string, cost: number, group: string | null = null) => {
    const id = randomUUID();
    await t.dataSource.query(
      `INSERT INTO plans (id, round_id, district_code, title, description, cost, status, incompatible_group) VALUES ($1, $2, $3, $4, $4, $5, 'on_ballot', $6)`,
      [id, round.id, district, { fi: `Suunnitelma ${name}`, en: `Plan ${name}` }, cost, group],
    );
    return id;
  };
  const s = {
    id: round.id,
    A: await plan('keskinen', 'A', 50_000, groupAB),
    B: await plan('keskinen', 'B', 49_000, groupAB),
    C: await plan('keskinen', 'C', 50_000),
    X: await plan('city', 'X', 200_000),
    Y: await plan('city', 'Y', 90_000),
    Z: await plan('city', 'Z', 150_000),
    personKeys: [] as string[],
  };
  const choices: [string[], string[]][] = [
    [[s.A, s.B], [s.X]],
    [[s.A, s.B], [s.X]],
    [[s.A, s.B], [s.X]],
    [[s.A, s.B], [s.X]],
    [[s.A, s.B], [s.X]],
    [[s.A, s.B], [s.Z]],
    [[s.C], [s.Z]],
    [[s.C], [s.Z]],
    [[s.C], [s.Y, s.Z]],
    [[s.C], [s.Y, s.Z]],
  ];
  for (const [i, [district, cityWide]] of choices.entries()) {
    const body = { districtCode: 'keskinen', district, cityWide };
    if (i < 8) {
      const auth = `Bearer ${await t.token('resident', { sub: `voter-${rule}-${i}` })}`;
      await t.http().put(`/budgeting/rounds/${s.id}/ballot`).set('Authorization', auth).send({ ...body, confirmed: true }).expect(200);
    } else {
      await t
        .http()
        .post(`/budgeting/rounds/${s.id}/ballots/assisted`)
        .set('Authorization', coordinator)
        .send({ ...body, identityCode: i === 8 ? CODE_2010 : CODE_1985, place: 'Oodi' })
        .expect(201);
    }
  }
  s.personKeys = (await t.dataSource.query(`SELECT person_key FROM ballot_log WHERE round_id = $1`, [s.id])).map((r: { person_key: string }) => r.person_key);
  return s;
}

const compute = (roundId: string) => t.http().post(`/budgeting/rounds/${roundId}/results/compute`).set('Authorization', coordinator);
const versionOf = async (roundId: string) => (await t.dataSource.query(`SELECT version FROM rounds WHERE id = $1`, [roundId]))[0].version as number;
const publish = async (roundId: string) => t.http().post(`/budgeting/rounds/${roundId}/results/publish`).set('Authorization', coordinator).send({ version: await versionOf(roundId) });
const analyse = (text: string, rule: string, auth = coordinator) =>
  t.http().post(`/budgeting/analysis/pabulib?rule=${rule}`).set('Authorization', auth).set('Content-Type', 'text/plain; charset=utf-8').send(text);
const pabulib = (roundId: string, district: string) => t.http().get(`/budgeting/rounds/${roundId}/pabulib?district=${district}`);
const district = (body: { districts: { code: string }[] }, code: string) => body.districts.find((d) => d.code === code) as any;
const planOf = (d: { plans: { id: string }[] }, id: string) => d.plans.find((p) => p.id === id) as any;

let greedy: Seeded;
let mes: Seeded;
let overridden: Seeded;
let late: Seeded;
let floored: Seeded;

beforeAll(async () => {
  t = await startBudgetingTestApp('results', {}, { clock });
  coordinator = `Bearer ${await t.token('coordinator')}`;
  greedy = await seededRound('greedy');
  mes = await seededRound('mes');
  overridden = await seededRound('greedy');
  late = await seededRound('greedy');
  floored = await seededRound('greedy', { minimumVotes: 5, groupAB: 'kallio-park' });
}, 60_000);
afterAll(() => t?.close());

describe('before voting closes', () => {
  it('refuses to compute with 409 naming the voting phase, and nothing is public', async () => {
    const res = await compute(greedy.id).expect(409);
    expect(res.body).toMatchObject({ phase: 'voting' });
    await t.http().get(`/budgeting/rounds/${greedy.id}/results`).expect(404);
    expect(await t.dataSource.query(`SELECT 1 FROM results WHERE round_id = $1`, [greedy.id])).toEqual([]);
    // Voting closes at +10 days (roundRequest); the rest of the file is after it.
    clock.current = new Date(clock.now().getTime() + 11 * DAY);
  });
});

describe('greedy', () => {
  it('funds by votes: keskinen B then A, C does not fit; city Z then Y, X does not fit', async () => {
    const res = await compute(greedy.id).expect(200);
    expect(res.body).toMatchObject({ rule: 'greedy', published: false, tieBreak: { fi: expect.any(String), sv: expect.any(String), en: expect.any(String) } });
    // keskinen: A 6 and B 6 votes tie; the cheaper B (49 000) goes first → 51 000 left; A (50 000) fits → 1 000 left;
    // C (4 votes, 50 000) does not fit in 1 000.
    const k = district(res.body, 'keskinen');
    expect(k).toMatchObject({ code: 'keskinen', budget: 100_000, winners: [greedy.B, greedy.A], cost: 99_000, ballots: 10 });
    expect(planOf(k, greedy.A)).toMatchObject({ votes: 6, cost: 50_000, status: 'funded' });
    expect(planOf(k, greedy.C)).toMatchObject({ votes: 4, status: 'did_not_fit' });
    expect(planOf(k, greedy.C).explanation.en).toBe('Got 4 votes but did not fit: €1,000 left, costs €50,000.');
    expect(planOf(k, greedy.C).explanation.fi).toMatch(/^Sai 4 ääntä, mutta ei mahtunut: jäljellä oli 1\s000 €, suunnitelma maksaa 50\s000 €\.$/);
    // city: X 5 and Z 5 tie; the cheaper Z (150 000) first → 150 000 left; X (200 000) does not fit; Y (2, 90 000) fits → 60 000 left.
    expect(district(res.body, 'city')).toMatchObject({ budget: 300_000, winners: [greedy.Z, greedy.Y], cost: 240_000, ballots: 10 });
    expect(planOf(district(res.body, 'city'), greedy.X)).toMatchObject({ votes: 5, status: 'did_not_fit' });

    // The draft: staff see it, the public gets 404 for every published-only route.
    const draft = await t.http().get(`/budgeting/rounds/${greedy.id}/results`).set('Authorization', coordinator).expect(200);
    expect(draft.body).toEqual(res.body);
    // A resident (signed in, no staff role) is the public too: the same 404 as anonymous, on every route.
    const resident = `Bearer ${await t.token('resident', { sub: 'curious' })}`;
    for (const path of ['results', 'pabulib?district=keskinen', 'turnout', 'ballots.csv']) {
      await t.http().get(`/budgeting/rounds/${greedy.id}/${path}`).expect(404);
      const asResident = await t.http().get(`/budgeting/rounds/${greedy.id}/${path}`).set('Authorization', resident).expect(404);
      expect(asResident.text).not.toContain(greedy.A);
      await t.http().get(`/budgeting/rounds/${greedy.id}/${path}`).set('Authorization', coordinator).expect(200);
    }
    const audit = await t.dataSource.query(`SELECT action, details FROM round_audit WHERE entity_id = $1 AND action = 'results_computed'`, [greedy.id]);
    expect(audit).toHaveLength(1);
  });
});

describe('equal shares (mes)', () => {
  it('buys by equal shares with completion: keskinen B then C; city Z, then Y by completion', async () => {
    const res = await compute(mes.id).expect(200);
    // keskinen: 10 voters, 10 000 € each. B: 6 supporters pay 49 000/6 = 8 166.67 each, ρ = 1/6; A ties at ρ = 1/6
    // (50 000/6 per 50 000), B goes first (cheaper). A's supporters then hold 6 × 1 833.33 = 11 000 < 50 000; C's four
    // hold 40 000 < 50 000: nothing more. Completion raises every share by 1 € a run: at 12 500 € C's supporters hold
    // 4 × 12 500 = 50 000 (ρ 0.25) and are bought after B, cost 99 000 ≤ 100 000, and only 1 000 is left: exhaustive.
    // A then does not fit (its supporters hold 6 × (12 500 − 8 166.67) = 26 000).
    const k = district(res.body, 'keskinen');
    expect(k).toMatchObject({ winners: [mes.B, mes.C], cost: 99_000, ballots: 10 });
    expect(planOf(k, mes.B)).toMatchObject({ status: 'funded' });
    expect(planOf(k, mes.A)).toMatchObject({ status: 'not_reached', votes: 6 });
    expect(planOf(k, mes.A).explanation.en).toBe('Got 6 votes; its supporters had €26,000 left, not enough for its €50,000, and it did not fit in the €1,000 left.');
    // city: 30 000 € each. Z: its 5 supporters pay 30 000 each (ρ 0.2); X needs 5 × 40 000: at a share of 40 000 X ties
    // Z at ρ 0.2 and both are bought, 350 000 > 300 000, so the kept run is 39 999 with Z only; the completion adds Y
    // (90 000 ≤ 150 000 left), X (200 000) does not fit.
    const city = district(res.body, 'city');
    expect(city).toMatchObject({ winners: [mes.Z, mes.Y], cost: 240_000 });
    expect(planOf(city, mes.Y).explanation.en).toContain('Added after equal shares, by votes.');
  });
});

describe('overrides', () => {
  it('applies exclude and fund with their public reasons, refuses a stale publish, then publishes', async () => {
    const o = overridden;
    const bad = await t.http().post(`/budgeting/rounds/${o.id}/overrides`).set('Authorization', coordinator).send({ planId: o.B, decision: 'keep', reason: 'x' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['decision', 'reason']);
    await t
      .http()
      .post(`/budgeting/rounds/${o.id}/overrides`)
      .set('Authorization', coordinator)
      .send({ planId: randomUUID(), decision: 'fund', reason: 'No such plan' })
      .expect(400);
    await t
      .http()
      .post(`/budgeting/rounds/${o.id}/overrides`)
      .set('Authorization', coordinator)
      .send({ planId: o.B, decision: 'exclude', reason: 'Tontti myytiin' })
      .expect(201);
    await t
      .http()
      .post(`/budgeting/rounds/${o.id}/overrides`)
      .set('Authorization', coordinator)
      .send({ planId: o.X, decision: 'fund', reason: 'Valtuusto päätti' })
      .expect(201);

    const res = await compute(o.id).expect(200);
    // keskinen without B: A (6, 50 000) → 50 000 left; C (4, 50 000) fits → 0 left.
    const k = district(res.body, 'keskinen');
    expect(k).toMatchObject({ winners: [o.A, o.C], cost: 100_000 });
    expect(planOf(k, o.B)).toMatchObject({ status: 'excluded_by_override', votes: 6 });
    expect(planOf(k, o.B).explanation.fi).toContain('Tontti myytiin');
    // city: X funded first (200 000) → 100 000 for the count: Z (150 000) does not fit, Y (90 000) does.
    const city = district(res.body, 'city');
    expect(city).toMatchObject({ winners: [o.X, o.Y], cost: 290_000 });
    expect(planOf(city, o.X)).toMatchObject({ status: 'funded_by_override' });
    expect(planOf(city, o.X).explanation.fi).toContain('Valtuusto päätti');
    expect(planOf(city, o.Z).explanation.en).toBe('Got 5 votes but did not fit: €100,000 left, costs €150,000.');

    // A later decision is not in the draft: publishing it would hide it.
    clock.current = new Date(clock.now().getTime() + 1000);
    await t
      .http()
      .post(`/budgeting/rounds/${o.id}/overrides`)
      .set('Authorization', coordinator)
      .send({ planId: o.X, decision: 'fund', reason: 'Valtuusto päätti 12.5.' })
      .expect(201);
    await publish(o.id).then((r) => expect(r.status).toBe(409));
    await compute(o.id).expect(200);
    const stale = await t.http().post(`/budgeting/rounds/${o.id}/results/publish`).set('Authorization', coordinator).send({ version: 99 }).expect(409);
    expect(stale.body.currentVersion).toBe(await versionOf(o.id));

    const published = await publish(o.id);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ published: true });
    const projects = await t.dataSource.query(`SELECT id, status FROM projects WHERE round_id = $1 ORDER BY id`, [o.id]);
    expect(projects).toEqual([o.A, o.C, o.X, o.Y].sort().map((id) => ({ id, status: 'planned' })));
    const [event] = await t.dataSource.query(`SELECT envelope->'data' AS data FROM outbox WHERE type = 'fi.vaikuta.budgeting.results_published.v1' AND envelope->'data'->>'roundId' = $1`, [
      o.id,
    ]);
    expect(event.data).toEqual({ roundId: o.id, roundName: 'Tuloskierros greedy', winningProjectIds: [o.A, o.C, o.X, o.Y], publishedAt: clock.now().toISOString() });
    const actions = (await t.dataSource.query(`SELECT action FROM round_audit WHERE entity_id = $1 ORDER BY id`, [o.id])).map((r: { action: string }) => r.action);
    expect(actions).toEqual(['created', 'result_override', 'result_override', 'results_computed', 'result_override', 'results_computed', 'results_published']);

    // Public now, and final.
    const pub = await t.http().get(`/budgeting/rounds/${o.id}/results`).expect(200);
    expect(district(pub.body, 'city').winners).toEqual([o.X, o.Y]);
    await publish(o.id).then((r) => expect(r.status).toBe(409));
    await compute(o.id).expect(409);
    await t.http().post(`/budgeting/rounds/${o.id}/overrides`).set('Authorization', coordinator).send({ planId: o.A, decision: 'exclude', reason: 'Liian myöhään' }).expect(409);
  });
});

describe('paper sheets entered after the results were computed', () => {
  const CODE_1990 = '010190-998V'; // synthetic, born 1990: a voter the draft has not seen

  it('refuses to publish the stale draft (409) until the results are computed again, then counts the sheet', async () => {
    const first = await compute(late.id).expect(200);
    expect(district(first.body, 'keskinen').ballots).toBe(10);
    // The post brings a sheet after voting closed: staff may still enter it, results are not published yet.
    await t
      .http()
      .post(`/budgeting/rounds/${late.id}/ballots/paper`)
      .set('Authorization', coordinator)
      .send({ districtCode: 'keskinen', district: [late.C], cityWide: [late.X], sheetId: 'LATE-1', identityCode: CODE_1990 })
      .expect(201);

    const refused = await publish(late.id);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ title: 'Ballots entered after the results were computed', detail: expect.stringContaining('compute again') });
    expect(refused.headers['content-type']).toContain('application/problem+json');
    // Nothing of the publication happened.
    expect(await t.dataSource.query(`SELECT results_published_at FROM rounds WHERE id = $1`, [late.id])).toEqual([{ results_published_at: null }]);
    expect(await t.dataSource.query(`SELECT 1 FROM projects WHERE round_id = $1`, [late.id])).toEqual([]);

    const again = await compute(late.id).expect(200);
    expect(district(again.body, 'keskinen').ballots).toBe(11);
    expect(planOf(district(again.body, 'keskinen'), late.C).votes).toBe(5);
    const published = await publish(late.id);
    expect(published.status).toBe(200);
    expect(district(published.body, 'keskinen').ballots).toBe(11);
    // And the door closes with the publication.
    await t
      .http()
      .post(`/budgeting/rounds/${late.id}/ballots/paper`)
      .set('Authorization', coordinator)
      .send({ districtCode: 'keskinen', district: [late.C], cityWide: [], sheetId: 'LATE-2', identityCode: '150585-996S' })
      .expect(409);
  });
});

describe('published data', () => {
  beforeAll(async () => {
    expect((await publish(greedy.id)).status).toBe(200);
    expect((await publish(mes.id)).status).toBe(200);
    await compute(floored.id).expect(200);
    expect((await publish(floored.id)).status).toBe(200);
  });

  it('a vote floor and an incompatible group travel in the export, so its analysis still gives the round’s own winners', async () => {
    const results = (await t.http().get(`/budgeting/rounds/${floored.id}/results`).expect(200)).body;
    // keskinen: A and B (6 votes each) are one group: B (cheaper) wins, A is out; C has 4 < 5 votes. city: Y has 2 < 5; Z then X does not fit.
    expect(district(results, 'keskinen').winners).toEqual([floored.B]);
    expect(district(results, 'city').winners).toEqual([floored.Z]);
    for (const code of ['keskinen', 'city']) {
      const res = await pabulib(floored.id, code).expect(200);
      const file = parsePabulib(res.text);
      expect(file.meta).toMatchObject({ min_votes: '5', currency: 'EUR', max_sum_cost: String(district(results, code).budget) });
      expect(file.meta.comment).toContain('vote floor of 5');
      expect(file.projects.filter((p) => p.selected === '1').map((p) => p.project_id)).toEqual(district(results, code).winners);
      const analysis = await analyse(res.text, 'greedy').expect(200);
      expect(analysis.body.winners).toEqual(district(results, code).winners);
    }
    const keskinen = parsePabulib((await pabulib(floored.id, 'keskinen')).text);
    expect(keskinen.meta.comment).toContain('incompatible groups kallio-park');
    expect(keskinen.projects.find((p) => p.project_id === floored.A)?.incompatible_group).toBe('kallio-park');
    // Without the floor and the group the same ballots would fund A too: the file is what makes the difference.
    const bare = (await pabulib(floored.id, 'keskinen')).text.replace(/^min_votes;5\n/m, '').replace(/;kallio-park/g, ';');
    expect((await analyse(bare, 'greedy').expect(200)).body.winners).toEqual([floored.B, floored.A]);
  });

  it('names the overrides in the comment: the analysis of that export does not apply them', async () => {
    const o = overridden;
    const results = (await t.http().get(`/budgeting/rounds/${o.id}/results`).expect(200)).body;
    const city = parsePabulib((await pabulib(o.id, 'city')).text);
    expect(city.meta.comment).toContain(`override: funded before the count ${o.X} (Valtuusto päätti 12.5.)`);
    expect(city.meta.comment).toContain('not the overrides');
    expect(city.projects.filter((p) => p.selected === '1').map((p) => p.project_id).sort()).toEqual([...district(results, 'city').winners].sort());
    const keskinen = await pabulib(o.id, 'keskinen');
    expect(parsePabulib(keskinen.text).meta.comment).toContain(`override: excluded from the count ${o.B} (Tontti myytiin)`);
    // The votes alone fund B and A (greedy); the published result excluded B for its reason.
    expect((await analyse(keskinen.text, 'greedy').expect(200)).body.winners).toEqual([o.B, o.A]);
    expect(district(results, 'keskinen').winners).toEqual([o.A, o.C]);
  });

  it.each([
    ['greedy', () => greedy],
    ['mes', () => mes],
  ])('%s: the Pabulib export parses back and the analysis of it gives the round’s own winners', async (rule, round) => {
    const r = round();
    const results = (await t.http().get(`/budgeting/rounds/${r.id}/results`).expect(200)).body;
    for (const code of ['keskinen', 'city']) {
      const res = await pabulib(r.id, code).expect(200);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      const file = parsePabulib(res.text);
      expect(file.meta).toMatchObject({ country: 'Finland', unit: `Tuloskierros ${rule}`, instance: code, vote_type: 'approval', rule: rule === 'mes' ? 'equal-shares' : 'greedy' });
      expect(file.meta.date_begin).toBe('03.05.2026'); // voting opened 2026-05-03 09:00 UTC (roundRequest: −1 day)
      expect(file.votes).toHaveLength(10);
      expect(file.meta.comment).toBeUndefined(); // no floor, group or override to name
      expect(Object.keys(file.votes[0]).sort()).toEqual(['vote', 'voter_id']);
      for (const key of r.personKeys) expect(res.text).not.toContain(key);
      const analysis = await analyse(res.text, rule).expect(200);
      expect(analysis.body).toEqual({ rule, budget: district(results, code).budget, winners: district(results, code).winners, cost: district(results, code).cost });
    }
    // Exported twice, the same file (voter ids are stable).
    expect((await pabulib(r.id, 'keskinen')).text).toBe((await pabulib(r.id, 'keskinen')).text);
  });

  it('answers 400 naming district when it is missing or not the round’s', async () => {
    const missing = await t.http().get(`/budgeting/rounds/${greedy.id}/pabulib`).expect(400);
    expect(missing.body.errors[0].field).toBe('district');
    const unknown = await pabulib(greedy.id, 'etelainen').expect(400);
    expect(unknown.body.errors[0].field).toBe('district');
  });

  it('turnout by district, age band and channel, and nothing about a person', async () => {
    const res = await t.http().get(`/budgeting/rounds/${greedy.id}/turnout`).expect(200);
    // 8 online residents born 2000 (26 → 18-29); assisted: born 2010 (16 → 12-17) and 1985 (41 → 30-44).
    expect(res.body).toEqual({
      ballots: 10,
      byDistrict: [{ code: 'keskinen', ballots: 10 }],
      byAgeBand: [
        { band: '12-17', ballots: 1 },
        { band: '18-29', ballots: 8 },
        { band: '30-44', ballots: 1 },
        { band: '45-64', ballots: 0 },
        { band: '65+', ballots: 0 },
        { band: 'unknown', ballots: 0 },
      ],
      byChannel: [
        { channel: 'online', ballots: 8 },
        { channel: 'assisted', ballots: 1 + 1 },
        { channel: 'paper', ballots: 0 },
      ],
    });
    for (const key of greedy.personKeys) expect(res.text).not.toContain(key);
  });

  it('the anonymised CSV: numbered ballots with their choices, no person key, birth year or channel', async () => {
    const res = await t.http().get(`/budgeting/rounds/${greedy.id}/ballots.csv`).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = res.text.trimEnd().split('\n');
    expect(header).toBe('ballot,district,district_plans,city_plans');
    expect(rows.map((row) => Number(row.split(',')[0]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const choices = rows.map((row) => row.split(',').slice(1).join(',')).sort();
    const g = greedy;
    const expected = [
      ...Array(5).fill(`keskinen,${g.A} ${g.B},${g.X}`),
      `keskinen,${g.A} ${g.B},${g.Z}`,
      ...Array(2).fill(`keskinen,${g.C},${g.Z}`),
      ...Array(2).fill(`keskinen,${g.C},${g.Y} ${g.Z}`),
    ].sort();
    expect(choices).toEqual(expected);
    for (const key of g.personKeys) expect(res.text).not.toContain(key);
    for (const word of ['online', 'assisted', 'paper', 'Oodi']) expect(res.text).not.toContain(word);
  });
});

describe('analysis of any Pabulib file', () => {
  const FILE = ['META', 'key;value', 'budget;100', 'vote_type;approval', 'num_projects;2', 'num_votes;3', 'PROJECTS', 'project_id;cost', 'p1;60', 'p2;50', 'VOTES', 'voter_id;vote', '1;p1', '2;p1,p2', '3;p2', ''].join('\n');

  it('answers winners for an approval file (greedy: p1 2 votes and p2 2 votes tie, p2 cheaper first → 50 left, p1 60 does not fit)', async () => {
    const res = await analyse(FILE, 'greedy').expect(200);
    expect(res.body).toEqual({ rule: 'greedy', budget: 100, winners: ['p2'], cost: 50 });
  });

  it('400 naming the line of a malformed file or an unsupported vote type', async () => {
    const malformed = await analyse(FILE.replace('2;p1,p2', '2;p1,p9'), 'mes').expect(400);
    expect(malformed.body).toMatchObject({ line: 14, errors: [{ field: '(body) line 14' }] });
    const ordinal = await analyse(FILE.replace('vote_type;approval', 'vote_type;ordinal'), 'greedy').expect(400);
    expect(ordinal.body).toMatchObject({ line: 4 });
    expect(ordinal.body.detail).toContain('ordinal');
    const rule = await analyse(FILE, 'borda').expect(400);
    expect(rule.body.errors[0].field).toBe('rule');
  });

  it('reads a file larger than the 1 MB JSON limit (text bodies may be up to 20 MB)', async () => {
    // 150 000 voters: 100 000 approve p1, 50 000 approve p2 → greedy funds p1 (60 of 100), p2 (50) does not fit.
    const votes = Array.from({ length: 150_000 }, (_, i) => `${i + 1};${i < 100_000 ? 'p1' : 'p2'}`);
    const big = ['META', 'key;value', 'budget;100', 'vote_type;choose-1', 'num_projects;2', `num_votes;${votes.length}`, 'PROJECTS', 'project_id;cost', 'p1;60', 'p2;50', 'VOTES', 'voter_id;vote', ...votes, ''].join('\n');
    expect(Buffer.byteLength(big)).toBeGreaterThan(1024 * 1024);
    const res = await analyse(big, 'greedy').expect(200);
    expect(res.body).toEqual({ rule: 'greedy', budget: 100, winners: ['p1'], cost: 60 });
  });

  it('is for staff only', async () => {
    await t.http().post('/budgeting/analysis/pabulib?rule=greedy').set('Content-Type', 'text/plain').send(FILE).expect(401);
    await analyse(FILE, 'greedy', `Bearer ${await t.token('resident', { sub: 'analyst' })}`).expect(403);
  });
});
