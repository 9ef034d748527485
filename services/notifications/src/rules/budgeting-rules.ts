import { BudgetingEvents, Language } from '@vaikuta/contracts';
import type { NotificationRule, RuleContext, TemplateView } from './notification-rules';

/**
 * Who hears what of participatory budgeting (services/budgeting). Proposers are addressed by
 * their sign-in `sub` (events never carry a contact); an online voter gets a receipt for each
 * confirmed ballot and FOLLOWS the plans they voted for (`budgeting-plan:<planId>`, a project
 * shares its plan's id), hearing when those win and as they are built. A person who opted out of the
 * budgeting topic, or out of everything, is not made to follow anything (the planner checks).
 */

type Localized = Partial<Record<Language, string>>;

interface ProposalRef {
  roundId: string;
  proposalId: string;
  title: string;
  proposerSub?: string;
}

export const BUDGETING_TOPIC = 'budgeting';
export const planItem = (planId: string) => `budgeting-plan:${planId}`;
const roundItem = (roundId: string) => `budgeting-round:${roundId}`;
const proposalPage = (id: string, c: RuleContext) => `${c.portalUrl}/budgeting/proposals/${id}`;
const projectPage = (id: string, c: RuleContext) => `${c.portalUrl}/budgeting/projects/${id}`;

/**
 * Public words in every language: those not written fall back to Finnish, then to whichever
 * was written, so a Swedish reader of a Finnish-only title still reads the title.
 */
export function everyLanguage(words: Localized | undefined, fallback = ''): Record<Language, string> {
  const first = words?.fi ?? words?.sv ?? words?.en ?? fallback;
  return { fi: words?.fi ?? first, sv: words?.sv ?? first, en: words?.en ?? first };
}

/** The words for a project's status in each language. */
export const PROJECT_STATUS_LABELS: Record<string, Record<Language, string>> = {
  planned: { fi: 'suunnitteilla', sv: 'planeras', en: 'planned' },
  in_progress: { fi: 'toteutuksessa', sv: 'genomförs', en: 'in progress' },
  completed: { fi: 'valmis', sv: 'färdigt', en: 'completed' },
  cancelled: { fi: 'peruttu', sv: 'inställt', en: 'cancelled' },
};

const base = { topic: BUDGETING_TOPIC };
const proposer = (d: ProposalRef) => (d.proposerSub ? [d.proposerSub] : []);

