import { z } from 'zod';
import { BudgetingHttp } from '@vaikuta/contracts';
import { keysetQuerySchema } from '@vaikuta/domain';
import { text } from '@vaikuta/http';

/** `GET /budgeting/rounds/{roundId}/proposals`: filters, a search, and the keyset page (1–100, 20). */
export const proposalListQuery = keysetQuerySchema().extend({
  district: z.string().regex(/^[a-z0-9-]{2,40}$/, 'A district code of the round').optional(),
  status: BudgetingHttp.proposalStatus.optional(),
  q: text({ min: 1, max: 200 }).optional(),
});
export type ProposalListQuery = z.infer<typeof proposalListQuery>;
