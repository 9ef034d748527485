import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { isoTime, language } from './common';

const STREAM = 'BUDGETING';

/** Public words in the languages they were written in (at least one). */
const localized = z.object({ fi: z.string().optional(), sv: z.string().optional(), en: z.string().optional() });

/**
 * A proposal's events name its proposer by their sign-in subject only (`proposerSub`, an
 * opaque id the notification service addresses; never a name or contact), so they are told
 * each step in their `language`.
 */
const proposalRef = {
  roundId: z.uuid(),
  proposalId: z.uuid(),
  title: z.string().min(1),
  districtCode: z.string().min(1),
  language,
  proposerSub: z.string().min(1).optional(),
};

export const BudgetingEvents = {
  proposalSubmitted: defineEvent({
    type: 'fi.vaikuta.budgeting.proposal_submitted.v1',
    subject: 'budgeting.proposal.submitted',
    stream: STREAM,
    description: 'A resident proposed something for a round; the proposer gets a receipt.',
    schema: z.object({ ...proposalRef, submittedAt: isoTime }),
  }),
  proposalScreened: defineEvent({
    type: 'fi.vaikuta.budgeting.proposal_screened.v2',
    subject: 'budgeting.proposal.screened',
    stream: STREAM,
    description:
      'Coordinators screened a proposal: feasible, not feasible (with the public reason), combined into a plan, or back ' +
      'out of a plan that was withdrawn (`plan_withdrawn`, with that planId: it can be combined again).',
    schema: z.object({
      ...proposalRef,
      outcome: z.enum(['feasible', 'not_feasible', 'in_plan', 'plan_withdrawn']),
      reason: z.string().optional(),
      planId: z.uuid().optional(),
      screenedAt: isoTime,
    }),
  }),
  ballotConfirmed: defineEvent({
    type: 'fi.vaikuta.budgeting.ballot_confirmed.v1',
    subject: 'budgeting.ballot.confirmed',
    stream: STREAM,
    description:
      'A ballot (or a withdrawal) was confirmed and is now the one that counts for its voter. A signed-in voter is named by ' +
      '`voterSub` only, so they follow the plans they voted for (`planIds`) and stop following the ones they no longer ' +
      'vote for (`droppedPlanIds`); paper and assisted voters have no sub.',
    schema: z.object({
      roundId: z.uuid(),
      ballotId: z.uuid(),
      channel: z.enum(['online', 'assisted', 'paper']),
      withdrawal: z.boolean(),
      voterSub: z.string().min(1).optional(),
      language: language.optional(),
      planIds: z.array(z.uuid()),
      droppedPlanIds: z.array(z.uuid()),
      confirmedAt: isoTime,
    }),
  }),
  resultsPublished: defineEvent({
    type: 'fi.vaikuta.budgeting.results_published.v1',
    subject: 'budgeting.round.results_published',
    stream: STREAM,
    description: 'The voting results of a round were published; proposers and voters are told.',
    schema: z.object({
      roundId: z.uuid(),
      roundName: z.string().min(1),
      winningProjectIds: z.array(z.uuid()),
      publishedAt: isoTime,
    }),
  }),
  projectProgressUpdated: defineEvent({
    type: 'fi.vaikuta.budgeting.project_progress_updated.v1',
    subject: 'budgeting.project.progress_updated',
    stream: STREAM,
    description:
      'Implementation of a winning project moved forward: a coordinator published an update. The project shares its plan\'s ' +
      'id, so those following `budgeting-plan:<projectId>` (its voters and proposers) are told, each in their language ' +
      '(`titles`, `texts`: the public words in the languages they were written in; `title`/`note` the Finnish or first).',
    schema: z.object({
      projectId: z.uuid(),
      title: z.string().min(1),
      progress: z.enum(['planned', 'in_progress', 'completed', 'cancelled']),
      note: z.string().optional(),
      updatedAt: isoTime,
      // Added later, optional so older events still parse.
      roundId: z.uuid().optional(),
      percent: z.number().int().min(0).max(100).optional(),
      titles: localized.optional(),
      texts: localized.optional(),
    }),
  }),
  milestoneReached: defineEvent({
    type: 'fi.vaikuta.budgeting.milestone_reached.v1',
    subject: 'budgeting.project.milestone_reached',
    stream: STREAM,
    description: "A milestone of a project was reached; those following the project's plan are told in their language.",
    schema: z.object({
      projectId: z.uuid(),
      roundId: z.uuid(),
      milestoneId: z.uuid(),
      /** The project's (plan's) public title and the milestone's, in the languages written. */
      titles: localized,
      milestone: localized,
      note: z.string().optional(),
      reachedAt: isoTime,
    }),
  }),
} as const;
