import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { GrantsHttp } from '@vaikuta/contracts';
import { GrantsClient } from '../clients/grants-client';
import { formatDate } from '../i18n/i18n';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext } from '../layout/portal-request';
import { inputOf, messageOf, newRoundForm, postedRound, roundForm, RoundFormValues, roundRequest, ROW_LISTS, RowList, withEmptyRow } from './grants-officer-round-form';
import { formRefusal, isStale, money, requireGrantsOfficer, roundText } from './grants-officer-view';

const uuid = new ParseUUIDPipe();
const NAV = 'grantsOfficer';

/** What went wrong with the round form: messages by input id, and a refusal of the whole form. */
interface RoundFormErrors {
  errors: Record<string, string>;
  refusal?: string;
  status: number;
}

/**
 * Grants officers' rounds: the list, announcing and amending a round (type, department, budget,
 * dates, criteria and weights, required attachments, the application form), a round's decision
 * list against its budget, and each year's statistics with their CSV.
 */
@Controller('staff/grants')
export class GrantsOfficerRoundsController {
  constructor(
    private readonly pages: Pages,
    private readonly grants: GrantsClient,
  ) {}

  @Get()
  async rounds(@Ctx() ctx: PortalContext, @Query('done') done: unknown, @Res() reply: FastifyReply) {
    requireGrantsOfficer(ctx);
    const { items } = await this.grants.rounds();
    const t = ctx.t;
    this.pages.render(reply, ctx, 'grants/officer-rounds', {
      title: t('gro.rounds.title'),
      nav: NAV,
      flash: done === 'created' || done === 'updated' ? { kind: 'success', text: t(`gro.round.done.${done}`) } : undefined,
      rounds: items.map((r) => ({
        id: r.id,
        title: roundText(r.title, ctx.lang),
        type: t(`gro.type.${r.type}`),
        department: r.department,
        budget: money(r.budgetCents, ctx.lang),
        opens: formatDate(r.opensAt, ctx.lang),
        closes: r.continuous && !r.closesAt ? t('gro.round.continuous') : formatDate(r.closesAt, ctx.lang),
        openNow: r.openNow,
      })),
    });
  }

  @Get('rounds/new')
  newRound(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply) {
    requireGrantsOfficer(ctx);
    this.renderForm(ctx, reply, { values: newRoundForm() });
  }

  @Post('rounds')
  async create(@Ctx() ctx: PortalContext, @Body() body: Record<string, unknown>, @Res() reply: FastifyReply) {
    const { token } = requireGrantsOfficer(ctx);
    if (this.addsRow(body)) return this.renderForm(ctx, reply, { values: withEmptyRow(postedRound(body, true), body.add as RowList), focus: body.add as RowList });
    const values = postedRound(body ?? {});
    const refused = await this.save(ctx, values, (request) => this.grants.createRound(GrantsHttp.createGrantRoundRequest.parse(request), token));
    if (refused) return this.renderForm(ctx, reply, { values, ...refused });
    reply.redirect('/staff/grants?done=created', 303);
  }

  @Get('rounds/:roundId/edit')
  async edit(@Ctx() ctx: PortalContext, @Param('roundId', uuid) roundId: string, @Res() reply: FastifyReply) {
    requireGrantsOfficer(ctx);
    const round = await this.grants.round(roundId);
    this.renderForm(ctx, reply, { values: roundForm(round), roundId, version: round.version, roundTitle: roundText(round.title, ctx.lang) });
  }

  @Post('rounds/:roundId')
  async update(@Ctx() ctx: PortalContext, @Param('roundId', uuid) roundId: string, @Body() body: Record<string, unknown>, @Res() reply: FastifyReply) {
    const { token } = requireGrantsOfficer(ctx);
    const values = postedRound(body ?? {});
    const version = Number(body?.version);
    const round = await this.grants.round(roundId);
    const context = { roundId, version, roundTitle: roundText(round.title, ctx.lang) };
    if (this.addsRow(body)) return this.renderForm(ctx, reply, { values: withEmptyRow(postedRound(body, true), body.add as RowList), focus: body.add as RowList, ...context });
    // A form without the version it was read at cannot be trusted not to overwrite a newer one.
    if (!Number.isInteger(version) || version < 1) return this.renderForm(ctx, reply, { values, errors: {}, refusal: ctx.t('gro.err.stale'), status: 409, ...context, version: round.version });
    const refused = await this.save(ctx, values, (request) => this.grants.updateRound(roundId, GrantsHttp.updateGrantRoundRequest.parse({ ...request, version }), token));
    if (refused) return this.renderForm(ctx, reply, { values, ...refused, ...context });
    reply.redirect('/staff/grants?done=updated', 303);
  }

