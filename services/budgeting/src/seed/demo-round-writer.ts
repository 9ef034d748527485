import { INestApplicationContext } from '@nestjs/common';
import { AuthUser } from '@vaikuta/auth';
import { PlanService } from '../plans/plan.service';
import { ProposalIntakeService } from '../proposals/proposal-intake.service';
import { ProposalScreeningService } from '../proposals/proposal-screening.service';
import { DemoRoundContent } from './demo-content';
import { DemoCalendar } from './demo-phases';

/** The demo's coordinator: every staff step of the seed is audited under this sub. */
export const DEMO_COORDINATOR: AuthUser = { sub: 'demo-seed', roles: ['admin'], departments: [], associations: [] };

/** A proposer of the demo: an adult Helsinki resident who signed in strongly. */
function proposer(n: number, language: 'fi' | 'sv' | 'en'): AuthUser {
  return {
    sub: `demo-proposer-${n}`,
    roles: ['resident'],
    departments: [],
    associations: [],
    lang: language,
    birthdate: `${1960 + ((n * 7) % 45)}-0${1 + (n % 9)}-15`,
    municipality: '091',
    authMethods: ['strong'],
  };
}

/**
 * Proposals, their screening and the plans on the ballot, through the same services residents
 * and coordinators use, each step inside its phase on the seed's calendar. Answers the plans'
 * ids by their demo keys.
 */
export class DemoRoundWriter {
  constructor(private readonly app: INestApplicationContext) {}

  async write(roundId: string, content: DemoRoundContent, calendar: DemoCalendar): Promise<Map<string, string>> {
    const intake = this.app.get(ProposalIntakeService);
    const screening = this.app.get(ProposalScreeningService);
    const plans = this.app.get(PlanService);

    const proposals = new Map<string, { id: string; version: number }>();
    for (const [i, p] of content.proposals.entries()) {
      calendar.during('proposals', 0.05 + (0.9 * i) / content.proposals.length);
      const saved = await intake.submit(
        roundId,
        {
          title: p.title,
          description: p.description,
          language: p.language,
          districtCode: p.district,
          ...(p.location ? { location: p.location } : {}),
          ...(p.roughCost !== undefined ? { roughCost: p.roughCost } : {}),
          ...(p.source ? { source: p.source } : {}),
        },
        proposer(i + 1, p.language),
      );
      proposals.set(p.key, { id: saved.id, version: saved.version });
    }

    const screened = content.proposals.filter((p) => p.screening);
    for (const [i, p] of screened.entries()) {
      calendar.during('screening', 0.1 + (0.8 * i) / screened.length);
      const { id, version } = proposals.get(p.key)!;
      await screening.screen(id, { version, outcome: p.screening!.outcome, reason: p.screening!.reason }, DEMO_COORDINATOR);
    }

    const planIds = new Map<string, string>();
    for (const [i, p] of content.plans.entries()) {
      calendar.during('costing', 0.1 + (0.8 * i) / content.plans.length);
      const plan = await plans.create(
        roundId,
        {
          title: p.title,
          description: p.description,
          districtCode: p.district,
          proposalIds: p.proposals.map((key) => proposals.get(key)!.id),
          cost: p.cost,
          ...(p.incompatibleGroup ? { incompatibleGroup: p.incompatibleGroup } : {}),
        },
        DEMO_COORDINATOR,
      );
      await plans.update(plan.id, { version: plan.version, status: 'on_ballot' }, DEMO_COORDINATOR);
      planIds.set(p.key, plan.id);
    }
    return planIds;
  }
}
