import { assertTransition, canMove, InvalidTransitionError, isTerminal } from './initiative-status';

describe('initiative life cycle', () => {
  it('walks the whole path from filing to closing', () => {
    const path = ['filed', 'registered', 'assigned', 'statements_requested', 'proposed', 'decided', 'measures_taken', 'closed'] as const;
    for (let i = 1; i < path.length; i++) expect(canMove(path[i - 1], path[i])).toBe(true);
  });

  it('goes on from a proposal to the next body and asks more statements', () => {
    expect(canMove('proposed', 'proposed')).toBe(true);
    expect(canMove('statements_requested', 'statements_requested')).toBe(true);
  });

  it('refuses skipping the decision before measures, and measures before a decision', () => {
    expect(() => assertTransition('assigned', 'measures_taken')).toThrow(InvalidTransitionError);
    expect(() => assertTransition('proposed', 'closed')).toThrow('An initiative that is proposed cannot become closed');
    expect(canMove('decided', 'closed')).toBe(false);
  });

  it('ends in closed, inadmissible, withdrawn or combined and leaves none of them', () => {
    for (const end of ['closed', 'inadmissible', 'withdrawn', 'combined'] as const) {
      expect(isTerminal(end)).toBe(true);
      expect(canMove(end, 'registered')).toBe(false);
      expect(canMove(end, 'withdrawn')).toBe(false);
    }
  });

  it('lets an imported initiative become filed only when sent, and a decided one no longer be withdrawn', () => {
    expect(canMove('collecting', 'filed')).toBe(true);
    expect(canMove('collecting', 'registered')).toBe(false);
    expect(canMove('decided', 'withdrawn')).toBe(false);
    expect(canMove('filed', 'inadmissible')).toBe(true);
  });
});
