import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { BudgetingEvents, BudgetingHttp } from '@vaikuta/contracts';
import { OutboxWriter } from '@vaikuta/messaging';
import { BudgetingTestApp, roundRequest, startBudgetingTestApp } from '../../test/budgeting-test-app';
import { BallotLogRepository, countedKeys, NewBallotEntry } from '../ballots/ballot-log.repository';
import { BallotChannel, outranks } from '../ballots/counting-policy';
import { Queryable, Tally, tallyRound } from './tally.repository';

/**
 * The tally reads the choices each counted row keeps (migration 1765000000170); before, it read
 * the counted entries from the log. On random ballot logs — first ballots, changes, withdrawals,
 * online, assisted and paper entries under both policies, rounds with and without a city-wide
 * part — written through the ballot statements the intake uses, both must count the same.
 */

let t: BudgetingTestApp;
let coordinator: string;
let ballots: BallotLogRepository;
let outbox: OutboxWriter;

beforeAll(async () => {
  t = await startBudgetingTestApp('tally');
  coordinator = `Bearer ${await t.token('coordinator')}`;
  ballots = t.app.get(BallotLogRepository);
  outbox = t.app.get(OutboxWriter);
});

afterAll(async () => {
  await t?.close();
});

/** The counting as it was before the counted rows kept their choices: the counted entries read from the log. */
async function tallyFromTheLog(db: Queryable, roundId: string, cityWideCode: string | null): Promise<Tally> {
  const rows: { district_part: boolean; code: string | null; plans: string; n: number }[] = await db.query(
    `SELECT GROUPING(l.city_plans) = 1 AS district_part, l.district_code AS code,
            array_to_string(CASE WHEN GROUPING(l.city_plans) = 1 THEN l.district_plans ELSE l.city_plans END, ' ') AS plans, count(*)::int AS n
       FROM ballot_log l
      WHERE l.round_id = $1 AND l.kind = 'ballot' AND l.seq IN (SELECT ballot_seq FROM counted_ballots WHERE round_id = $1)
      GROUP BY GROUPING SETS ((l.district_code, l.district_plans), (l.city_plans))`,
    [roundId],
  );
  const tally: Tally = { sets: new Map(), ballots: new Map(), votes: new Map() };
  for (const row of rows) {
    const plans = row.plans === '' ? [] : row.plans.split(' ');
    for (const plan of plans) tally.votes.set(plan, (tally.votes.get(plan) ?? 0) + row.n);
    const code = row.district_part ? row.code : cityWideCode;
    if (code === null) continue;
    tally.sets.set(code, [...(tally.sets.get(code) ?? []), { plans, ballots: row.n }]);
    tally.ballots.set(code, (tally.ballots.get(code) ?? 0) + row.n);
  }
  return tally;
}

/** A tally as plain sorted data, so two tallies compare whatever order their rows came in. */
function comparable(tally: Tally) {
  const sorted = <T>(entries: Iterable<[string, T]>) => [...entries].sort(([a], [b]) => a.localeCompare(b));
  return {
    sets: sorted([...tally.sets].map(([code, sets]) => [code, sets.map((s) => `${s.ballots}: ${s.plans.join(' ')}`).sort()] as [string, string[]])),
    ballots: sorted(tally.ballots),
    votes: sorted(tally.votes),
  };
}

interface Step {
  person: number;
  kind: 'ballot' | 'withdrawal';
  channel: BallotChannel;
  district: 'keskinen' | 'pohjoinen';
  /** Indexes into the district's and the city-wide part's plans, in the voter's order. */
  districtPlans: number[];
  cityPlans: number[];
}

const PLANS_PER_PART = 5;
const planPicks = fc.shuffledSubarray([0, 1, 2, 3, 4], { maxLength: 4 });
const step: fc.Arbitrary<Step> = fc.record({
  person: fc.nat({ max: 5 }),
  kind: fc.constantFrom<Step['kind']>('ballot', 'ballot', 'ballot', 'ballot', 'withdrawal'),
  channel: fc.constantFrom<BallotChannel>('online', 'online', 'assisted', 'paper'),
  district: fc.constantFrom<Step['district']>('keskinen', 'pohjoinen'),
  districtPlans: planPicks,
  cityPlans: planPicks,
});

class NothingToWithdraw extends Error {}

/**
 * One entry through the statements BallotIntakeService.commit sends: an online first ballot of a
 * signed-in voter as castFirst's single statement (its counted keys built in Node), anything else appended in a transaction that
 * takes the counted row's lock and lets the policy choose which entry counts.
 */
