// The shape of one district's (or the city-wide) vote as the results rules see it, the outcome
// they answer with, and what greedy and equal shares share: validation, vote counts, the
// documented tie-break, the floor and incompatible groups.

export interface ElectionProject {
  id: string;
  /** Whole euros. */
  cost: number;
}

export interface Election {
  /** Whole euros. */
  budget: number;
  projects: ElectionProject[];
  /** Each voter's approved project ids; [] is a blank ballot (counted as a voter, approving nothing). */
  ballots: string[][];
}

export interface ResultOptions {
  /** A project with fewer votes than this is never funded. */
  minimumVotes?: number;
  /** At most one project of each group may win (e.g. two plans for the same park). */
  incompatibleGroups?: string[][];
}

export type ResultRule = 'greedy' | 'mes';

export type FundedBy =
  /** Greedy by votes. */
  | 'votes'
  /** Bought by the Method of Equal Shares (its supporters paid for it). */
  | 'equal_shares'
  /** Added by the greedy completion after equal shares. */
  | 'completion';

export type ExplanationStatus =
  | { status: 'funded'; step: number; by: FundedBy; /** Equal shares: the most any one supporter paid, in euros (cents rounded). */ maxPayment?: number }
  | { status: 'no_votes' }
  | { status: 'below_floor'; minimumVotes: number }
  /** Its cost was more than what was left of the budget when its turn came. */
  | { status: 'did_not_fit'; remaining: number }
  /** Another project of one of its incompatible groups had already won. */
  | { status: 'incompatible'; with: string }
  /**
   * Equal shares: its supporters' remaining money (euros, cents rounded) could not pay its cost,
   * and the completion found it did not fit in what was left (`remaining`).
   */
  | { status: 'not_reached'; supportersMoney: number; remaining: number };

export type Explanation = { votes: number; cost: number } & ExplanationStatus;

export interface ResultOutcome {
  rule: ResultRule;
  budget: number;
  /** In the order they were funded. */
  winners: string[];
  /** Sum of the winners' costs, whole euros, never more than the budget. */
  cost: number;
  explanations: Record<string, Explanation>;
  /** Equal shares only: how the completion went. */
  completion?: EqualSharesCompletion;
}

export interface EqualSharesCompletion {
  /** Euros added to every voter's initial share (budget / voters) in the outcome kept. */
  shareIncrease: number;
  /** Equal-shares runs made (the first, unraised one included). */
  runs: number;
  /** True when the step limit stopped the raising before the definition's own end. */
  capped: boolean;
}

/**
 * The tie-break, for the results page. Both rules use the same one, so a result can be
 * reproduced by hand from the published ballots: more votes first, then the lower cost, then the
 * id in plain character-code order; for equal shares, equal ρ means within RELATIVE_TOLERANCE.
 */
export const TIE_BREAK_RULE_TEXT: Record<'fi' | 'sv' | 'en', string> = {
  fi:
    'Jos kaksi suunnitelmaa on muuten tasoissa, ensin tulee se, jolla on enemmän ääniä; jos äänet ovat samat, halvempi; ' +
    'jos hinnatkin ovat samat, se, jonka tunnus on ensin merkkikoodien järjestyksessä (ei kielen aakkosjärjestyksessä). ' +
    'Tasaosuusmenetelmässä "muuten tasoissa" tarkoittaa samaa maksua kustannuseuroa kohden miljardisosan tarkkuudella.',
  sv:
    'Om två planer annars är lika går den med flest röster först; vid lika många röster den billigare; ' +
    'vid samma kostnad den vars id kommer först i teckenkodsordning (inte språkets alfabetiska ordning). ' +
    'I metoden med lika andelar betyder "annars lika" samma betalning per euro av kostnaden, med en miljarddels noggrannhet.',
  en:
    'When two plans are otherwise equal, the plan with more votes comes first; if the votes are equal, the cheaper plan; ' +
    'if the costs are equal too, the plan whose id comes first in plain character-code order (not alphabetical by language). ' +
    'For equal shares, "otherwise equal" means the same payment per euro of cost, to within one part in a billion.',
};

/** The tie-break in English (TIE_BREAK_RULE_TEXT has it in Finnish and Swedish too). */
export const TIE_BREAK_RULE = TIE_BREAK_RULE_TEXT.en;

