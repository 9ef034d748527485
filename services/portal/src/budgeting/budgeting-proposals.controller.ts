import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { BudgetingHttp } from '@vaikuta/contracts';
import { BudgetingClient } from '../clients/budgeting-client';
import { queryString } from '../clients/service-client';
import { FieldProblem, ServiceProblem } from '../clients/service-problem';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireUser } from '../layout/portal-request';
import { Translate } from '../i18n/i18n';
import { PORTAL_CONFIG, PortalConfig } from '../portal-config';
import { roundOrNotFound } from './budgeting-rounds.controller';
import { euros, localText } from './budgeting-view';
import { planMapView, planPlaces } from './plans-on-map';

/** The proposal form's fields, in the order the error summary lists them. */
const PROPOSAL_FIELDS = ['title', 'description', 'districtCode', 'roughCost'] as const;
type ProposalField = (typeof PROPOSAL_FIELDS)[number];

interface ProposalForm {
  title?: string;
  description?: string;
  districtCode?: string;
  roughCost?: string;
  idempotencyKey?: string;
}

const words = (value: unknown) => (typeof value === 'string' && value.trim() && value.length <= 200 ? value.trim() : undefined);
const code = (value: unknown) => (typeof value === 'string' && /^[a-z0-9-]{2,40}$/.test(value) ? value : undefined);

/** A field problem (ours or the service's) as the form shows it: one message per field, in the person's language. */
export function proposalErrors(t: Translate, problems: readonly FieldProblem[]) {
  const errors: Record<string, string> = {};
  for (const { field } of problems) {
    const known = (PROPOSAL_FIELDS as readonly string[]).includes(field) ? (field as ProposalField) : undefined;
    // A problem with a field the form does not have (location, source) is shown on the description.
    const shown = known ?? 'description';
    errors[shown] ??= t(known ? `bud.err.${known}` : 'bud.err.other');
  }
  const errorSummary = PROPOSAL_FIELDS.filter((f) => errors[f]).map((f) => ({ href: `#bud-${f}`, text: errors[f] }));
  return { errors, errorSummary };
}

/** Proposals of a round (browse, search, propose), one proposal's thread, and the plans on the ballot. */
@Controller('budgeting')
export class BudgetingProposalsController {
  constructor(
    private readonly pages: Pages,
    private readonly budgeting: BudgetingClient,
    @Inject(PORTAL_CONFIG) private readonly config: PortalConfig,
  ) {}

  // The static segment before `:roundId` (find-my-way prefers it anyway).
  @Get('proposals/:id')
  async thread(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Res() reply: FastifyReply) {
    let thread: BudgetingHttp.ProposalThread;
    try {
      thread = await this.budgeting.thread(id);
    } catch (error) {
      if (error instanceof ServiceProblem && error.status === 404) {
        return this.pages.render(reply, ctx, 'budgeting/not-found', { title: ctx.t('bud.thread.notFound'), nav: 'budgeting', status: 404 });
      }
      throw error;
    }
    const t = ctx.t;
    const source = thread.source
      ? { label: t(`bud.thread.source.${thread.source.kind}`), href: thread.source.kind === 'feedback' ? `/feedback/track/${encodeURIComponent(thread.source.id)}` : `/initiatives/${encodeURIComponent(thread.source.id)}` }
      : undefined;
    this.pages.render(reply, ctx, 'budgeting/proposal', {
      title: thread.title,
      titleLang: thread.language === ctx.lang ? undefined : thread.language,
      nav: 'budgeting',
      p: thread,
      statusLabel: t(`bud.status.${thread.status}`),
      roughCost: euros(thread.roughCost, ctx.lang),
      source,
      screeningLabel: thread.screening ? t(`bud.status.${thread.screening.outcome}`) : undefined,
      plan: thread.plan ? { title: localText(thread.plan.title, ctx.lang), cost: euros(thread.plan.cost, ctx.lang) } : undefined,
      project: thread.project ? { status: t(`bud.project.${thread.project.status}`), progress: t('bud.thread.progress', { n: thread.project.progress }) } : undefined,
      roundHref: `/budgeting/${thread.roundId}`,
    });
  }

  @Get(':roundId/proposals')
  async list(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    return this.renderList(ctx, reply, roundId, query, {});
  }

