import type { InitiativeStatus } from '@vaikuta/contracts';

export type { InitiativeStatus };

/**
 * The life cycle as a table: from each status, where a step may lead. Terminal states lead
 * nowhere; a new statement request or a proposal to the next body may repeat a status (a
 * lautakunta's proposal goes on to kaupunginhallitus and valtuusto).
 */
const NEXT: Record<InitiativeStatus, readonly InitiativeStatus[]> = {
  // Imported from kuntalaisaloite.fi, still gathering supports there.
  collecting: ['filed', 'withdrawn'],
  filed: ['registered', 'inadmissible', 'withdrawn', 'combined'],
  registered: ['assigned', 'inadmissible', 'withdrawn', 'combined'],
  assigned: ['assigned', 'statements_requested', 'proposed', 'inadmissible', 'withdrawn', 'combined'],
  statements_requested: ['statements_requested', 'proposed', 'withdrawn', 'combined'],
  proposed: ['proposed', 'decided', 'withdrawn'],
  decided: ['measures_taken'],
  measures_taken: ['closed'],
  closed: [],
  inadmissible: [],
  withdrawn: [],
  combined: [],
};

export const TERMINAL_STATUSES: readonly InitiativeStatus[] = ['closed', 'inadmissible', 'withdrawn', 'combined'];

export class InvalidTransitionError extends Error {
  constructor(
    readonly from: InitiativeStatus,
    readonly to: InitiativeStatus,
  ) {
    super(`An initiative that is ${from.replace(/_/g, ' ')} cannot become ${to.replace(/_/g, ' ')}`);
  }
}

export function canMove(from: InitiativeStatus, to: InitiativeStatus): boolean {
  return NEXT[from].includes(to);
}

export function assertTransition(from: InitiativeStatus, to: InitiativeStatus): void {
  if (!canMove(from, to)) throw new InvalidTransitionError(from, to);
}

export function isTerminal(status: InitiativeStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
