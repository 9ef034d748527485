// Greedy by votes, the rule most cities use: plans by number of votes, most first; a plan is
// funded if it still fits in what is left of the budget, otherwise it is skipped and the next one
// tried. Plans with no votes, under the floor, or incompatible with a plan already funded are
// never funded.
//
// Tie-break (TIE_BREAK_RULE, shown on the results page): more votes first, then the lower cost,
// then the id in plain character-code order.
import { fundGreedily, outcomeOf, prepareElection, type Election, type ExplanationStatus, type ResultOptions, type ResultOutcome } from './election';

export function greedyResult(election: Election, options: ResultOptions = {}): ResultOutcome {
  const prepared = prepareElection(election, options);
  const explanations = new Map<number, ExplanationStatus>();
  const { funded } = fundGreedily(prepared, { funded: [], explanations }, 'votes', (_, remaining) => ({ status: 'did_not_fit', remaining }));
  return outcomeOf(prepared, 'greedy', funded, explanations);
}
