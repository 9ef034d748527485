import type { BudgetingHttp } from '@vaikuta/contracts';

export type BallotChannel = 'online' | 'assisted' | 'paper';

/** What the policy needs to know of a log entry: its channel and its place in the log. */
export interface RankedEntry {
  /** The log's sequence number: the order in which the service received the entries. */
  seq: number;
  channel: BallotChannel;
}

/** Cast in person with the identity checked by staff (a sheet or a library desk). */
export const inPerson = (channel: BallotChannel) => channel !== 'online';

/**
 * Whether `candidate` outranks `current` under the round's policy (ADR 0012):
 * - `latest`: the newest entry counts, whatever its channel;
 * - `paper_first`: an in-person entry (paper, assisted) outranks an online one; among equals the newest.
 * "Newest" is the log order (seq), not a timestamp: seq is unique and never goes back, so two
 * entries stamped in the same millisecond still have one answer, and because the comparison is a
 * total order, concurrent ballots of one person end with the same winner whichever takes the
 * row lock first.
 */
export function outranks(policy: BudgetingHttp.ReconciliationPolicy, candidate: RankedEntry, current: RankedEntry): boolean {
  if (policy === 'paper_first' && inPerson(candidate.channel) !== inPerson(current.channel)) return inPerson(candidate.channel);
  return candidate.seq > current.seq;
}

/** The one sentence the reconciliation report gives for the entry that counts. */
export function whyCounted(
  policy: BudgetingHttp.ReconciliationPolicy,
  counted: RankedEntry & { kind: 'ballot' | 'withdrawal' },
  entries: readonly RankedEntry[],
): string {
  const tail = counted.kind === 'withdrawal' ? ' It is a withdrawal, so no ballot of this person counts.' : '';
  if (policy === 'latest') return `Policy latest: the newest entry counts, whatever its channel.${tail}`;
  const anyInPerson = entries.some((e) => inPerson(e.channel));
  return anyInPerson
    ? `Policy paper_first: an in-person ballot (paper or assisted, identity checked by staff) outranks online ones; this is the newest in-person entry.${tail}`
    : `Policy paper_first: there is no in-person entry, so the newest online entry counts.${tail}`;
}
