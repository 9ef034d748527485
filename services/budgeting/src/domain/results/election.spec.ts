import fc from 'fast-check';
import { InvalidElection, prepareElection, type Election, type ResultOptions, type ResultOutcome } from './election';
import { equalSharesResult } from './equal-shares';
import { greedyResult } from './greedy';

describe('prepareElection', () => {
  const projects = [
    { id: 'a', cost: 10 },
    { id: 'b', cost: 20 },
  ];

  it('counts each approval once and groups identical approval sets whatever their order', () => {
    const prepared = prepareElection({ budget: 30, projects, ballots: [['a', 'b'], ['b', 'a', 'a'], ['b'], []] });
    expect(prepared.votes).toEqual([2, 3]);
    expect(prepared.voterCount).toBe(4);
    // Sets in ascending key order (Σ 2^p): {b} = 2 before {a, b} = 3.
    const sets = [...prepared.groupWeight].map((weight, g) => [[...prepared.groupProjects.subarray(prepared.groupStart[g], prepared.groupStart[g + 1])], weight]);
    expect(sets).toEqual([
      [[1], 1],
      [[0, 1], 2],
    ]);
  });

  it('groups the same way beyond 53 projects, where sets are keyed by text', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ id: `p${i}`, cost: 1 }));
    const prepared = prepareElection({ budget: 1, projects: many, ballots: [['p59', 'p0'], ['p0', 'p59'], ['p7'], []] });
    const sets = [...prepared.groupWeight].map((weight, g) => [[...prepared.groupProjects.subarray(prepared.groupStart[g], prepared.groupStart[g + 1])], weight]);
    // Keys '0,59' < '7' as text.
    expect(sets).toEqual([
      [[0, 59], 2],
      [[7], 1],
    ]);
    expect(prepared.votes[0]).toBe(2);
    expect(prepared.votes[59]).toBe(2);
  });

  it.each<[string, Election, ResultOptions, string]>([
    ['an unknown project in a ballot', { budget: 30, projects, ballots: [['a'], ['c']] }, {}, 'ballots[1]'],
    ['a project twice', { budget: 30, projects: [...projects, { id: 'a', cost: 5 }], ballots: [] }, {}, 'projects[2].id'],
    ['a fractional cost', { budget: 30, projects: [{ id: 'a', cost: 1.5 }], ballots: [] }, {}, 'projects[0].cost'],
    ['a negative budget', { budget: -1, projects, ballots: [] }, {}, 'budget'],
    ['an unknown project in an incompatible group', { budget: 30, projects, ballots: [] }, { incompatibleGroups: [['a', 'x']] }, 'incompatibleGroups[0]'],
    ['a negative floor', { budget: 30, projects, ballots: [] }, { minimumVotes: -2 }, 'minimumVotes'],
  ])('refuses %s naming the field', (_, election, options, field) => {
    expect(() => prepareElection(election, options)).toThrow(InvalidElection);
    try {
      prepareElection(election, options);
    } catch (error) {
      expect((error as InvalidElection).field).toBe(field);
    }
  });
});

// Properties both rules must have on any election.
const anyElection = fc
  .record({
    costs: fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 8 }),
    budget: fc.integer({ min: 0, max: 1500 }),
    ballots: fc.array(fc.array(fc.nat({ max: 7 }), { maxLength: 5 }), { maxLength: 30 }),
    minimumVotes: fc.nat({ max: 4 }),
    groups: fc.array(fc.array(fc.nat({ max: 7 }), { minLength: 2, maxLength: 3 }), { maxLength: 2 }),
  })
  .map(({ costs, budget, ballots, minimumVotes, groups }) => {
    const ids = costs.map((_, i) => `plan-${i}`);
    const pick = (list: number[]) => [...new Set(list.filter((i) => i < ids.length).map((i) => ids[i]))];
    const election: Election = { budget, projects: ids.map((id, i) => ({ id, cost: costs[i] })), ballots: ballots.map(pick) };
    const options: ResultOptions = { minimumVotes, incompatibleGroups: groups.map(pick).filter((g) => g.length >= 2) };
    return { election, options };
  });

const rules: [string, (e: Election, o: ResultOptions) => ResultOutcome][] = [
  ['greedy', greedyResult],
  ['mes', equalSharesResult],
];

describe.each(rules)('%s on any election', (_, rule) => {
  it('stays within the budget, funds only plans with enough votes and one plan per incompatible group', () => {
    fc.assert(
      fc.property(anyElection, ({ election, options }) => {
        const outcome = rule(election, options);
        const costOf = new Map(election.projects.map((p) => [p.id, p.cost]));
        expect(outcome.cost).toBe(outcome.winners.reduce((sum, id) => sum + costOf.get(id)!, 0));
        expect(outcome.cost).toBeLessThanOrEqual(election.budget);
        expect(new Set(outcome.winners).size).toBe(outcome.winners.length);
        for (const id of outcome.winners) {
          const votes = election.ballots.filter((b) => b.includes(id)).length;
          expect(votes).toBeGreaterThan(0);
          expect(votes).toBeGreaterThanOrEqual(options.minimumVotes ?? 0);
          expect(outcome.explanations[id].status).toBe('funded');
        }
        for (const group of options.incompatibleGroups ?? []) expect(group.filter((id) => outcome.winners.includes(id)).length).toBeLessThanOrEqual(1);
        expect(Object.keys(outcome.explanations).sort()).toEqual(election.projects.map((p) => p.id).sort());
      }),
      { numRuns: 300, seed: 4242 },
    );
  });

  it('gives the same outcome whatever the order of the ballots', () => {
    fc.assert(
      fc.property(
        anyElection.chain(({ election, options }) =>
          fc.shuffledSubarray(election.ballots, { minLength: election.ballots.length }).map((shuffled) => ({ election, options, shuffled })),
        ),
        ({ election, options, shuffled }) => {
          expect(rule({ ...election, ballots: shuffled }, options)).toEqual(rule(election, options));
        },
      ),
      { numRuns: 200, seed: 777 },
    );
  });

  it('leaves nothing that would still fit unfunded (the outcome is exhaustive)', () => {
    fc.assert(
      fc.property(anyElection, ({ election, options }) => {
        const outcome = rule(election, options);
        for (const [id, explanation] of Object.entries(outcome.explanations)) {
          if (explanation.status === 'did_not_fit' || explanation.status === 'not_reached') {
            expect(explanation.cost).toBeGreaterThan(election.budget - outcome.cost);
            expect(outcome.winners).not.toContain(id);
          }
        }
      }),
      { numRuns: 200, seed: 99 },
    );
  });
});
