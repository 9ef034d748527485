import { BudgetingHttp } from '@vaikuta/contracts';

type PhaseWindow = BudgetingHttp.PhaseWindow;
const ORDER = BudgetingHttp.ROUND_PHASES;

/** A problem with a round's phase dates, naming the field as the 400 answer will. */
export interface PhaseProblem {
  field: string;
  message: string;
}

/**
 * Phases must come each once, in their order, each closing before the next opens (gaps are
 * allowed: a pause between screening and costing is normal); only implementation may stay open.
 */
export function phaseProblems(phases: readonly PhaseWindow[]): PhaseProblem[] {
  const problems: PhaseProblem[] = [];
  phases.forEach((window, i) => {
    if (window.phase !== ORDER[i]) problems.push({ field: `phases.${i}.phase`, message: `Phase ${i + 1} must be ${ORDER[i]}` });
    const opens = Date.parse(window.opensAt);
    const closes = window.closesAt === null ? null : Date.parse(window.closesAt);
    if (closes === null && window.phase !== 'implementation') problems.push({ field: `phases.${i}.closesAt`, message: `The ${window.phase} phase needs a closing time` });
    if (closes !== null && closes <= opens) problems.push({ field: `phases.${i}.closesAt`, message: 'Must be after opensAt' });
    const next = phases[i + 1];
    if (next && closes !== null && Date.parse(next.opensAt) < closes) {
      problems.push({ field: `phases.${i + 1}.opensAt`, message: `Must not be before the ${window.phase} phase closes` });
    }
  });
  return problems;
}

/** Where the round stands at `now`: the last phase that opened, or `upcoming`. */
export function stageAt(phases: readonly PhaseWindow[], now: Date): BudgetingHttp.RoundStage {
  let stage: BudgetingHttp.RoundStage = 'upcoming';
  for (const window of phases) if (Date.parse(window.opensAt) <= now.getTime()) stage = window.phase;
  return stage;
}

/** Whether `phase` is open at `now` (inside its window, not just the last to have opened). */
export function isOpen(phases: readonly PhaseWindow[], phase: BudgetingHttp.RoundPhase, now: Date): boolean {
  const window = phases.find((w) => w.phase === phase);
  if (!window) return false;
  const t = now.getTime();
  return Date.parse(window.opensAt) <= t && (window.closesAt === null || t < Date.parse(window.closesAt));
}
