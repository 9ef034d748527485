import { ConflictException } from '@nestjs/common';
import { GrantsHttp } from '@vaikuta/contracts';

/**
 * The life of a grant application, as one table of allowed steps. Every change of state goes
 * through `nextState`, so a step not in the table is refused the same way everywhere (409).
 *
 *   draft ──submit──▶ submitted ──receive──▶ received ──start_review──▶ in_review
 *   in_review ──request_information──▶ awaiting_information ──answer_information──▶ in_review
 *   in_review ──decide──▶ decided (granted: an amount ≤ requested; or rejected, with reasons)
 *   decided (granted) ──mark_paid──▶ paid ──report_due_soon──▶ report_due   (the scheduled reminder)
 *   paid | report_due ──submit_report──▶ report_received ──close──▶ closed
 *   decided (rejected) ──close──▶ closed
 *   draft … awaiting_information ──withdraw──▶ withdrawn
 *
 * Decisions taken here:
 * - **Withdrawal** is possible until the decision. After it the decision is a city act with
 *   its own appeal and recovery procedures (a grant given back is a recovery, not a
 *   withdrawal), so `decided` and later refuse it; `closed` and `withdrawn` are final.
 * - **Information requests** only in review: an officer who needs more asks while reviewing;
 *   the applicant's answer (a message on the application's thread) puts it back in review,
 *   so it cannot be decided while the applicant is still being waited on.
 * - **Payment** only of a grant; a rejection is closed straight from `decided`.
 * - **report_due** is entered by the reminder before the due date, not by a person: the step
 *   is what makes the reminder go out once. The report may come before it (from `paid`).
 * - Editing the form and attachments is a draft's alone; the report's attachment belongs to
 *   `paid`/`report_due`. Scoring is allowed in review (it changes no state).
 */
/** The states as the HTTP contract names them (libs/contracts, GrantsHttp.applicationState). */
export const APPLICATION_STATES = GrantsHttp.applicationState.options;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

export type DecisionOutcome = 'granted' | 'rejected';

/** Who takes a step: the association's representative, a grants officer, or the service's own schedule. */
export type StepTaker = 'applicant' | 'officer' | 'schedule';

interface Step {
  from: readonly ApplicationState[];
  to: ApplicationState;
  by: StepTaker;
  /** Only for a decision with this outcome (payment for a grant, closing a rejection straight away). */
  outcome?: { state: ApplicationState; is: DecisionOutcome };
}

const BEFORE_DECISION = ['draft', 'submitted', 'received', 'in_review', 'awaiting_information'] as const;

export const APPLICATION_STEPS = {
  submit: { from: ['draft'], to: 'submitted', by: 'applicant' },
  receive: { from: ['submitted'], to: 'received', by: 'officer' },
  start_review: { from: ['received'], to: 'in_review', by: 'officer' },
  request_information: { from: ['in_review'], to: 'awaiting_information', by: 'officer' },
  answer_information: { from: ['awaiting_information'], to: 'in_review', by: 'applicant' },
  decide: { from: ['in_review'], to: 'decided', by: 'officer' },
  mark_paid: { from: ['decided'], to: 'paid', by: 'officer', outcome: { state: 'decided', is: 'granted' } },
  report_due_soon: { from: ['paid'], to: 'report_due', by: 'schedule' },
  submit_report: { from: ['paid', 'report_due'], to: 'report_received', by: 'applicant' },
  close: { from: ['decided', 'report_received'], to: 'closed', by: 'officer', outcome: { state: 'decided', is: 'rejected' } },
  withdraw: { from: BEFORE_DECISION, to: 'withdrawn', by: 'applicant' },
} as const satisfies Record<string, Step>;
export type ApplicationStep = keyof typeof APPLICATION_STEPS;

/** States where the applicant still edits the form and the attachments. */
export const EDITABLE_STATES: readonly ApplicationState[] = ['draft'];
/** States where the applicant may attach the report on the use of funds. */
export const REPORTING_STATES: readonly ApplicationState[] = APPLICATION_STEPS.submit_report.from;
/** States where officers score the application against the round's criteria. */
export const SCORING_STATES: readonly ApplicationState[] = ['in_review', 'awaiting_information'];

/** A step refused in the application's state: 409 naming both, so the client knows to reload. */
export class StepRefused extends ConflictException {
  constructor(
    readonly state: ApplicationState,
    readonly step: string,
    reason?: string,
  ) {
    super({ title: 'Not possible in this state', detail: reason ?? `An application in state ${state} cannot take the step ${step}`, state, step });
  }
}

/**
 * The state after `step` from `state`, or StepRefused. `outcome` is the decision's, for the
 * steps that depend on it; `by` must be the step's taker (an officer cannot submit for the
 * applicant, an applicant cannot mark their grant paid).
 */
export function nextState(state: ApplicationState, step: ApplicationStep, by: StepTaker, outcome: DecisionOutcome | null = null): ApplicationState {
  const rule: Step = APPLICATION_STEPS[step];
  if (rule.by !== by) throw new StepRefused(state, step, `The step ${step} is taken by the ${rule.by}, not the ${by}`);
  if (!rule.from.includes(state)) throw new StepRefused(state, step);
  if (rule.outcome && state === rule.outcome.state && outcome !== rule.outcome.is) {
    throw new StepRefused(state, step, `From ${state}, ${step} is only for a decision of ${rule.outcome.is}`);
  }
  return rule.to;
}

/** The steps possible now, for the views' "what can be done" lists. */
export function possibleSteps(state: ApplicationState, outcome: DecisionOutcome | null): ApplicationStep[] {
  return (Object.keys(APPLICATION_STEPS) as ApplicationStep[]).filter((step) => {
    try {
      nextState(state, step, APPLICATION_STEPS[step].by, outcome);
      return true;
    } catch {
      return false;
    }
  });
}
