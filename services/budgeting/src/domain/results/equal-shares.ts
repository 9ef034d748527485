// The Method of Equal Shares (MES) with cost utilities, completed as equalshares.net and
// pabutools' "MES iterated and completed" do.
//
// 1. Every voter holds an equal share of the budget: budget / voters. Blank ballots count as
//    voters (as every ballot of a pabutools profile does); their shares are never spent, which the
//    completion makes up for.
// 2. A project is affordable when its supporters' remaining money adds up to its cost. Its
//    supporters then pay equally, min(money, ρ·cost) each, for the smallest ρ at which the
//    payments add up to the cost — with cost utilities ρ is the payment per euro of cost, so a
//    project supported by many pays little per supporter. The affordable project with the smallest
//    ρ is bought; ties by TIE_BREAK_RULE (more votes, lower cost, id). Repeat until nothing is
//    affordable. A project under the floor, with no votes, or incompatible with a project already
//    bought is never bought.
// 3. Completion: the whole computation is rerun with every voter's initial share raised by one
//    euro at a time (the budget grows by the number of voters per step) for as long as the
//    outcome's cost stays within the real budget; the last outcome within budget is kept. The
//    raising also stops as soon as the kept outcome is exhaustive (no open project fits in what is
//    left), as equalshares.net's reference code and pabutools (exhaustive_stop, its default) do.
//    Then what is left of the budget is filled greedily by votes, with the greedy rule's rules.
//
// Why not a binary search on the raise: the outcome's cost is not monotone in the share (a richer
// start can buy an expensive project early and then afford less; equal-shares.spec.ts has a case
// costing 17, 23, 17 for raises of 4, 5, 6 with a budget of 17), so bisection could land on a
// different raise than the step-by-step definition. Instead each run is made cheap (below) and
// the number of runs is capped by MAX_EQUAL_SHARES_RUNS; an outcome stopped by the cap says so
// (`completion.capped`). A cap is reached only when the budget per voter is huge (a handful of
// voters for a large budget).
//
// Speed: voters with identical approval sets form one weighted group (prepareElection), and
// voters are tracked in money classes: all voters whose ballots intersect the projects bought so
// far in the same way hold the same money, so ρ is computed over classes (tens to hundreds), not
// voters; buying a project touches only its supporters' groups.
//
// Floating point: money is a double. Affordability, ties of ρ and "paid everything" are decided
// with a relative tolerance of RELATIVE_TOLERANCE (one part in a billion — under a cent for any
// cost below ten million euros, and about ten times the worst rounding error of summing a million
// shares). The outcome's cost is a sum of whole-euro costs and is compared with the budget exactly.
import {
  fundGreedily,
  outcomeOf,
  prepareElection,
  type Election,
  type ExplanationStatus,
  type PreparedElection,
  type ResultOptions,
  type ResultOutcome,
} from './election';

export const RELATIVE_TOLERANCE = 1e-9;

/** The most equal-shares runs one completion makes (the unraised run included). */
export const MAX_EQUAL_SHARES_RUNS = 20_000;

const DEAD = -1;

interface EqualSharesRun {
  /** Project indices in the order bought. */
  funded: number[];
  /** Whole euros. */
  cost: number;
  /** The equal payment of each bought project, in order. */
  payments: number[];
  /** Per project, what its supporters still held when nothing more was affordable. */
  supportersMoney: Float64Array;
}

function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

const cents = (euros: number) => Math.round(euros * 100) / 100;

/** One election's equal-shares computation, reusable for every share of the completion. */
export class EqualSharesComputation {
  private readonly projectCount: number;
  // The groups as flat arrays (group g approves groupProjects[groupStart[g] .. groupStart[g + 1]])
  // and, per project, the groups that approve it: plain typed-array loops in the hot path.
  private readonly groupStart: Int32Array;
  private readonly groupProjects: Int32Array;
  private readonly groupWeight: Int32Array;
  private readonly supporterStart: Int32Array;
  private readonly supporterGroups: Int32Array;
  private readonly supporters: number;
  // Scratch state of a run, allocated once: classes are at most one per group, plus class 0.
  private readonly classOfGroup: Int32Array;
  private readonly classMoney: Float64Array;
  private readonly classSize: Float64Array;
  private readonly counts: Int32Array;
  private readonly childOf: Int32Array;
  private readonly childStamp: Int32Array;
  private readonly alive: Int32Array;
  private classCount = 0;

