// budgeting-tally: the results tally of services/budgeting (TallyRepository's SQL, the code the
// compute route runs) over 1,000,000 counted ballots. Seeds its own database with SQL
// generate_series — a round with 8 districts of 40 plans and 40 city-wide plans; each ballot
// chooses a district (uneven sizes) and approves its plans with skewed popularity (about 4 of 40,
// plan k with probability 0.5 · 0.88^k) and city-wide plans (about 2, 0.3 · 0.85^k); 2 % blank
// district parts, and every 20th person voted twice (the earlier entry stays in the log but
// does not count). The counted rows keep their entry's choices as the service's ballot
// statements write them (migration 1765000000170). Times
// the tally a few times after one untimed warm-up. Goal (issue 10): tally of 1,000,000 ballots ≤ 2 s.
//
//   npm run bench -- budgeting-tally [--ballots 1000000] [--repeat 5] [--keep-database]
//
// The service code is loaded as TypeScript through libs/testing's swc require hook (no build).
import path from 'node:path';
import { databaseUrl, dropDatabase, environment, log, numberOption, parseArgs, recreateDatabase, repoRoot, require, round, serverInfo, verdict, waitForQuiet, withClient, writeResults } from './lib/harness.mjs';

const NAME = 'budgeting-tally';
export const GOALS = { tallySeconds: 2 };
const DISTRICTS = 8;
const PLANS = 40;

function loadService() {
  require('reflect-metadata');
  require(path.join(repoRoot, 'libs/testing/src/services/ts-register.js'));
  const { CreateBudgetingSchema1765000000100 } = require(path.join(repoRoot, 'services/budgeting/src/migrations/1765000000100-CreateBudgetingSchema.ts'));
  const { CountedBallotsKeepTheirChoices1765000000170 } = require(path.join(repoRoot, 'services/budgeting/src/migrations/1765000000170-CountedBallotsKeepTheirChoices.ts'));
  const { tallyRound } = require(path.join(repoRoot, 'services/budgeting/src/results/tally.repository.ts'));
  return { CreateBudgetingSchema1765000000100, CountedBallotsKeepTheirChoices1765000000170, tallyRound };
}

/** Rows of a pg query, as TypeORM's query() answers them (what tallyRound expects). */
const queryable = (client) => ({ query: async (sql, parameters) => (await client.query(sql, parameters)).rows });

async function seed(client, ballots) {
  const roundId = '00000000-0000-4000-8000-000000000001';
  await client.query(`SELECT setseed(0.42)`);
  await client.query(
    `INSERT INTO rounds (id, title, voting_year, rule, ballot_rule, eligibility, reconciliation_policy, created_by)
     VALUES ($1, '{"fi":"Benchmark"}', 2026, 'mes', '{"kind":"knapsack"}', '{"minimumAge":12,"municipalities":[],"authMethods":[]}', 'latest', 'bench')`,
    [roundId],
  );
  await client.query(
    `INSERT INTO districts (round_id, code, name, budget, city_wide, position)
     SELECT $1, CASE WHEN d = 0 THEN 'city' ELSE 'd' || d END, '{"fi":"x"}', 1000000, d = 0, d FROM generate_series(0, $2) d`,
    [roundId, DISTRICTS],
  );
  await client.query(
    `INSERT INTO plans (id, round_id, district_code, title, description, cost, status)
     SELECT gen_random_uuid(), $1, CASE WHEN d = 0 THEN 'city' ELSE 'd' || d END, '{"fi":"x"}', '{"fi":"x"}', 10000 + k * 1000, 'on_ballot'
       FROM generate_series(0, $2) d, generate_series(0, $3 - 1) k`,
    [roundId, DISTRICTS, PLANS],
  );
  // Plan ids per part in popularity order (k), for the generator.
  await client.query(
    `CREATE TEMP TABLE part_plans AS
     SELECT district_code AS code, array_agg(id ORDER BY cost) AS ids FROM plans WHERE round_id = $1 GROUP BY district_code`,
    [roundId],
  );
  // Entry i belongs to person i, except that every 20th entry is a second ballot of the person
  // before it: n + floor((n − 1) / 19) entries make exactly n people.
  const entries = ballots + Math.floor((ballots - 1) / 19);
  log(`seeding ${entries} log entries for ${ballots} counted ballots`);
  await client.query(
    `INSERT INTO ballot_log (id, round_id, person_key, kind, channel, district_code, district_plans, city_plans, birth_year)
     SELECT gen_random_uuid(), $1, 'p' || (g.i - CASE WHEN g.i % 20 = 0 THEN 1 ELSE 0 END), 'ballot', 'online', g.code,
            CASE WHEN random() < 0.02 THEN '{}'::uuid[]
                 ELSE dp.ids[s1 : s1 + floor(random() * 3)::int] || dp.ids[s2 : s2 + floor(random() * 3)::int] || dp.ids[s3 : s3 + floor(random() * 2)::int] END,
            cp.ids[c1 : c1 + floor(random() * 3)::int - 1] || cp.ids[c2 : c2 + floor(random() * 2)::int - 1],
            1940 + (g.i % 70)
       FROM (SELECT i, 'd' || (1 + floor(power(random(), 1.5) * $3))::int AS code,
                    1 + floor(power(random(), 2) * 8)::int AS s1, 9 + floor(power(random(), 2) * 12)::int AS s2, 21 + floor(random() * 20)::int AS s3,
                    1 + floor(power(random(), 2) * 10)::int AS c1, 11 + floor(random() * 30)::int AS c2
               FROM generate_series(1, $2) i) g
       JOIN part_plans dp ON dp.code = g.code
       JOIN part_plans cp ON cp.code = 'city'
      ORDER BY g.i`,
    [roundId, entries, DISTRICTS],
  );
  // Each person's counted entry is their latest (as the latest policy keeps it), with its choices
  // as the ballot statements write them (each part's plans as their tally numbers in the entry's
  // order, '' for none), computed here for all entries at once.
  const keyOf = (column) => `SELECT l.seq, string_agg(p.tally_number::text, ' ' ORDER BY o.n) AS key
      FROM ballot_log l CROSS JOIN unnest(l.${column}) WITH ORDINALITY o (id, n) JOIN plans p ON p.id = o.id GROUP BY l.seq`;
  await client.query(
    `INSERT INTO counted_ballots (round_id, person_key, ballot_seq, channels, kind, district_code, district_key, city_key)
     SELECT $1, l.person_key, l.seq, '{online}', l.kind, l.district_code, coalesce(dk.key, ''), coalesce(ck.key, '')
       FROM ballot_log l
       LEFT JOIN (${keyOf('district_plans')}) dk ON dk.seq = l.seq
       LEFT JOIN (${keyOf('city_plans')}) ck ON ck.seq = l.seq
      WHERE l.seq IN (SELECT max(seq) FROM ballot_log WHERE round_id = $1 GROUP BY person_key)
      ORDER BY l.seq`,
    [roundId],
  );
  await client.query(`VACUUM ANALYZE`);
  const [{ log_rows, counted }] = (
    await client.query(`SELECT (SELECT count(*) FROM ballot_log)::int AS log_rows, (SELECT count(*) FROM counted_ballots)::int AS counted`)
  ).rows;
  return { roundId, logRows: log_rows, counted };
}

