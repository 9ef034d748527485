import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { BudgetingHttp } from '@vaikuta/contracts';
import { BudgetingClient } from '../clients/budgeting-client';
import { ServiceProblem } from '../clients/service-problem';
import { formatDate } from '../i18n/i18n';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext } from '../layout/portal-request';
import { roundOrNotFound } from './budgeting-rounds.controller';
import { districtResultView, milestoneView, projectSummaryView, turnoutView } from './results-view';
import { euros, localText } from './budgeting-view';

/** null for the service's 404, so a page can say "not yet" or "not found" instead of failing. */
async function unlessMissing<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ServiceProblem && error.status === 404) return null;
    throw error;
  }
}

/**
 * The public end of a round: its results with the reason for every plan, turnout and the open
 * data, the winners as projects, and one project's page. Everything read here is public: the
 * pages call the service without the reader's token, so a coordinator sees what residents see,
 * never the draft results.
 */
@Controller('budgeting')
export class BudgetingResultsController {
  constructor(
    private readonly pages: Pages,
    private readonly budgeting: BudgetingClient,
  ) {}

  // The static segment before `:roundId`, like the proposal's thread page.
  @Get('projects/:id')
  async project(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Res() reply: FastifyReply) {
    const project = await unlessMissing(this.budgeting.project(id));
    if (!project) return this.pages.render(reply, ctx, 'budgeting/not-found', { title: ctx.t('budr.project.notFound'), nav: 'budgeting', status: 404 });
    const round = await unlessMissing(this.budgeting.round(project.roundId));
    const { lang, t } = ctx;
    const title = localText(project.title, lang);
    this.pages.render(reply, ctx, 'budgeting/project', {
      title: title.text,
      titleLang: title.lang,
      nav: 'budgeting',
      project: projectSummaryView(t, lang, project, round),
      plan: { title: localText(project.plan.title, lang), description: localText(project.plan.description, lang), cost: euros(project.plan.cost, lang) },
      proposals: project.proposals.map((p) => ({ href: `/budgeting/proposals/${p.id}`, title: p.title })),
      milestones: [...project.milestones].sort((a, b) => a.position - b.position).map((m) => milestoneView(lang, m)),
      // The service sends them newest first; the page keeps that order.
      updates: project.updates.map((u) => ({
        id: u.id,
        at: formatDate(u.publishedAt, lang),
        status: t(`bud.project.${u.status}`),
        progress: u.progress,
        progressText: t('budr.projects.progress', { n: u.progress }),
        text: localText(u.text, lang),
      })),
      projectsHref: `/budgeting/${project.roundId}/projects`,
      roundHref: `/budgeting/${project.roundId}`,
      roundTitle: round ? localText(round.title, lang) : undefined,
    });
  }

  @Get(':roundId/results')
  async results(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Res() reply: FastifyReply) {
    const round = await roundOrNotFound(this.budgeting, this.pages, ctx, reply, roundId);
    if (!round) return;
    const { lang, t } = ctx;
    const roundTitle = localText(round.title, lang);
    // Before publication the service answers 404: that is "not out yet", not an error.
    const results = await unlessMissing(this.budgeting.results(roundId));
    if (!results) {
      return this.pages.render(reply, ctx, 'budgeting/results-pending', { title: t('budr.results.notOut'), nav: 'budgeting', roundTitle, roundHref: `/budgeting/${roundId}`, status: 404 });
    }
    const turnout = await unlessMissing(this.budgeting.turnout(roundId));
    const api = `/api/budgeting/rounds/${roundId}`;
    const districts = results.districts.map((d) => districtResultView(t, lang, round, d));
    this.pages.render(reply, ctx, 'budgeting/results', {
      title: t('budr.results.title'),
      nav: 'budgeting',
      roundTitle,
      roundHref: `/budgeting/${roundId}`,
      projectsHref: `/budgeting/${roundId}/projects`,
      published: results.publishedAt ? t('budr.results.published', { date: formatDate(results.publishedAt, lang, false) }) : undefined,
      rule: { name: t(`budr.rule.${results.rule}`), text: t(`budr.rule.${results.rule}.text`) },
      tieBreak: results.tieBreak[lang],
      minimum: round.minimumVotes > 0 ? t('budr.results.minimum', { n: round.minimumVotes }) : undefined,
      districts,
      turnout: turnout ? turnoutView(t, lang, round, turnout) : undefined,
      // The service's own files through the portal's API gateway (/api/budgeting → the service), as they are.
      data: {
        pabulib: districts.map((d) => ({ name: d.name, href: `${api}/pabulib?district=${encodeURIComponent(d.code)}`, file: `${roundId}-${d.code}.pb` })),
        csv: { href: `${api}/ballots.csv`, file: `${roundId}-ballots.csv` },
      },
    });
  }

  @Get(':roundId/projects')
  async projects(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Res() reply: FastifyReply) {
    const round = await roundOrNotFound(this.budgeting, this.pages, ctx, reply, roundId);
    if (!round) return;
    const { items } = await this.budgeting.projects(roundId);
    this.pages.render(reply, ctx, 'budgeting/projects', {
      title: ctx.t('budr.projects.title'),
      nav: 'budgeting',
      roundTitle: localText(round.title, ctx.lang),
      roundHref: `/budgeting/${roundId}`,
      resultsHref: round.resultsPublished ? `/budgeting/${roundId}/results` : undefined,
      projects: items.map((p: BudgetingHttp.ProjectSummary) => projectSummaryView(ctx.t, ctx.lang, p, round)),
    });
  }
}
