import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { BudgetingHttp } from '@vaikuta/contracts';
import { BudgetingClient } from '../clients/budgeting-client';
import { ServiceProblem } from '../clients/service-problem';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext } from '../layout/portal-request';
import { formatDate } from '../i18n/i18n';
import { describeRound, districtRows, isBudgetingCoordinator, localText, phaseTimeline } from './budgeting-view';

/** A round by its id, or the "not found" page (null) for an unknown one. */
export async function roundOrNotFound(budgeting: BudgetingClient, pages: Pages, ctx: PortalContext, reply: FastifyReply, roundId: string): Promise<BudgetingHttp.RoundDetail | null> {
  try {
    return await budgeting.round(roundId);
  } catch (error) {
    if (error instanceof ServiceProblem && error.status === 404) {
      pages.render(reply, ctx, 'budgeting/not-found', { title: ctx.t('bud.notFound'), nav: 'budgeting', status: 404 });
      return null;
    }
    throw error;
  }
}

/** The rounds, and one round's page: its phases (the current one highlighted), districts and what one can do now. */
@Controller('budgeting')
export class BudgetingRoundsController {
  constructor(
    private readonly pages: Pages,
    private readonly budgeting: BudgetingClient,
  ) {}

  @Get()
  async list(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply) {
    const { items } = await this.budgeting.rounds();
    this.pages.render(reply, ctx, 'budgeting/rounds', {
      title: ctx.t('bud.rounds.title'),
      nav: 'budgeting',
      rounds: items.map((round) => describeRound(ctx.t, ctx.lang, round)),
      staffHref: isBudgetingCoordinator(ctx) ? '/staff/budgeting' : undefined,
    });
  }

  @Get(':roundId')
  async show(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Res() reply: FastifyReply) {
    const round = await roundOrNotFound(this.budgeting, this.pages, ctx, reply, roundId);
    if (!round) return;
    const title = localText(round.title, ctx.lang);
    const base = `/budgeting/${round.id}`;
    // What a resident can do depends only on the phase open now (the service enforces it again).
    const actions = {
      propose: round.phase === 'proposals',
      browse: round.phase !== 'upcoming' && round.phase !== 'proposals',
      plans: ['costing', 'voting', 'results', 'implementation'].includes(round.phase),
      vote: round.phase === 'voting',
    };
    this.pages.render(reply, ctx, 'budgeting/round', {
      title: title.text,
      titleLang: title.lang,
      nav: 'budgeting',
      round: { id: round.id, description: localText(round.description, ctx.lang) },
      phases: phaseTimeline(ctx.t, ctx.lang, round),
      districts: districtRows(ctx.lang, round),
      actions,
      links: { proposals: `${base}/proposals`, plans: `${base}/plans`, vote: `${base}/vote` },
      waitVoting: ['upcoming', 'proposals', 'screening', 'costing'].includes(round.phase) && round.votingOpensAt ? ctx.t('bud.round.waitVoting', { date: formatDate(round.votingOpensAt, ctx.lang, false) }) : undefined,
      over: ['results', 'implementation'].includes(round.phase),
      ageText: ctx.t('bud.round.age', { age: round.eligibility.minimumAge, year: round.votingYear }),
    });
  }
}