  constructor(private readonly prepared: PreparedElection) {
    const P = (this.projectCount = prepared.ids.length);
    const { groupStart, groupProjects, groupWeight } = prepared;
    const G = groupWeight.length;
    this.groupStart = groupStart;
    this.groupProjects = groupProjects;
    this.groupWeight = groupWeight;
    // Counting sort of (project, group) pairs by project: supporterGroups[supporterStart[p] ..
    // supporterStart[p + 1]] are the groups approving p, ascending.
    const perProject = new Int32Array(P + 1);
    for (let j = 0; j < groupProjects.length; j++) perProject[groupProjects[j] + 1]++;
    for (let p = 0; p < P; p++) perProject[p + 1] += perProject[p];
    this.supporterStart = perProject;
    this.supporterGroups = new Int32Array(groupProjects.length);
    const fill = perProject.slice(0, P);
    for (let g = 0; g < G; g++) for (let j = groupStart[g]; j < groupStart[g + 1]; j++) this.supporterGroups[fill[groupProjects[j]]++] = g;
    this.supporters = groupWeight.reduce((sum, weight) => sum + weight, 0);

    this.classOfGroup = new Int32Array(G);
    this.classMoney = new Float64Array(G + 1);
    this.classSize = new Float64Array(G + 1);
    this.counts = new Int32Array((G + 1) * P);
    this.childOf = new Int32Array(G + 1);
    this.childStamp = new Int32Array(G + 1);
    this.alive = new Int32Array(G + 1);
  }

  /** Equal shares with every voter starting from `share` euros. */
  run(share: number): EqualSharesRun {
    const { prepared, projectCount: P, counts, classMoney, classSize, alive } = this;
    const { costs, byVotes } = prepared;
    this.classOfGroup.fill(0);
    this.childStamp.fill(0);
    this.classCount = 1;
    classMoney[0] = share;
    classSize[0] = this.supporters;
    for (let p = 0; p < P; p++) counts[p] = prepared.votes[p];

    const open = new Uint8Array(P);
    for (let p = 0; p < P; p++) open[p] = prepared.excluded.has(p) ? 0 : 1;
    const funded: number[] = [];
    const payments: number[] = [];
    let cost = 0;

    for (;;) {
      // Classes that still hold money, poorest first (ties by class number: a fixed order keeps
      // the floating-point sums the same from run to run).
      let aliveCount = 0;
      for (let c = 0; c < this.classCount; c++) if (classMoney[c] > 0 && classSize[c] > 0) alive[aliveCount++] = c;
      const order = alive.subarray(0, aliveCount);
      if (aliveCount > 1) order.sort((a, b) => classMoney[a] - classMoney[b] || a - b);

      let best = -1;
      let bestRho = Infinity;
      let bestPayment = 0;
      // In tie-break order, so the first of several equal ρ is the one the tie-break prefers.
      for (const p of byVotes) {
        if (!open[p]) continue;
        const projectCost = costs[p];
        let money = 0;
        let holders = 0;
        for (let i = 0; i < aliveCount; i++) {
          const c = order[i];
          const n = counts[c * P + p];
          if (n > 0) {
            money += classMoney[c] * n;
            holders += n;
          }
        }
        if (holders === 0) continue;
        let payment: number;
        if (projectCost === 0) payment = 0;
        else {
          if (money < projectCost * (1 - RELATIVE_TOLERANCE)) continue;
          // Poorest first: a class that cannot pay the equal share of what is left pays all it has.
          let rest = projectCost;
          let payers = holders;
          payment = NaN;
          let richest = 0;
          for (let i = 0; i < aliveCount; i++) {
            const c = order[i];
            const n = counts[c * P + p];
            if (n === 0) continue;
            richest = classMoney[c];
            if (classMoney[c] * payers >= rest) {
              payment = rest / payers;
              break;
            }
            rest -= classMoney[c] * n;
            payers -= n;
          }
          // Affordable only within the tolerance: everyone pays all they have.
          if (Number.isNaN(payment)) payment = richest;
        }
        const rho = projectCost === 0 ? 0 : payment / projectCost;
        if (best === -1 || (rho < bestRho && !nearlyEqual(rho, bestRho))) {
          best = p;
          bestRho = rho;
          bestPayment = payment;
        }
      }
      if (best === -1) break;

      funded.push(best);
      payments.push(bestPayment);
      cost += costs[best];
      open[best] = 0;
      for (const q of prepared.conflicts[best]) open[q] = 0;
      this.pay(best, bestPayment, funded.length, order);
    }

    const supportersMoney = new Float64Array(P);
    for (let c = 0; c < this.classCount; c++) {
      if (!(classMoney[c] > 0)) continue;
      for (let p = 0; p < P; p++) supportersMoney[p] += classMoney[c] * counts[c * P + p];
    }
    return { funded, cost, payments, supportersMoney };
  }

