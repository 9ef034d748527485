import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { isoTime } from './common';

const STREAM = 'BUDGETING';

export const BudgetingEvents = {
  proposalScreened: defineEvent({
    type: 'fi.vaikuta.budgeting.proposal_screened.v1',
    subject: 'budgeting.proposal.screened',
    stream: STREAM,
    description: 'A proposal was accepted to the ballot or left out, with a reason.',
    schema: z.object({
      roundId: z.uuid(),
      proposalId: z.uuid(),
      title: z.string().min(1),
      outcome: z.enum(['accepted', 'merged', 'rejected']),
      reason: z.string().optional(),
      screenedAt: isoTime,
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
