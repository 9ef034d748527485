import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { isoTime, language } from './common';

const STREAM = 'BUDGETING';

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
    description: 'Coordinators screened a proposal: feasible, not feasible (with the public reason), or combined into a plan.',
    schema: z.object({
      ...proposalRef,
      outcome: z.enum(['feasible', 'not_feasible', 'in_plan']),
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
    description: 'Implementation of a winning project moved forward.',
    schema: z.object({
      projectId: z.uuid(),
      title: z.string().min(1),
      progress: z.enum(['planned', 'in_progress', 'completed', 'cancelled']),
      note: z.string().optional(),
      updatedAt: isoTime,
    }),
  }),
} as const;
