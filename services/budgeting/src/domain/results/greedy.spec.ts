import { TIE_BREAK_RULE, TIE_BREAK_RULE_TEXT } from './election';
import { greedyResult } from './greedy';

const repeat = <T>(times: number, ballot: T): T[] => Array.from({ length: times }, () => ballot);

describe('greedyResult', () => {
  it('funds by votes, breaks a vote tie by the lower cost, skips what does not fit, never funds a plan without votes', () => {
    // Votes: a 3, b 3, c 2, d 1, z 0 (the blank ballot approves nothing).
    // a and b tie on 3 votes; b is cheaper (50 < 60) so it goes first: 100 − 50 = 50 left.
    // a (60) > 50: did not fit with 50 left. c (40) fits: 50 − 40 = 10 left. d (30) > 10.
    const outcome = greedyResult({
      budget: 100,
      projects: [
        { id: 'a', cost: 60 },
        { id: 'b', cost: 50 },
        { id: 'c', cost: 40 },
        { id: 'd', cost: 30 },
        { id: 'z', cost: 10 },
      ],
      ballots: [['a', 'b', 'c'], ['a', 'b'], ['a', 'b', 'c'], ['d'], []],
    });
    expect(outcome.winners).toEqual(['b', 'c']);
    expect(outcome.cost).toBe(90);
    expect(outcome.rule).toBe('greedy');
    expect(outcome.explanations).toEqual({
      a: { votes: 3, cost: 60, status: 'did_not_fit', remaining: 50 },
      b: { votes: 3, cost: 50, status: 'funded', step: 1, by: 'votes' },
      c: { votes: 2, cost: 40, status: 'funded', step: 2, by: 'votes' },
      d: { votes: 1, cost: 30, status: 'did_not_fit', remaining: 10 },
      z: { votes: 0, cost: 10, status: 'no_votes' },
    });
  });

  it('breaks a tie of votes and cost by id in character-code order', () => {
    // 'x10' < 'x9' because '1' (U+0031) < '9' (U+0039); only one of the two fits in 10.
    const outcome = greedyResult({ budget: 10, projects: [{ id: 'x9', cost: 10 }, { id: 'x10', cost: 10 }], ballots: [['x9', 'x10']] });
    expect(outcome.winners).toEqual(['x10']);
    expect(outcome.explanations.x9).toEqual({ votes: 1, cost: 10, status: 'did_not_fit', remaining: 0 });
    expect(TIE_BREAK_RULE).toMatch(/more votes.*cheaper.*id/);
    expect(TIE_BREAK_RULE_TEXT.fi).toMatch(/enemmän ääniä.*halvempi.*tunnus/);
    expect(TIE_BREAK_RULE_TEXT.sv).toMatch(/flest röster.*billigare.*id/);
  });

  it('skips a plan incompatible with one already funded and tries the next', () => {
    // p1 (3 votes, 50) funded, 50 left; p2 (2 votes) conflicts with p1; p3 (1 vote, 30) fits, 20 left.
    const outcome = greedyResult(
      {
        budget: 100,
        projects: [
          { id: 'p1', cost: 50 },
          { id: 'p2', cost: 40 },
          { id: 'p3', cost: 30 },
        ],
        ballots: [['p1', 'p2'], ['p1', 'p2'], ['p1', 'p3']],
      },
      { incompatibleGroups: [['p1', 'p2']] },
    );
    expect(outcome.winners).toEqual(['p1', 'p3']);
    expect(outcome.cost).toBe(80);
    expect(outcome.explanations.p2).toEqual({ votes: 2, cost: 40, status: 'incompatible', with: 'p1' });
  });

  it('never funds a plan under the floor even when it fits', () => {
    // minimumVotes 2: p3 has 1 vote; p1 (3) and p2 (2) are funded: 50 + 40 = 90, 10 left.
    const outcome = greedyResult(
      { budget: 1000, projects: [{ id: 'p1', cost: 50 }, { id: 'p2', cost: 40 }, { id: 'p3', cost: 30 }], ballots: [['p1', 'p2'], ['p1', 'p2'], ['p1', 'p3']] },
      { minimumVotes: 2 },
    );
    expect(outcome.winners).toEqual(['p1', 'p2']);
    expect(outcome.explanations.p3).toEqual({ votes: 1, cost: 30, status: 'below_floor', minimumVotes: 2 });
  });

  it('lets the majority take everything (what equal shares corrects, see equal-shares.spec.ts)', () => {
    // 6 voters approve r1..r3, 4 approve b1..b3, each 25, budget 75: the three red plans have the most votes.
    const outcome = greedyResult({
      budget: 75,
      projects: ['r1', 'r2', 'r3', 'b1', 'b2', 'b3'].map((id) => ({ id, cost: 25 })),
      ballots: [...repeat(6, ['r1', 'r2', 'r3']), ...repeat(4, ['b1', 'b2', 'b3'])],
    });
    expect(outcome.winners).toEqual(['r1', 'r2', 'r3']);
  });

  it('with no ballots funds nothing', () => {
    const outcome = greedyResult({ budget: 100, projects: [{ id: 'a', cost: 1 }], ballots: [] });
    expect(outcome).toMatchObject({ winners: [], cost: 0, explanations: { a: { status: 'no_votes', votes: 0 } } });
  });
});