  @Get('rounds/:roundId/decisions')
  async decisions(@Ctx() ctx: PortalContext, @Param('roundId', uuid) roundId: string, @Res() reply: FastifyReply) {
    requireGrantsOfficer(ctx);
    const [round, list] = await Promise.all([this.grants.round(roundId), this.grants.decisions(roundId)]);
    const t = ctx.t;
    const title = roundText(round.title, ctx.lang);
    this.pages.render(reply, ctx, 'grants/officer-decisions', {
      title: t('gro.decisions.title'),
      nav: NAV,
      round: { id: roundId, title },
      budget: money(list.budgetCents, ctx.lang),
      granted: money(list.grantedTotalCents, ctx.lang),
      remaining: money(list.remainingCents, ctx.lang),
      overBudget: list.remainingCents < 0,
      items: list.items.map((d) => ({
        id: d.applicationId,
        association: d.associationName,
        title: d.title,
        requested: money(d.requestedCents, ctx.lang),
        outcome: t(`gro.outcome.${d.outcome}`),
        granted: money(d.grantedCents, ctx.lang),
        decidedAt: formatDate(d.decidedAt, ctx.lang, false),
        ahjo: d.ahjoDecisionId,
      })),
    });
  }

  @Get('statistics')
  async statistics(@Ctx() ctx: PortalContext, @Query('year') year: unknown, @Res() reply: FastifyReply) {
    requireGrantsOfficer(ctx);
    const t = ctx.t;
    const thisYear = new Date().getUTCFullYear();
    const parsed = GrantsHttp.statisticsQuery.safeParse({ year: year === undefined || year === '' ? thisYear : year });
    if (!parsed.success) {
      return this.pages.render(reply, ctx, 'grants/officer-statistics', { title: t('gro.stats.title'), nav: NAV, status: 400, yearValue: String(year), yearError: t('gro.err.year') });
    }
    const stats = await this.grants.statistics(parsed.data.year);
    const tally = (row: { applications: number; granted: number; grantedCents: number }) => ({ applications: row.applications, granted: row.granted, sum: money(row.grantedCents, ctx.lang) });
    const rounds = new Map((await this.grants.rounds({ year: parsed.data.year })).items.map((r) => [r.id, roundText(r.title, ctx.lang)]));
    this.pages.render(reply, ctx, 'grants/officer-statistics', {
      title: t('gro.stats.title'),
      nav: NAV,
      yearValue: String(stats.year),
      year: stats.year,
      csvHref: `/staff/grants/statistics.csv?year=${stats.year}`,
      rounds: stats.rounds.map((r) => ({ ...tally(r), id: r.roundId, title: rounds.get(r.roundId) ?? { text: r.roundId }, type: t(`gro.type.${r.type}`), department: r.department, budget: money(r.budgetCents, ctx.lang) })),
      byType: stats.byType.map((r) => ({ ...tally(r), type: t(`gro.type.${r.type}`) })),
      byDepartment: stats.byDepartment.map((r) => ({ ...tally(r), department: r.department })),
    });
  }

