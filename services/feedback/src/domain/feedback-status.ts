/**
 * The life of a request: received → in_process → resolved | rejected.
 * A request can also be rejected straight from received (spam, not the city's matter),
 * and a resolved or rejected one can be reopened when the resident shows it is not done.
 */
export type FeedbackStatus = 'received' | 'in_process' | 'resolved' | 'rejected';
export const FEEDBACK_STATUSES: readonly FeedbackStatus[] = ['received', 'in_process', 'resolved', 'rejected'];

const allowed: Record<FeedbackStatus, readonly FeedbackStatus[]> = {
  received: ['in_process', 'rejected'],
  in_process: ['resolved', 'rejected', 'received'],
  resolved: ['in_process'],
  rejected: ['in_process'],
};

export class InvalidTransitionError extends Error {
  constructor(
    readonly from: FeedbackStatus,
    readonly to: FeedbackStatus,
  ) {
    super(`A request that is ${from} cannot become ${to}`);
  }
}

export function canTransition(from: FeedbackStatus, to: FeedbackStatus): boolean {
  return allowed[from].includes(to);
}

export function assertTransition(from: FeedbackStatus, to: FeedbackStatus): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}

export function isClosed(status: FeedbackStatus): boolean {
  return status === 'resolved' || status === 'rejected';
}

/** Open311 knows only open and closed. */
export function open311Status(status: FeedbackStatus): 'open' | 'closed' {
  return isClosed(status) ? 'closed' : 'open';
}

/** Helsinki's detailed_status extension. */
export function detailedStatus(status: FeedbackStatus): string {
  return { received: 'RECEIVED', in_process: 'IN_PROCESS', resolved: 'PROCESSED', rejected: 'REJECTED' }[status];
}
