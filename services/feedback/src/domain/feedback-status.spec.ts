import { assertTransition, canTransition, detailedStatus, FEEDBACK_STATUSES, InvalidTransitionError, open311Status } from './feedback-status';

describe('feedback state machine', () => {
  it('moves a request through its normal life', () => {
    expect(canTransition('received', 'in_process')).toBe(true);
    expect(canTransition('in_process', 'resolved')).toBe(true);
    expect(canTransition('in_process', 'rejected')).toBe(true);
    expect(canTransition('received', 'rejected')).toBe(true);
  });

  it('refuses shortcuts and no-op transitions', () => {
    expect(canTransition('received', 'resolved')).toBe(false);
    for (const s of FEEDBACK_STATUSES) expect(canTransition(s, s)).toBe(false);
    expect(() => assertTransition('resolved', 'rejected')).toThrow(InvalidTransitionError);
    expect(() => assertTransition('received', 'resolved')).toThrow('A request that is received cannot become resolved');
  });

  it('reopens closed requests into processing', () => {
    expect(canTransition('resolved', 'in_process')).toBe(true);
    expect(canTransition('rejected', 'in_process')).toBe(true);
  });

  it('maps to Open311 statuses', () => {
    expect(FEEDBACK_STATUSES.map(open311Status)).toEqual(['open', 'open', 'closed', 'closed']);
    expect(detailedStatus('resolved')).toBe('PROCESSED');
  });
});