export async function run(options) {
  const ballots = numberOption(options, 'ballots', 1_000_000);
  const repeat = numberOption(options, 'repeat', 5);
  const database = `bench_budgeting_tally_${process.pid}`;
  const { CreateBudgetingSchema1765000000100, CountedBallotsKeepTheirChoices1765000000170, tallyRound } = loadService();
  await recreateDatabase(database);
  try {
    return await withClient(databaseUrl(database), async (client) => {
      await new CreateBudgetingSchema1765000000100().up(queryable(client));
      await new CountedBallotsKeepTheirChoices1765000000170().up(queryable(client));
      const seedStart = performance.now();
      const seeded = await seed(client, ballots);
      log(`seeded in ${round((performance.now() - seedStart) / 1000, 1)} s: ${seeded.logRows} log entries, ${seeded.counted} counted`);

      const db = queryable(client);
      // As TallyRepository runs it: in a transaction of its own (tallyRound raises work_mem for it).
      const tally = async () => {
        await client.query('BEGIN');
        try {
          return await tallyRound(db, seeded.roundId, 'city');
        } finally {
          await client.query('COMMIT');
        }
      };
      const warm = await tally();
      await waitForQuiet();
      const runs = [];
      for (let r = 0; r < repeat; r++) {
        const start = performance.now();
        const result = await tally();
        const seconds = (performance.now() - start) / 1000;
        runs.push(round(seconds, 3));
        log(`run ${r + 1}: ${round(seconds, 3)} s`);
        if (result.ballots.get('city') !== warm.ballots.get('city')) throw new Error('the tally changed between runs');
      }
      const sorted = [...runs].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)];
      const distinctSets = [...warm.sets.values()].reduce((n, sets) => n + sets.length, 0);
      console.log(`\ntally of ${warm.ballots.get('city')} counted ballots (${seeded.logRows} log entries, ${distinctSets} distinct approval sets): ` +
        `median ${median} s, max ${sorted[sorted.length - 1]} s of ${repeat}; goal ≤ ${GOALS.tallySeconds} s: ${verdict(median <= GOALS.tallySeconds)}`);
      const file = writeResults(NAME, {
        name: NAME,
        environment: environment(),
        postgres: await serverInfo(databaseUrl(database)),
        instance: { ballots: warm.ballots.get('city'), logRows: seeded.logRows, districts: DISTRICTS, plansPerDistrict: PLANS, distinctSets },
        goals: GOALS,
        runs,
        medianSeconds: median,
      });
      log(`results: ${file}`);
      return { name: NAME, file, verdict: { [`tally ≤ ${GOALS.tallySeconds} s`]: verdict(median <= GOALS.tallySeconds) } };
    });
  } finally {
    if (options.keepDatabase) log(`kept database ${database} (--keep-database): drop it when done`);
    else await dropDatabase(database);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(repoRoot, 'bench/budgeting-tally.mjs')) {
  run(parseArgs(process.argv.slice(2))).then(
    () => process.exit(0),
    (error) => {
      log(`${NAME} failed: ${error?.stack ?? error}`);
      process.exit(1);
    },
  );
}
