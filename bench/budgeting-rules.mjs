// budgeting-rules: the results rules of services/budgeting (pure computation, no database, no
// service) on a generated round — by default 50,000 voters in each of 8 districts with 40 plans
// each, every voter approving 3–8 plans of their district. Times greedy and the Method of Equal
// Shares with its completion over all districts. Goal (issue 10): MES with completion ≤ 5 s in all.
//
//   npm run bench -- budgeting-rules [--voters 50000] [--plans 40] [--districts 8] [--repeat 3] [--seed 1]
//
// The domain code is loaded as TypeScript through libs/testing's swc require hook, so the
// benchmark measures the source tree as it is (a build is not needed: --no-build is fine).
import path from 'node:path';
import { environment, log, numberOption, parseArgs, repoRoot, require, round, table, verdict, waitForQuiet, writeResults } from './lib/harness.mjs';

const NAME = 'budgeting-rules';
export const GOALS = { mesSeconds: 5 };

/** mulberry32: a small seeded generator, so every run measures the same round. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One district: plans of 10,000–350,000 € (whole thousands) and a budget of about a sixth of
 * their total. Voters come in three blocs of different tastes (60 / 30 / 10 %), so the rules
 * disagree as they do in real rounds; each approves 3–8 plans drawn by the bloc's popularity
 * weights, without repetition.
 */
function district(random, code, voters, plans) {
  const projects = Array.from({ length: plans }, (_, i) => ({ id: `${code}-${String(i + 1).padStart(2, '0')}`, cost: 1000 * (10 + Math.floor(random() * 341)) }));
  const total = projects.reduce((sum, p) => sum + p.cost, 0);
  const budget = Math.round(total / 6 / 1000) * 1000;
  const blocs = [0.6, 0.3, 0.1].map((share) => ({ share, weights: projects.map(() => random() ** 3) }));
  const ballots = new Array(voters);
  for (let v = 0; v < voters; v++) {
    const r = random();
    const bloc = r < blocs[0].share ? blocs[0] : r < blocs[0].share + blocs[1].share ? blocs[1] : blocs[2];
    const weights = [...bloc.weights];
    const count = 3 + Math.floor(random() * 6);
    const chosen = [];
    for (let k = 0; k < count; k++) {
      let pick = random() * weights.reduce((s, w) => s + w, 0);
      let i = 0;
      while (i < weights.length - 1 && (pick -= weights[i]) > 0) i++;
      chosen.push(projects[i].id);
      weights[i] = 0;
    }
    ballots[v] = chosen;
  }
  return { code, election: { budget, projects, ballots } };
}

function loadDomain() {
  require(path.join(repoRoot, 'libs/testing/src/services/ts-register.js'));
  return require(path.join(repoRoot, 'services/budgeting/src/domain/index.ts'));
}

function timeAll(districts, rule) {
  const start = performance.now();
  const outcomes = districts.map((d) => rule(d.election));
  return { seconds: (performance.now() - start) / 1000, outcomes };
}

export async function run(options) {
  const voters = numberOption(options, 'voters', 50_000);
  const plans = numberOption(options, 'plans', 40);
  const districtCount = numberOption(options, 'districts', 8);
  const repeat = numberOption(options, 'repeat', 3);
  const seed = numberOption(options, 'seed', 1);
  const { greedyResult, equalSharesResult } = loadDomain();

  log(`generating ${districtCount} districts × ${plans} plans × ${voters} voters (seed ${seed})`);
  const random = seeded(seed);
  const districts = Array.from({ length: districtCount }, (_, i) => district(random, `D${i + 1}`, voters, plans));

  // One untimed pass of each rule so that compilation by V8 is not measured as the rules' cost.
  greedyResult(districts[0].election);
  equalSharesResult(districts[0].election);
  await waitForQuiet();

  const runs = [];
  for (let r = 0; r < repeat; r++) {
    const greedy = timeAll(districts, greedyResult);
    const mes = timeAll(districts, equalSharesResult);
    runs.push({ greedySeconds: round(greedy.seconds, 3), mesSeconds: round(mes.seconds, 3) });
    log(`run ${r + 1}: greedy ${round(greedy.seconds, 3)} s, mes with completion ${round(mes.seconds, 3)} s`);
    if (r === repeat - 1) {
      runs.details = districts.map((d, i) => ({
        district: d.code,
        budget: d.election.budget,
        greedyWinners: greedy.outcomes[i].winners.length,
        greedyCost: greedy.outcomes[i].cost,
        mesWinners: mes.outcomes[i].winners.length,
        mesCost: mes.outcomes[i].cost,
        mesByEqualShares: Object.values(mes.outcomes[i].explanations).filter((e) => e.status === 'funded' && e.by === 'equal_shares').length,
        completion: mes.outcomes[i].completion,
        sameWinners: JSON.stringify([...greedy.outcomes[i].winners].sort()) === JSON.stringify([...mes.outcomes[i].winners].sort()),
      }));
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const greedySeconds = median(runs.map((r) => r.greedySeconds));
  const mesSeconds = median(runs.map((r) => r.mesSeconds));

  console.log(
    '\n' +
      table([
        ['district', 'budget €', 'greedy plans', 'mes plans', 'by equal shares', 'raise €', 'mes runs', 'capped', 'same as greedy'],
        ...runs.details.map((d) => [d.district, d.budget, d.greedyWinners, d.mesWinners, d.mesByEqualShares, d.completion.shareIncrease, d.completion.runs, d.completion.capped, d.sameWinners]),
      ]),
  );
  console.log(`\ngreedy, all ${districtCount} districts: ${greedySeconds} s (median of ${repeat})`);
  console.log(`mes with completion, all ${districtCount} districts: ${mesSeconds} s (median of ${repeat}); goal ≤ ${GOALS.mesSeconds} s: ${verdict(mesSeconds <= GOALS.mesSeconds)}`);

  const file = writeResults(NAME, {
    name: NAME,
    environment: environment(),
    instance: { districts: districtCount, plansPerDistrict: plans, votersPerDistrict: voters, seed, approvalsPerVoter: '3–8' },
    goals: GOALS,
    runs,
    districts: runs.details,
    greedySeconds,
    mesSeconds,
  });
  log(`results: ${file}`);
  return { name: NAME, file, verdict: { [`mes ≤ ${GOALS.mesSeconds} s`]: verdict(mesSeconds <= GOALS.mesSeconds) } };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(repoRoot, 'bench/budgeting-rules.mjs')) {
  run(parseArgs(process.argv.slice(2))).then(
    () => process.exit(0),
    (error) => {
      log(`${NAME} failed: ${error?.stack ?? error}`);
      process.exit(1);
    },
  );
}
