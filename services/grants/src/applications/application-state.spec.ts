import { HttpException } from '@nestjs/common';
import { APPLICATION_STATES, APPLICATION_STEPS, ApplicationState, ApplicationStep, DecisionOutcome, nextState, possibleSteps, StepRefused, StepTaker } from './application-state';

// The allowed steps written out by hand (not read from the table under test): every other
// combination of state, step and decision outcome must be refused.
const ALLOWED: [ApplicationState, ApplicationStep, StepTaker, DecisionOutcome | null, ApplicationState][] = [
  ['draft', 'submit', 'applicant', null, 'submitted'],
  ['submitted', 'receive', 'officer', null, 'received'],
  ['received', 'start_review', 'officer', null, 'in_review'],
  ['in_review', 'request_information', 'officer', null, 'awaiting_information'],
  ['awaiting_information', 'answer_information', 'applicant', null, 'in_review'],
  ['in_review', 'decide', 'officer', null, 'decided'],
  ['decided', 'mark_paid', 'officer', 'granted', 'paid'],
  ['paid', 'report_due_soon', 'schedule', 'granted', 'report_due'],
  ['paid', 'submit_report', 'applicant', 'granted', 'report_received'],
  ['report_due', 'submit_report', 'applicant', 'granted', 'report_received'],
  ['report_received', 'close', 'officer', 'granted', 'closed'],
  ['decided', 'close', 'officer', 'rejected', 'closed'],
  ['draft', 'withdraw', 'applicant', null, 'withdrawn'],
  ['submitted', 'withdraw', 'applicant', null, 'withdrawn'],
  ['received', 'withdraw', 'applicant', null, 'withdrawn'],
  ['in_review', 'withdraw', 'applicant', null, 'withdrawn'],
  ['awaiting_information', 'withdraw', 'applicant', null, 'withdrawn'],
];

const OUTCOMES: (DecisionOutcome | null)[] = [null, 'granted', 'rejected'];
const STEPS = Object.keys(APPLICATION_STEPS) as ApplicationStep[];
const TAKERS: StepTaker[] = ['applicant', 'officer', 'schedule'];

/** Whether the hand-written table allows it; the outcome matters only where a row names one for `decided`. */
function allowed(state: ApplicationState, step: ApplicationStep, by: StepTaker, outcome: DecisionOutcome | null): ApplicationState | undefined {
  const rows = ALLOWED.filter(([s, st, b]) => s === state && st === step && b === by);
  const row = rows.find(([s, , , o]) => s !== 'decided' || o === outcome);
  return row?.[4];
}

/** The problem detail a refused step answers with. */
function detailOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof StepRefused) return (error.getResponse() as { detail: string }).detail;
    throw error;
  }
  throw new Error('the step was not refused');
}

describe('grant application state machine', () => {
  it.each(ALLOWED)('%s —%s (by %s, decision %s)→ %s', (from, step, by, outcome, to) => {
    expect(nextState(from, step, by, outcome)).toBe(to);
  });

  const refused: [ApplicationState, ApplicationStep, StepTaker, DecisionOutcome | null][] = [];
  for (const state of APPLICATION_STATES) {
    for (const step of STEPS) {
      for (const by of TAKERS) {
        for (const outcome of OUTCOMES) if (!allowed(state, step, by, outcome)) refused.push([state, step, by, outcome]);
      }
    }
  }

  it('has every other combination to refuse (11 states × 11 steps × 3 takers × 3 outcomes)', () => {
    expect(refused.length).toBe(APPLICATION_STATES.length * STEPS.length * TAKERS.length * OUTCOMES.length - (ALLOWED.length - 2) * 3 - 2 * 1);
  });

  it.each(refused)('refuses %s —%s by %s (decision %s) with a 409 naming state and step', (state, step, by, outcome) => {
    let error: unknown;
    try {
      nextState(state, step, by, outcome);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StepRefused);
    expect((error as HttpException).getStatus()).toBe(409);
    expect((error as HttpException).getResponse()).toMatchObject({ state, step });
  });

  it('keeps withdrawn and closed final, and nothing withdraws a decided application', () => {
    for (const state of ['withdrawn', 'closed'] as const) expect(possibleSteps(state, 'granted')).toEqual([]);
    for (const state of ['decided', 'paid', 'report_due', 'report_received'] as const) {
      expect(() => nextState(state, 'withdraw', 'applicant', 'granted')).toThrow(StepRefused);
    }
  });

  it('pays only a grant and closes a rejection without payment or report', () => {
    expect(possibleSteps('decided', 'granted')).toEqual(['mark_paid']);
    expect(possibleSteps('decided', 'rejected')).toEqual(['close']);
    expect(detailOf(() => nextState('decided', 'mark_paid', 'officer', 'rejected'))).toContain('only for a decision of granted');
  });

  it('names who takes a step when the wrong side tries it', () => {
    expect(detailOf(() => nextState('draft', 'submit', 'officer'))).toContain('taken by the applicant, not the officer');
    expect(detailOf(() => nextState('decided', 'mark_paid', 'applicant', 'granted'))).toContain('taken by the officer');
  });
});