  @Get('statistics.csv')
  async statisticsCsv(@Ctx() ctx: PortalContext, @Query('year') year: unknown, @Res() reply: FastifyReply) {
    requireGrantsOfficer(ctx);
    const parsed = GrantsHttp.statisticsQuery.safeParse({ year });
    const chosen = parsed.success ? parsed.data.year : new Date().getUTCFullYear();
    const res = await this.grants.statisticsCsv(chosen);
    reply
      .header('Content-Type', res.headers.get('content-type') ?? 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="grants-${chosen}.csv"`)
      .header('Cache-Control', 'private, no-store')
      .send(Buffer.from(await res.arrayBuffer()));
  }

  /** The form posted by one of the "add another" buttons, not by "save". */
  private addsRow(body: Record<string, unknown> | undefined): boolean {
    return typeof body?.add === 'string' && (ROW_LISTS as readonly string[]).includes(body.add);
  }

  /** Sends the round; the problems (the portal's own, the contract's, the service's) by input, or nothing when saved. */
  private async save(ctx: PortalContext, values: RoundFormValues, send: (request: Record<string, unknown>) => Promise<unknown>): Promise<RoundFormErrors | undefined> {
    const t = ctx.t;
    const { request, problems } = roundRequest(values);
    const contract = GrantsHttp.createGrantRoundRequest.safeParse(request);
    const fields = [...problems, ...(contract.success ? [] : contract.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message })))];
    const byInput = (list: { field: string }[]) => {
      const errors: Record<string, string> = {};
      for (const p of list) errors[inputOf(p.field)] ??= t(`gro.err.${messageOf(p.field)}`);
      return errors;
    };
    if (fields.length) return { errors: byInput(fields), status: 400 };
    try {
      await send(request);
      return undefined;
    } catch (error) {
      if (isStale(error)) return { errors: {}, refusal: t('gro.err.stale'), status: 409 };
      const problem = formRefusal(error);
      const errors = byInput(problem.fieldErrors);
      return { errors, refusal: Object.keys(errors).length ? undefined : (problem.problem.detail ?? t('gro.err.other')), status: problem.status };
    }
  }

  private renderForm(
    ctx: PortalContext,
    reply: FastifyReply,
    data: { values: RoundFormValues; errors?: Record<string, string>; refusal?: string; status?: number; focus?: RowList; roundId?: string; version?: number; roundTitle?: { text: string; lang?: string } },
  ) {
    const t = ctx.t;
    const errors = data.errors ?? {};
    const row = (list: RowList) => (r: RoundFormValues[RowList][number]) => {
      const id = (field: string) => `${list}-${r.i}-${field}`;
      // The row just added by "add another" takes the focus, so a keyboard user carries on typing there.
      const added = data.focus === list && r.i === data.values[list].length - 1;
      return { ...r, list, added, errors: Object.fromEntries(['key', 'label-fi', 'label-sv', 'label-en', 'weight', 'kind', 'choices'].map((f) => [f.replace('-', ''), errors[id(f)]])) };
    };
    const known = new Set(['type', 'department', 'budget', 'title-fi', 'title-sv', 'title-en', 'description-fi', 'description-sv', 'description-en', 'opensAt', 'closesAt', 'reportDue', 'criteria']);
    for (const list of ROW_LISTS) for (const r of data.values[list]) for (const f of ['key', 'label-fi', 'label-sv', 'label-en', 'weight', 'kind', 'choices']) known.add(`${list}-${r.i}-${f}`);
    // A problem the form has no input for still shows, in the summary, rather than vanishing.
    const summary = Object.entries(errors).map(([id, text]) => ({ href: known.has(id) ? `#${id}` : '#round-form', text }));
    const editing = Boolean(data.roundId);
    this.pages.render(reply, ctx, 'grants/officer-round-form', {
      title: editing ? t('gro.round.editTitle') : t('gro.round.newTitle'),
      nav: NAV,
      status: data.status,
      action: editing ? `/staff/grants/rounds/${data.roundId}` : '/staff/grants/rounds',
      roundId: data.roundId,
      roundTitle: data.roundTitle,
      version: data.version,
      refusal: data.refusal,
      errors,
      errorSummary: summary,
      values: data.values,
      types: GrantsHttp.GRANT_ROUND_TYPES.map((type) => ({ value: type, label: t(`gro.type.${type}`) })),
      kinds: GrantsHttp.formFieldKind.options.map((kind) => ({ value: kind, label: t(`gro.kind.${kind}`) })),
      criteria: data.values.criteria.map(row('criteria')),
      requiredAttachments: data.values.requiredAttachments.map(row('requiredAttachments')),
      formFields: data.values.formFields.map(row('formFields')),
    });
  }
}