async function enter(roundId: string, policy: BudgetingHttp.ReconciliationPolicy, entry: NewBallotEntry, person: number): Promise<void> {
  if (entry.channel === 'online' && entry.kind === 'ballot') {
    const voter = { sub: `tally-voter-${person}`, language: 'fi' as const };
    const { row } = outbox.prepare(BudgetingEvents.ballotConfirmed, {
      roundId,
      ballotId: entry.id,
      channel: entry.channel,
      withdrawal: false,
      voterSub: voter.sub,
      language: voter.language,
      planIds: [...entry.districtPlans, ...entry.cityPlans],
      droppedPlanIds: [],
      confirmedAt: entry.confirmedAt.toISOString(),
    });
    // As castOnline does: the keys from the plans on the ballot, read as it reads them.
    const plans = await ballots.plansOnBallot(roundId, [entry.districtCode!, 'city']);
    if ((await ballots.castFirst(entry, voter, row, countedKeys(plans, entry))) !== null) return;
  }
  await ballots.dataSource
    .transaction(async (m) => {
      const appended = await ballots.appendFirst(m, entry, null, null);
      if (appended === null) throw new Error(`entry ${entry.id} was already in the log`);
      if (appended.created) {
        if (entry.kind === 'withdrawal') throw new NothingToWithdraw();
        return;
      }
      const counted = (await ballots.lockCounted(m, roundId, entry.personKey))!;
      const previous = await ballots.entryBySeq(counted.ballotSeq, m);
      if (entry.kind === 'withdrawal' && previous.kind === 'withdrawal') throw new NothingToWithdraw();
      const counts = outranks(policy, { seq: appended.seq, channel: entry.channel }, previous);
      const channels = [...new Set<BallotChannel>([...counted.channels, entry.channel])];
      await ballots.updateCounted(m, roundId, entry.personKey, counts ? appended.seq : counted.ballotSeq, channels, entry.confirmedAt, null);
    })
    .catch((error) => {
      // The service refuses a withdrawal with nothing to withdraw (404) and writes nothing.
      if (!(error instanceof NothingToWithdraw)) throw error;
    });
}

async function roundWithPlans(policy: BudgetingHttp.ReconciliationPolicy, cityWide: boolean) {
  const districts: BudgetingHttp.CreateRoundRequest['districts'] = [
    { code: 'keskinen', name: { fi: 'Keskinen' }, budget: 100_000, cityWide: false },
    { code: 'pohjoinen', name: { fi: 'Pohjoinen' }, budget: 100_000, cityWide: false },
    ...(cityWide ? [{ code: 'city', name: { fi: 'Koko kaupunki' }, budget: 300_000, cityWide: true }] : []),
  ];
  const { body: round } = await t
    .http()
    .post('/budgeting/rounds')
    .set('Authorization', coordinator)
    .send(roundRequest(new Date(), { reconciliationPolicy: policy, districts }))
    .expect(201);
  const plans: Record<string, string[]> = {};
  for (const d of districts) {
    plans[d.code] = [];
    for (let k = 0; k < PLANS_PER_PART; k++) {
      const id = randomUUID();
      await t.dataSource.query(
        `INSERT INTO plans (id, round_id, district_code, title, description, cost, status) VALUES ($1, $2, $3, $4, $4, 10000, 'on_ballot')`,
        [id, round.id, d.code, { fi: `Suunnitelma ${d.code} ${k}` }],
      );
      plans[d.code].push(id);
    }
  }
  return { id: round.id as string, plans };
}

it('counts every random ballot log exactly as the counting from the log did', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom<BudgetingHttp.ReconciliationPolicy>('latest', 'paper_first'),
      fc.boolean(),
      fc.array(step, { minLength: 1, maxLength: 24 }),
      async (policy, cityWide, steps) => {
        const round = await roundWithPlans(policy, cityWide);
        for (const s of steps) {
          const ballot = s.kind === 'ballot';
          await enter(
            round.id,
            policy,
            {
              id: randomUUID(),
              roundId: round.id,
              personKey: `tally-person-${s.person}`,
              kind: s.kind,
              channel: s.channel,
              districtCode: ballot ? s.district : null,
              districtPlans: ballot ? s.districtPlans.map((k) => round.plans[s.district][k]) : [],
              cityPlans: ballot && cityWide ? s.cityPlans.map((k) => round.plans.city[k]) : [],
              birthYear: null,
              enteredBy: s.channel === 'online' ? null : 'tally-staff',
              place: s.channel === 'assisted' ? 'Oodi' : null,
              sheetId: s.channel === 'paper' ? randomUUID() : null,
              confirmedAt: new Date(),
            },
            s.person,
          );
        }
        const cityCode = cityWide ? 'city' : null;
        const [before, after] = await t.dataSource.transaction('REPEATABLE READ', async (m) => [
          await tallyFromTheLog(m, round.id, cityCode),
          await tallyRound(m, round.id, cityCode),
        ]);
        expect(comparable(after)).toEqual(comparable(before));
      },
    ),
    { numRuns: 30 },
  );
});