  @Post(':roundId/proposals')
  async propose(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: ProposalForm, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const cost = String(body.roughCost ?? '').replace(/\s/g, '');
    const request = {
      title: String(body.title ?? ''),
      description: String(body.description ?? ''),
      language: ctx.lang,
      districtCode: String(body.districtCode ?? ''),
      // Empty is "no guess"; anything else must be whole euros (a letter is refused, not dropped).
      ...(cost ? { roughCost: /^\d{1,10}$/.test(cost) ? Number(cost) : Number.NaN } : {}),
    };
    const values = { ...body };
    const checked = BudgetingHttp.submitProposalRequest.safeParse(request);
    if (!checked.success) {
      const problems = checked.error.issues.map((i) => ({ field: String(i.path[0] ?? ''), message: i.message }));
      return this.renderList(ctx, reply, roundId, {}, { ...proposalErrors(ctx.t, problems), values, status: 400 });
    }
    const key = typeof body.idempotencyKey === 'string' && /^[0-9a-f-]{36}$/.test(body.idempotencyKey) ? body.idempotencyKey : randomUUID();
    try {
      const proposal = await this.budgeting.propose(roundId, checked.data, token, key);
      return reply.redirect(`/budgeting/proposals/${proposal.id}`, 303);
    } catch (error) {
      if (!(error instanceof ServiceProblem)) throw error;
      if (error.status === 400) return this.renderList(ctx, reply, roundId, {}, { ...proposalErrors(ctx.t, error.fieldErrors.length ? error.fieldErrors : [{ field: 'description', message: '' }]), values, status: 400 });
      // Refused (eligibility, 403) or out of phase (409): the service's reason, in the person's language for refusals.
      if (error.status === 403 || error.status === 409) return this.renderList(ctx, reply, roundId, {}, { refusal: error.problem.detail ?? ctx.t('bud.proposals.closed'), values, status: error.status });
      throw error;
    }
  }

  @Get(':roundId/plans')
  async plans(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Res() reply: FastifyReply) {
    const round = await roundOrNotFound(this.budgeting, this.pages, ctx, reply, roundId);
    if (!round) return;
    const { items } = await this.budgeting.plans(roundId);
    const places = await planPlaces(this.budgeting, roundId, items);
    const districts = round.districts.map((d) => ({
      code: d.code,
      name: localText(d.name, ctx.lang),
      budget: euros(d.budget, ctx.lang),
      plans: items.filter((p) => p.districtCode === d.code).map((p) => ({ id: p.id, title: localText(p.title, ctx.lang), description: localText(p.description, ctx.lang), cost: euros(p.cost, ctx.lang), place: places.get(p.id) })),
    }));
    const title = localText(round.title, ctx.lang);
    this.pages.render(reply, ctx, 'budgeting/plans', {
      title: ctx.t('bud.plans.title'),
      nav: 'budgeting',
      roundTitle: title,
      roundHref: `/budgeting/${round.id}`,
      voteHref: round.phase === 'voting' ? `/budgeting/${round.id}/vote` : undefined,
      resultsHref: round.resultsPublished ? `/budgeting/${round.id}/results` : undefined,
      // The map only when a plan has a place: the list stays the page (budgeting/plans-on-map.ts).
      map: places.size ? planMapView(this.config, ctx.t) : undefined,
      districts,
    });
  }

  private async renderList(ctx: PortalContext, reply: FastifyReply, roundId: string, query: Record<string, unknown>, extra: Record<string, unknown>) {
    const round = await roundOrNotFound(this.budgeting, this.pages, ctx, reply, roundId);
    if (!round) return;
    const filters = { district: code(query.district), q: words(query.q) };
    const cursor = typeof query.cursor === 'string' && query.cursor.length <= 300 ? query.cursor : undefined;
    const page = await this.budgeting.proposals(roundId, { ...filters, cursor, limit: 20 });
    const districtName = new Map(round.districts.map((d) => [d.code, localText(d.name, ctx.lang)]));
    const open = round.phase === 'proposals';
    // A signed-in resident learns before writing whether they may propose, with every reason why not.
    const eligibility = open && ctx.user && ctx.token ? await this.budgeting.eligibility(roundId, ctx.lang, ctx.token) : undefined;
    const base = `/budgeting/${roundId}/proposals`;
    const title = localText(round.title, ctx.lang);
    this.pages.render(reply, ctx, 'budgeting/proposals', {
      title: ctx.t('bud.proposals.title'),
      nav: 'budgeting',
      roundTitle: title,
      roundHref: `/budgeting/${roundId}`,
      action: base,
      filters,
      filtered: Boolean(filters.district || filters.q),
      districts: round.districts.map((d) => ({ code: d.code, name: localText(d.name, ctx.lang).text })),
      items: page.items.map((p) => ({
        id: p.id,
        title: p.title,
        titleLang: p.language === ctx.lang ? undefined : p.language,
        district: districtName.get(p.districtCode)?.text ?? p.districtCode,
        statusLabel: ctx.t(`bud.status.${p.status}`),
        roughCost: euros(p.roughCost, ctx.lang),
      })),
      nextHref: page.nextCursor ? `${base}${queryString({ ...filters, cursor: page.nextCursor })}` : undefined,
      firstHref: cursor ? `${base}${queryString(filters)}` : undefined,
      open,
      canPropose: open && eligibility?.eligible === true,
      refusals: eligibility && !eligibility.eligible ? eligibility.refusals : undefined,
      loginHref: open && !ctx.user ? `/login?next=${encodeURIComponent(base)}` : undefined,
      idempotencyKey: randomUUID(),
      values: {},
      ...extra,
    });
  }
}