export const budgetingRules: NotificationRule[] = [
  // A receipt to the proposer, at once: a receipt in tomorrow's digest is no receipt.
  {
    event: BudgetingEvents.proposalSubmitted,
    ...base,
    itemKey: (d: ProposalRef) => `budgeting-proposal:${d.proposalId}`,
    addressedTo: proposer,
    template: 'budgeting.proposal_submitted',
    immediate: true,
    view: (d: ProposalRef, c) => ({ title: d.title, summary: d.title, link: proposalPage(d.proposalId, c) }),
  },
  // The screening's outcome to the proposer; combined into a plan, they follow that plan from now on.
  {
    event: BudgetingEvents.proposalScreened,
    ...base,
    itemKey: (d: ProposalRef) => `budgeting-proposal:${d.proposalId}`,
    addressedTo: proposer,
    template: 'budgeting.proposal_screened',
    view: (d: ProposalRef & { outcome: string; reason?: string }, c) => ({
      title: d.title,
      feasible: d.outcome === 'feasible',
      notFeasible: d.outcome === 'not_feasible',
      inPlan: d.outcome === 'in_plan',
      planWithdrawn: d.outcome === 'plan_withdrawn',
      reason: d.reason,
      summary: d.reason ?? d.title,
      link: proposalPage(d.proposalId, c),
    }),
    follows: (d: ProposalRef & { outcome: string; planId?: string; language: Language }) => {
      if (!d.planId || !d.proposerSub) return undefined;
      if (d.outcome === 'in_plan') return { sub: d.proposerSub, language: d.language, follow: [planItem(d.planId)], unfollow: [] };
      // The plan was withdrawn: its news is no longer the proposal's.
      if (d.outcome === 'plan_withdrawn') return { sub: d.proposerSub, language: d.language, follow: [], unfollow: [planItem(d.planId)] };
      return undefined;
    },
  },
  // A receipt to an online voter, at once: their ballot is recorded and counts (or was withdrawn).
  // It names no plan — a mailbox is not a voting booth — and tells a person who did not vote that
  // someone used their sign-in. The voter also follows what they voted for now.
  {
    event: BudgetingEvents.ballotConfirmed,
    ...base,
    itemKey: (d: { roundId: string }) => roundItem(d.roundId),
    addressedTo: (d: { voterSub?: string; channel: string }) => (d.voterSub && d.channel === 'online' ? [d.voterSub] : []),
    template: 'budgeting.ballot_confirmed',
    immediate: true,
    view: (d: { roundId: string; ballotId: string; withdrawal: boolean; confirmedAt: string }, c) => ({
      withdrawal: d.withdrawal,
      receiptId: d.ballotId,
      confirmedAt: d.confirmedAt.slice(0, 16).replace('T', ' ') + ' UTC',
      summary: d.ballotId,
      link: `${c.portalUrl}/budgeting/${d.roundId}/vote/receipt`,
    }),
    // The latest confirmed ballot counts, so its follows win over an older ballot's applied later.
    follows: (d: { roundId: string; voterSub?: string; language?: Language; planIds: string[]; droppedPlanIds: string[]; confirmedAt: string }) =>
      d.voterSub
        ? {
            sub: d.voterSub,
            language: d.language,
            follow: d.planIds.map(planItem),
            unfollow: d.droppedPlanIds.map(planItem),
            asOf: { scope: roundItem(d.roundId), at: d.confirmedAt },
          }
        : undefined,
  },
  // To those following any winning plan: their plan won (each is told once, whatever they followed).
  {
    event: BudgetingEvents.resultsPublished,
    ...base,
    itemKey: (d: { roundId: string }) => roundItem(d.roundId),
    audienceItems: (d: { winningProjectIds: string[] }) => d.winningProjectIds.map(planItem),
    template: 'budgeting.results_published',
    view: (d: { roundId: string; roundName: string }, c) => ({
      roundName: d.roundName,
      summary: d.roundName,
      // The portal's page, /budgeting/{roundId}/results (the service's API path has /rounds/).
      link: `${c.portalUrl}/budgeting/${d.roundId}/results`,
    }),
  },
  {
    event: BudgetingEvents.projectProgressUpdated,
    ...base,
    itemKey: (d: { projectId: string }) => planItem(d.projectId),
    template: 'budgeting.project_updated',
    view: (d: { projectId: string; title: string; titles?: Localized; progress: string; percent?: number; note?: string; texts?: Localized }, c): TemplateView => ({
      title: everyLanguage(d.titles, d.title),
      status: PROJECT_STATUS_LABELS[d.progress] ?? { fi: d.progress, sv: d.progress, en: d.progress },
      percent: d.percent,
      text: d.texts || d.note ? everyLanguage(d.texts, d.note) : undefined,
      summary: d.note ?? d.title,
      link: projectPage(d.projectId, c),
    }),
  },
  {
    event: BudgetingEvents.milestoneReached,
    ...base,
    itemKey: (d: { projectId: string }) => planItem(d.projectId),
    template: 'budgeting.milestone_reached',
    view: (d: { projectId: string; titles: Localized; milestone: Localized; note?: string; reachedAt: string }, c): TemplateView => ({
      title: everyLanguage(d.titles),
      milestone: everyLanguage(d.milestone),
      note: d.note,
      reachedOn: d.reachedAt.slice(0, 10),
      summary: everyLanguage(d.milestone).fi,
      link: projectPage(d.projectId, c),
    }),
  },
];

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const SAMPLE_TITLE = { fi: 'Leikkipuisto Kallioon', sv: 'Lekpark i Berghäll', en: 'A playground for Kallio' };

export const BUDGETING_SAMPLE_VIEWS: Record<string, TemplateView> = {
  'budgeting.ballot_confirmed': {
    withdrawal: false,
    receiptId: SAMPLE_ID,
    confirmedAt: '2026-10-30 18:42 UTC',
    summary: SAMPLE_ID,
    link: `http://localhost:8080/budgeting/${SAMPLE_ID}/vote/receipt`,
  },
  'budgeting.proposal_submitted': { title: 'Leikkipuisto Kallioon', summary: 'Leikkipuisto Kallioon', link: `http://localhost:8080/budgeting/proposals/${SAMPLE_ID}` },
  'budgeting.proposal_screened': {
    title: 'Leikkipuisto Kallioon',
    feasible: false,
    notFeasible: true,
    inPlan: false,
    planWithdrawn: false,
    reason: 'Alue on yksityistä maata.',
    summary: 'Alue on yksityistä maata.',
    link: `http://localhost:8080/budgeting/proposals/${SAMPLE_ID}`,
  },
  'budgeting.results_published': { roundName: 'OmaStadi 2026', summary: 'OmaStadi 2026', link: `http://localhost:8080/budgeting/${SAMPLE_ID}/results` },
  'budgeting.project_updated': {
    title: SAMPLE_TITLE,
    status: PROJECT_STATUS_LABELS.in_progress,
    percent: 40,
    text: { fi: 'Rakentaminen alkoi.', sv: 'Byggandet började.', en: 'Construction began.' },
    summary: 'Rakentaminen alkoi.',
    link: `http://localhost:8080/budgeting/projects/${SAMPLE_ID}`,
  },
  'budgeting.milestone_reached': {
    title: SAMPLE_TITLE,
    milestone: { fi: 'Rakennuslupa myönnetty', sv: 'Bygglov beviljat', en: 'Building permit granted' },
    note: 'Lupa saatiin etuajassa.',
    reachedOn: '2027-05-12',
    summary: 'Rakennuslupa myönnetty',
    link: `http://localhost:8080/budgeting/projects/${SAMPLE_ID}`,
  },
};