/** A malformed election (unknown project in a ballot, a negative cost, ...). The service maps it to 4xx. */
export class InvalidElection extends Error {
  override readonly name = 'InvalidElection';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** Indices, counts and group memberships both rules need, computed once per election. */
export interface PreparedElection {
  budget: number;
  ids: string[];
  costs: number[];
  votes: number[];
  /** Voters, blank ballots included. */
  voterCount: number;
  /**
   * The distinct non-blank approval sets, in a canonical order independent of ballot order, as flat
   * arrays (one typed array each rather than one per set, which matters at 10⁵ ballots): set g
   * approves the project indices groupProjects[groupStart[g] .. groupStart[g + 1]] (ascending) and
   * holds groupWeight[g] voters.
   */
  groupStart: Int32Array;
  groupProjects: Int32Array;
  groupWeight: Int32Array;
  /** Project indices that conflict with each project (the other members of its incompatible groups). */
  conflicts: number[][];
  /** Projects that can never win whatever the rule: no votes or under the floor. */
  excluded: Map<number, ExplanationStatus>;
  /** All project indices sorted by the tie-break: votes desc, cost asc, id asc. */
  byVotes: number[];
  minimumVotes: number;
}

/** Plain code-unit order: the same in every locale and runtime. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isWholeEuros(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function prepareElection(election: Election, options: ResultOptions = {}): PreparedElection {
  if (!isWholeEuros(election.budget)) throw new InvalidElection('The budget must be a whole number of euros, 0 or more', 'budget');
  const index = new Map<string, number>();
  const ids: string[] = [];
  const costs: number[] = [];
  election.projects.forEach((project, i) => {
    if (typeof project.id !== 'string' || project.id === '') throw new InvalidElection(`Project ${i + 1} has no id`, `projects[${i}].id`);
    if (index.has(project.id)) throw new InvalidElection(`Project ${project.id} appears twice`, `projects[${i}].id`);
    if (!isWholeEuros(project.cost)) throw new InvalidElection(`Project ${project.id}: the cost must be a whole number of euros, 0 or more`, `projects[${i}].cost`);
    index.set(project.id, ids.length);
    ids.push(project.id);
    costs.push(project.cost);
  });

  const minimumVotes = options.minimumVotes ?? 0;
  if (!Number.isSafeInteger(minimumVotes) || minimumVotes < 0) throw new InvalidElection('minimumVotes must be a whole number, 0 or more', 'minimumVotes');

  // Identical approval sets become one weighted group: equal-shares voters with the same ballot
  // always hold the same money, so they are computed once. A ballot naming a project twice
  // approves it once. The groups come out in a canonical order (ascending key), so shuffling the
  // ballots cannot change the order of a floating-point sum.
  const votes = new Array<number>(ids.length).fill(0);
  const seenIn = new Int32Array(ids.length).fill(-1);
  const scratch: number[] = [];
  const ballots = election.ballots;
  const approvedBy = (b: number): number[] => {
    scratch.length = 0;
    for (const id of ballots[b]) {
      const p = index.get(id);
      if (p === undefined) throw new InvalidElection(`Ballot ${b + 1} approves ${JSON.stringify(id)}, which is not a project`, `ballots[${b}]`);
      if (seenIn[p] === b) continue;
      seenIn[p] = b;
      scratch.push(p);
      votes[p]++;
    }
    return scratch;
  };
  const starts: number[] = [];
  const members: number[] = [];
  const weights: number[] = [];
  const addGroup = (projects: Iterable<number>, weight: number) => {
    starts.push(members.length);
    for (const p of projects) members.push(p);
    weights.push(weight);
  };
  if (ids.length <= 53) {
    // A set's key is the exact number Σ 2^p; sorting a Float64Array of keys groups 10⁵ ballots in
    // milliseconds, without a string or a map entry per ballot.
    const keys = new Float64Array(ballots.length);
    for (let b = 0; b < ballots.length; b++) {
      let key = 0;
      for (const p of approvedBy(b)) key += 2 ** p;
      keys[b] = key;
    }
    keys.sort();
    const projects: number[] = [];
    for (let i = 0; i < keys.length; ) {
      let j = i;
      while (j < keys.length && keys[j] === keys[i]) j++;
      if (keys[i] !== 0) {
        projects.length = 0;
        for (let p = 0, rest = keys[i]; rest > 0; p++, rest = Math.floor(rest / 2)) if (rest % 2 === 1) projects.push(p);
        addGroup(projects, j - i);
      }
      i = j;
    }
  } else {
    const byKey = new Map<string, { projects: number[]; weight: number }>();
    for (let b = 0; b < ballots.length; b++) {
      const approved = approvedBy(b).sort((x, y) => x - y);
      if (approved.length === 0) continue;
      const key = approved.join(',');
      const group = byKey.get(key);
      if (group) group.weight++;
      else byKey.set(key, { projects: [...approved], weight: 1 });
    }
    for (const [, group] of [...byKey.entries()].sort(([a], [b]) => compareIds(a, b))) addGroup(group.projects, group.weight);
  }
  starts.push(members.length);

  const conflicts: Set<number>[] = ids.map(() => new Set<number>());
  (options.incompatibleGroups ?? []).forEach((group, g) => {
    const members = group.map((id) => {
      const p = index.get(id);
      if (p === undefined) throw new InvalidElection(`Incompatible group ${g + 1} names ${JSON.stringify(id)}, which is not a project`, `incompatibleGroups[${g}]`);
      return p;
    });
    for (const a of members) for (const b of members) if (a !== b) conflicts[a].add(b);
  });

  const excluded = new Map<number, ExplanationStatus>();
  votes.forEach((count, p) => {
    if (count === 0) excluded.set(p, { status: 'no_votes' });
    else if (count < minimumVotes) excluded.set(p, { status: 'below_floor', minimumVotes });
  });

  const byVotes = ids.map((_, p) => p).sort((a, b) => votes[b] - votes[a] || costs[a] - costs[b] || compareIds(ids[a], ids[b]));

  return {
    budget: election.budget,
    ids,
    costs,
    votes,
    voterCount: election.ballots.length,
    groupStart: Int32Array.from(starts),
    groupProjects: Int32Array.from(members),
    groupWeight: Int32Array.from(weights),
    conflicts: conflicts.map((set) => [...set].sort((a, b) => a - b)),
    excluded,
    byVotes,
    minimumVotes,
  };
}

/** The first already-funded project (in funding order) that `project` conflicts with, if any. */
export function conflictingWinner(prepared: PreparedElection, project: number, funded: readonly number[], isFunded: Uint8Array): number | undefined {
  if (prepared.conflicts[project].length === 0) return undefined;
  return funded.find((w) => isFunded[w] === 1 && prepared.conflicts[project].includes(w));
}

/**
 * Greedy by votes from a starting point: each project in tie-break order that is still open is
 * funded if it fits in what is left, otherwise recorded as not fitting. Used as the greedy rule
 * itself (from nothing) and as equal shares' completion (from its outcome).
 */
export function fundGreedily(
  prepared: PreparedElection,
  start: { funded: number[]; explanations: Map<number, ExplanationStatus> },
  by: FundedBy,
  notFitting: (project: number, remaining: number) => ExplanationStatus,
): { funded: number[]; cost: number } {
  const funded = [...start.funded];
  const isFunded = new Uint8Array(prepared.ids.length);
  let cost = 0;
  for (const p of funded) {
    isFunded[p] = 1;
    cost += prepared.costs[p];
  }
  for (const p of prepared.byVotes) {
    if (isFunded[p] || prepared.excluded.has(p)) continue;
    const rival = conflictingWinner(prepared, p, funded, isFunded);
    if (rival !== undefined) {
      start.explanations.set(p, { status: 'incompatible', with: prepared.ids[rival] });
      continue;
    }
    const remaining = prepared.budget - cost;
    if (prepared.costs[p] > remaining) {
      start.explanations.set(p, notFitting(p, remaining));
      continue;
    }
    funded.push(p);
    isFunded[p] = 1;
    cost += prepared.costs[p];
    start.explanations.set(p, { status: 'funded', step: funded.length, by });
  }
  return { funded, cost };
}

/** Assembles the public outcome: ids instead of indices, every project explained. */
export function outcomeOf(
  prepared: PreparedElection,
  rule: ResultRule,
  funded: number[],
  explanations: Map<number, ExplanationStatus>,
  completion?: EqualSharesCompletion,
): ResultOutcome {
  const byId: Record<string, Explanation> = {};
  prepared.ids.forEach((id, p) => {
    const status = prepared.excluded.get(p) ?? explanations.get(p);
    if (!status) throw new Error(`No explanation for project ${id}`); // a bug in a rule, never bad input
    byId[id] = { votes: prepared.votes[p], cost: prepared.costs[p], ...status };
  });
  const cost = funded.reduce((sum, p) => sum + prepared.costs[p], 0);
  return { rule, budget: prepared.budget, winners: funded.map((p) => prepared.ids[p]), cost, explanations: byId, ...(completion ? { completion } : {}) };
}