  /**
   * The supporters of `project` pay min(money, payment) each. A class whose voters all support it
   * just gets poorer; otherwise its supporters move to a new class (or out, when they paid all).
   */
  private pay(project: number, payment: number, stamp: number, alive: Int32Array): void {
    const { projectCount: P, counts, classMoney, classSize, childOf, childStamp, classOfGroup } = this;
    for (let i = 0; i < alive.length; i++) {
      const c = alive[i];
      const n = counts[c * P + project];
      if (n === 0) continue;
      let left = classMoney[c] - Math.min(classMoney[c], payment);
      if (left <= RELATIVE_TOLERANCE * Math.max(payment, classMoney[c])) left = 0;
      if (n === classSize[c]) {
        classMoney[c] = left;
        continue;
      }
      childStamp[c] = stamp;
      if (left === 0) childOf[c] = DEAD;
      else {
        const child = this.classCount++;
        childOf[c] = child;
        classMoney[child] = left;
        classSize[child] = n;
        counts.fill(0, child * P, child * P + P);
      }
      classSize[c] -= n;
    }
    const { groupStart, groupProjects, groupWeight, supporterGroups } = this;
    for (let k = this.supporterStart[project], end = this.supporterStart[project + 1]; k < end; k++) {
      const g = supporterGroups[k];
      const from = classOfGroup[g];
      if (from === DEAD || childStamp[from] !== stamp) continue; // spent, or the whole class moved
      const to = childOf[from];
      classOfGroup[g] = to;
      const weight = groupWeight[g];
      const fromRow = from * P;
      const first = groupStart[g];
      const last = groupStart[g + 1];
      if (to === DEAD) {
        for (let j = first; j < last; j++) counts[fromRow + groupProjects[j]] -= weight;
      } else {
        const toRow = to * P;
        for (let j = first; j < last; j++) {
          const q = groupProjects[j];
          counts[fromRow + q] -= weight;
          counts[toRow + q] += weight;
        }
      }
    }
  }
}

/** Open projects that could still be added: not bought, not excluded, not in conflict with a winner. */
function isExhaustive(prepared: PreparedElection, run: EqualSharesRun): boolean {
  const won = new Uint8Array(prepared.ids.length);
  for (const p of run.funded) won[p] = 1;
  const left = prepared.budget - run.cost;
  for (let p = 0; p < prepared.ids.length; p++) {
    if (won[p] || prepared.excluded.has(p) || prepared.costs[p] > left) continue;
    if (prepared.conflicts[p].some((q) => won[q])) continue;
    return false;
  }
  return true;
}

export interface EqualSharesOptions extends ResultOptions {
  /** Override MAX_EQUAL_SHARES_RUNS (tests). */
  maxRuns?: number;
}

export function equalSharesResult(election: Election, options: EqualSharesOptions = {}): ResultOutcome {
  const prepared = prepareElection(election, options);
  const maxRuns = options.maxRuns ?? MAX_EQUAL_SHARES_RUNS;
  const explanations = new Map<number, ExplanationStatus>();
  if (prepared.voterCount === 0) return outcomeOf(prepared, 'mes', [], explanations, { shareIncrease: 0, runs: 0, capped: false });

  const computation = new EqualSharesComputation(prepared);
  const base = prepared.budget / prepared.voterCount;
  let kept = computation.run(base);
  let increase = 0;
  let runs = 1;
  let capped = false;
  while (!isExhaustive(prepared, kept)) {
    if (runs >= maxRuns) {
      capped = true;
      break;
    }
    // base + k rather than adding 1 k times, so no rounding drift accumulates.
    const next = computation.run(base + increase + 1);
    runs++;
    if (next.cost > prepared.budget) break;
    kept = next;
    increase++;
  }

  kept.funded.forEach((p, i) => explanations.set(p, { status: 'funded', step: i + 1, by: 'equal_shares', maxPayment: cents(kept.payments[i]) }));
  const { funded } = fundGreedily(prepared, { funded: kept.funded, explanations }, 'completion', (p, remaining) => ({
    status: 'not_reached',
    supportersMoney: cents(kept.supportersMoney[p]),
    remaining,
  }));
  // Projects an equal-shares purchase ruled out are explained by fundGreedily's conflict check.
  return outcomeOf(prepared, 'mes', funded, explanations, { shareIncrease: increase, runs, capped });
}
