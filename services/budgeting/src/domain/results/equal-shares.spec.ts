import fc from 'fast-check';
import { prepareElection, type Election, type ResultOptions } from './election';
import { EqualSharesComputation, equalSharesResult, RELATIVE_TOLERANCE } from './equal-shares';
import { greedyResult } from './greedy';

const repeat = <T>(times: number, ballot: T): T[] => Array.from({ length: times }, () => ballot);

// 6 red voters, 4 blue voters, six plans of 25, budget 75.
const classic: Election = {
  budget: 75,
  projects: ['r1', 'r2', 'r3', 'b1', 'b2', 'b3'].map((id) => ({ id, cost: 25 })),
  ballots: [...repeat(6, ['r1', 'r2', 'r3']), ...repeat(4, ['b1', 'b2', 'b3'])],
};

describe('equalSharesResult', () => {
  it('gives the minority its share where greedy gives the majority everything', () => {
    // Share 75 / 10 = 7.50. Red plans: ρ = (25/6)/25 = 1/6; blue: (25/4)/25 = 1/4.
    //   r1 (tie with r2, r3 on ρ, votes and cost; id first): reds pay 4.1667, keep 3.3333 (20 in all).
    //   r2: 20 < 25, unaffordable. b1: blues pay 6.25, keep 1.25 (5 in all). Nothing else: cost 50.
    // Not exhaustive (25 left, r2 costs 25): raise to 8.50.
    //   r1, then r2 (reds keep 8.50 − 2 × 4.1667 = 0.1667), then b1 (blues keep 2.25): cost 75 ≤ 75.
    //   Exhaustive (0 left): kept with a raise of 1 euro after 2 runs.
    const outcome = equalSharesResult(classic);
    expect(outcome.winners).toEqual(['r1', 'r2', 'b1']);
    expect(outcome.cost).toBe(75);
    expect(outcome.completion).toEqual({ shareIncrease: 1, runs: 2, capped: false });
    expect(outcome.explanations.r1).toEqual({ votes: 6, cost: 25, status: 'funded', step: 1, by: 'equal_shares', maxPayment: 4.17 });
    expect(outcome.explanations.b1).toEqual({ votes: 4, cost: 25, status: 'funded', step: 3, by: 'equal_shares', maxPayment: 6.25 });
    // r3: reds hold 6 × 0.1667 = 1.00; b2: blues hold 4 × 2.25 = 9.00; nothing left of the budget.
    expect(outcome.explanations.r3).toEqual({ votes: 6, cost: 25, status: 'not_reached', supportersMoney: 1, remaining: 0 });
    expect(outcome.explanations.b2).toEqual({ votes: 4, cost: 25, status: 'not_reached', supportersMoney: 9, remaining: 0 });
    expect(greedyResult(classic).winners).toEqual(['r1', 'r2', 'r3']);
  });

  it('breaks a tie of ρ and votes by the lower cost', () => {
    // Two voters approve both; share 5. p: each pays 5, ρ = 5/10 = 0.5; q: each pays 4, ρ = 4/8 = 0.5.
    // Equal ρ, equal votes: q is cheaper. Then each holds 1: p (10) unaffordable, and 10 > 2 left: exhaustive.
    const outcome = equalSharesResult({ budget: 10, projects: [{ id: 'p', cost: 10 }, { id: 'q', cost: 8 }], ballots: [['p', 'q'], ['p', 'q']] });
    expect(outcome.winners).toEqual(['q']);
    expect(outcome.explanations.p).toEqual({ votes: 2, cost: 10, status: 'not_reached', supportersMoney: 2, remaining: 2 });
    expect(outcome.completion).toEqual({ shareIncrease: 0, runs: 1, capped: false });
  });

  it('counts a blank ballot as a voter whose share is never spent', () => {
    // One voter for a (60), one blank: share 50 < 60, unaffordable. Not exhaustive (a fits 100), so the
    // share rises a euro at a time; at 60 (a raise of 10, the 11th run) a is bought: 60 ≤ 100, exhaustive.
    const withBlank = equalSharesResult({ budget: 100, projects: [{ id: 'a', cost: 60 }], ballots: [['a'], []] });
    expect(withBlank.winners).toEqual(['a']);
    expect(withBlank.completion).toEqual({ shareIncrease: 10, runs: 11, capped: false });
    // Alone, the voter holds 100 and buys a at once.
    expect(equalSharesResult({ budget: 100, projects: [{ id: 'a', cost: 60 }], ballots: [['a']] }).completion).toEqual({ shareIncrease: 0, runs: 1, capped: false });
  });

  it('completes greedily when one more euro would overspend, leaving an unaffordable plan out', () => {
    // Budget 100, four voters: V1, V2 → a (40); V3 → b (35); V4 → c (35).
    // Share 25 to 34: a only (each of V1, V2 pays 20); b and c need 35 from one voter. Cost 40, not exhaustive.
    // Share 35 (raise 10): a, b, c all bought = 110 > 100, so the raise of 9 is kept (runs: 0..10 = 11).
    // Greedy fill by votes: a is in; b and c tie on votes (1) and cost (35), b by id: 40 + 35 = 75, 25 left;
    // c (35) > 25: not reached, V4 holding its share of 34.
    const outcome = equalSharesResult({
      budget: 100,
      projects: [
        { id: 'a', cost: 40 },
        { id: 'b', cost: 35 },
        { id: 'c', cost: 35 },
      ],
      ballots: [['a'], ['a'], ['b'], ['c']],
    });
    expect(outcome.winners).toEqual(['a', 'b']);
    expect(outcome.cost).toBe(75);
    expect(outcome.completion).toEqual({ shareIncrease: 9, runs: 11, capped: false });
    expect(outcome.explanations).toEqual({
      a: { votes: 2, cost: 40, status: 'funded', step: 1, by: 'equal_shares', maxPayment: 20 },
      b: { votes: 1, cost: 35, status: 'funded', step: 2, by: 'completion' },
      c: { votes: 1, cost: 35, status: 'not_reached', supportersMoney: 34, remaining: 25 },
    });
  });

  it('respects incompatible groups while buying', () => {
    // As the classic case, with r1 and b1 incompatible. Share 7.50: r1 (ρ 1/6) closes b1; b2 (ρ 1/4)
    // next; cost 50. Raise to 8.50: r1, r2, b2 = 75, exhaustive.
    const outcome = equalSharesResult(classic, { incompatibleGroups: [['r1', 'b1']] });
    expect(outcome.winners).toEqual(['r1', 'r2', 'b2']);
    expect(outcome.explanations.b1).toEqual({ votes: 4, cost: 25, status: 'incompatible', with: 'r1' });
  });

  it('respects the floor, buying exactly at the edge of affordability', () => {
    // minimumVotes 5 leaves only the red plans (6 votes each). Three of them need 3 × 25/6 = 12.50 per
    // red voter: share 7.50 buys r1 (cost 25), 8.50 to 11.50 buy r1 and r2 (50, not exhaustive: r3 fits),
    // and 12.50 (raise 5, 6th run) buys all three for exactly 75 — affordable within the tolerance.
    const outcome = equalSharesResult(classic, { minimumVotes: 5 });
    expect(outcome.winners).toEqual(['r1', 'r2', 'r3']);
    expect(outcome.completion).toEqual({ shareIncrease: 5, runs: 6, capped: false });
    expect(outcome.explanations.b1).toEqual({ votes: 4, cost: 25, status: 'below_floor', minimumVotes: 5 });
  });

  it('stops raising at the cap and says so, then completes greedily', () => {
    // The blank-ballot case needs 11 runs; with a cap of 3 it stops at share 52 with nothing bought,
    // and the greedy fill buys a (60 ≤ 100) instead.
    const outcome = equalSharesResult({ budget: 100, projects: [{ id: 'a', cost: 60 }], ballots: [['a'], []] }, { maxRuns: 3 });
    expect(outcome.completion).toEqual({ shareIncrease: 2, runs: 3, capped: true });
    expect(outcome.explanations.a).toMatchObject({ status: 'funded', by: 'completion' });
  });

  it('raises a euro at a time because more money can cost less (why there is no bisection)', () => {
    // Budget 17, five voters (share 3.40): V1 {p1}, V2 blank, V3 {p0, p1, p2}, V4 {p3}, V5 {p0, p3};
    // p0 9, p1 8, p2 20, p3 15. Every plan has 2 votes except p2 (1).
    // Share 7.40 (raise 4): p0 (4.50 each, ρ ½), p1 (4 each, ρ ½), p3 (14.80 < 15, no) → p1 (cheaper);
    //   V1, V3 keep 3.40. p0: V3 pays 3.40, V5 5.60, ρ = 5.60/9 = 0.62 → p0. 8 + 9 = 17 ≤ 17, exhaustive.
    // Share 8.40 (raise 5): p1 again; then p3 (7.50 each, ρ ½) beats p0 (V3 has 4.40 < 4.50, so V5 pays
    //   4.60, ρ 0.51): 8 + 15 = 23 > 17.
    // Share 9.40 (raise 6): p1; then p0 and p3 tie at ρ ½ with 2 votes, p0 is cheaper; then p3's
    //   supporters hold 9.40 + 4.90 = 14.30 < 15: 8 + 9 = 17 ≤ 17 again.
    const election: Election = {
      budget: 17,
      projects: [
        { id: 'p0', cost: 9 },
        { id: 'p1', cost: 8 },
        { id: 'p2', cost: 20 },
        { id: 'p3', cost: 15 },
      ],
      ballots: [['p1'], [], ['p0', 'p1', 'p2'], ['p3'], ['p0', 'p3']],
    };
    const computation = new EqualSharesComputation(prepareElection(election));
    expect([4, 5, 6].map((raise) => computation.run(17 / 5 + raise).cost)).toEqual([17, 23, 17]);
    const outcome = equalSharesResult(election);
    expect(outcome.winners).toEqual(['p1', 'p0']);
    expect(outcome.completion).toEqual({ shareIncrease: 4, runs: 5, capped: false });
  });

  it('never funds a plan without votes and funds nothing without ballots', () => {
    const outcome = equalSharesResult({ budget: 100, projects: [{ id: 'a', cost: 10 }, { id: 'z', cost: 1 }], ballots: [['a']] });
    expect(outcome.winners).toEqual(['a']);
    expect(outcome.explanations.z).toEqual({ votes: 0, cost: 1, status: 'no_votes' });
    expect(equalSharesResult({ budget: 100, projects: [{ id: 'a', cost: 10 }], ballots: [] }).winners).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// A deliberately naive reference: one money value per voter, supporters sorted every time, the
// completion a euro at a time with the same exhaustive stop. The fast implementation's money
// classes must give exactly the same winners.
function naiveEqualShares(election: Election, options: ResultOptions = {}): string[] {
  const ids = election.projects.map((p) => p.id);
  const cost = new Map(election.projects.map((p) => [p.id, p.cost]));
  const ballots = election.ballots.map((b) => new Set(b));
  const votes = new Map(ids.map((id) => [id, ballots.filter((b) => b.has(id)).length]));
  const floor = options.minimumVotes ?? 0;
  const eligible = (id: string) => votes.get(id)! > 0 && votes.get(id)! >= floor;
  const rivals = (id: string) => (options.incompatibleGroups ?? []).filter((g) => g.includes(id)).flat().filter((x) => x !== id);
  const order = [...ids].sort((a, b) => votes.get(b)! - votes.get(a)! || cost.get(a)! - cost.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
  const near = (a: number, b: number) => Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
  const n = ballots.length;
  if (n === 0) return [];

  const run = (share: number): string[] => {
    const money = ballots.map(() => share);
    const closed = new Set<string>();
    const bought: string[] = [];
    for (;;) {
      let best: { id: string; rho: number; pay: number } | undefined;
      for (const id of order) {
        if (!eligible(id) || closed.has(id) || bought.includes(id)) continue;
        const holders = ballots.map((b, i) => i).filter((i) => ballots[i].has(id) && money[i] > 0);
        if (holders.length === 0) continue;
        const c = cost.get(id)!;
        let pay: number;
        if (c === 0) pay = 0;
        else {
          const sorted = holders.map((i) => money[i]).sort((x, y) => x - y);
          if (sorted.reduce((s, m) => s + m, 0) < c * (1 - RELATIVE_TOLERANCE)) continue;
          let rest = c;
          let k = sorted.length;
          pay = NaN;
          for (const m of sorted) {
            if (m * k >= rest) {
              pay = rest / k;
              break;
            }
            rest -= m;
            k--;
          }
          if (Number.isNaN(pay)) pay = sorted[sorted.length - 1];
        }
        const rho = c === 0 ? 0 : pay / c;
        if (!best || (rho < best.rho && !near(rho, best.rho))) best = { id, rho, pay };
      }
      if (!best) return bought;
      bought.push(best.id);
      for (const r of rivals(best.id)) closed.add(r);
      ballots.forEach((b, i) => {
        if (!b.has(best!.id) || money[i] <= 0) return;
        let left = money[i] - Math.min(money[i], best!.pay);
        if (left <= RELATIVE_TOLERANCE * Math.max(best!.pay, money[i])) left = 0;
        money[i] = left;
      });
    }
  };
  const total = (set: string[]) => set.reduce((s, id) => s + cost.get(id)!, 0);
  const open = (set: string[]) => ids.filter((id) => eligible(id) && !set.includes(id) && !set.some((w) => rivals(id).includes(w)));
  const exhaustive = (set: string[]) => open(set).every((id) => cost.get(id)! > election.budget - total(set));

  let kept = run(election.budget / n);
  for (let k = 1; !exhaustive(kept); k++) {
    const next = run(election.budget / n + k);
    if (total(next) > election.budget) break;
    kept = next;
  }
  const winners = [...kept];
  for (const id of order) {
    if (winners.includes(id) || !eligible(id) || winners.some((w) => rivals(id).includes(w))) continue;
    if (cost.get(id)! <= election.budget - total(winners)) winners.push(id);
  }
  return winners;
}

const smallElection = fc
  .record({
    projectCount: fc.integer({ min: 1, max: 6 }),
    costs: fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 6, maxLength: 6 }),
    budget: fc.integer({ min: 0, max: 150 }),
    ballots: fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 }), { maxLength: 14 }),
    minimumVotes: fc.integer({ min: 0, max: 3 }),
    pair: fc.option(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }))),
  })
  .map(({ projectCount, costs, budget, ballots, minimumVotes, pair }) => {
    const ids = Array.from({ length: projectCount }, (_, i) => `p${i}`);
    const election: Election = {
      budget,
      projects: ids.map((id, i) => ({ id, cost: costs[i] })),
      ballots: ballots.map((b) => [...new Set(b.filter((i) => i < projectCount).map((i) => ids[i]))]),
    };
    const groups = pair && pair[0] < projectCount && pair[1] < projectCount && pair[0] !== pair[1] ? [[ids[pair[0]], ids[pair[1]]]] : [];
    return { election, options: { minimumVotes, incompatibleGroups: groups } as ResultOptions };
  });

describe('equal shares against a naive per-voter implementation', () => {
  it('gives the same winners in the same order on small elections', () => {
    fc.assert(
      fc.property(smallElection, ({ election, options }) => {
        expect(equalSharesResult(election, options).winners).toEqual(naiveEqualShares(election, options));
      }),
      { numRuns: 400, seed: 20261202 },
    );
  });
});
