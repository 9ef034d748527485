import type { BudgetingHttp } from '@vaikuta/contracts';

type Text = BudgetingHttp.BudgetingText;

/** A resident's proposal in the demo; `screening` absent: still waiting for the coordinators. */
export interface DemoProposal {
  /** How the demo's plans name it. */
  key: string;
  district: string;
  language: 'fi' | 'sv' | 'en';
  title: string;
  description: string;
  roughCost?: number;
  location?: BudgetingHttp.FinnishLocation;
  source?: BudgetingHttp.ProposalSource;
  screening?: { outcome: 'feasible' | 'not_feasible'; reason: string };
}

/** A plan the coordinators made of proposals, on the ballot. */
export interface DemoPlan {
  key: string;
  district: string;
  title: Text;
  description: Text;
  proposals: string[];
  cost: number;
  incompatibleGroup?: string;
  /** The share of a district's synthetic voters who would choose it if it fits (last year's round only). */
  appeal?: number;
}

/** What the coordinators wrote about a winning project as it was built (last year's round). */
export interface DemoProgress {
  milestones: { title: Text; dueDate: string; reachedOn?: string; note?: string }[];
  updates: { on: string; status: BudgetingHttp.ProjectStatus; progress: number; text: { fi: string; sv?: string; en?: string } }[];
}

export interface DemoRoundContent {
  proposals: DemoProposal[];
  plans: DemoPlan[];
}

export const at = (lat: number, lon: number): BudgetingHttp.FinnishLocation => ({ lat, lon });
