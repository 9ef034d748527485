import { BudgetingHttp } from '@vaikuta/contracts';
import { FakeClock } from '@vaikuta/domain';

type PhaseWindow = BudgetingHttp.PhaseWindow;
const DAY = 24 * 60 * 60 * 1000;

/** This year's round: voting opened three days ago and runs another two weeks. */
export function currentRoundPhases(now: Date): PhaseWindow[] {
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  return [
    { phase: 'proposals', opensAt: at(-123), closesAt: at(-93) },
    { phase: 'screening', opensAt: at(-93), closesAt: at(-48) },
    { phase: 'costing', opensAt: at(-48), closesAt: at(-10) },
    { phase: 'voting', opensAt: at(-3), closesAt: at(14) },
    { phase: 'results', opensAt: at(14), closesAt: at(44) },
    { phase: 'implementation', opensAt: at(44), closesAt: null },
  ];
}

/** Next year's round: proposals opened five days ago and are taken for another five weeks. */
export function nextRoundPhases(now: Date): PhaseWindow[] {
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  return [
    { phase: 'proposals', opensAt: at(-5), closesAt: at(35) },
    { phase: 'screening', opensAt: at(35), closesAt: at(80) },
    { phase: 'costing', opensAt: at(80), closesAt: at(120) },
    { phase: 'voting', opensAt: at(130), closesAt: at(150) },
    { phase: 'results', opensAt: at(150), closesAt: at(180) },
    { phase: 'implementation', opensAt: at(180), closesAt: null },
  ];
}

/** Last year's round on last year's calendar: proposals in winter, voting in October, building since December. */
export function lastRoundPhases(votingYear: number): PhaseWindow[] {
  const day = (month: number, date: number) => new Date(Date.UTC(votingYear, month - 1, date, 7)).toISOString();
  return [
    { phase: 'proposals', opensAt: day(1, 15), closesAt: day(3, 15) },
    { phase: 'screening', opensAt: day(3, 15), closesAt: day(5, 31) },
    { phase: 'costing', opensAt: day(6, 1), closesAt: day(8, 31) },
    { phase: 'voting', opensAt: day(10, 1), closesAt: day(10, 22) },
    { phase: 'results', opensAt: day(10, 22), closesAt: day(11, 30) },
    { phase: 'implementation', opensAt: day(12, 1), closesAt: null },
  ];
}

/**
 * The seed's own clock, walked through a round's phases so the services' phase checks pass as
 * they would have on the day: the seed runs on a FakeClock and sets it before each step.
 */
export class DemoCalendar {
  constructor(
    readonly clock: FakeClock,
    private readonly phases: PhaseWindow[],
  ) {}

  /** Puts the clock `fraction` of the way through `phase` (0 its opening, 1 its closing). */
  during(phase: BudgetingHttp.RoundPhase, fraction: number): Date {
    const window = this.phases.find((p) => p.phase === phase)!;
    const opens = Date.parse(window.opensAt);
    const closes = window.closesAt ? Date.parse(window.closesAt) : opens + 365 * DAY;
    return this.set(new Date(opens + (closes - opens) * fraction));
  }

  set(at: Date): Date {
    this.clock.current = at;
    return at;
  }
}
