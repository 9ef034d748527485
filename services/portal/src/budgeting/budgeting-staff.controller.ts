import { Body, Controller, ForbiddenException, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { BudgetingHttp } from '@vaikuta/contracts';
import { BudgetingClient } from '../clients/budgeting-client';
import { ServiceProblem } from '../clients/service-problem';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireUser } from '../layout/portal-request';
import { Repeatable } from '../layout/single-values.guard';
import { formatDate } from '../i18n/i18n';
import { roundOrNotFound } from './budgeting-rounds.controller';
import { describeRound, euros, isBudgetingCoordinator, localText } from './budgeting-view';


/** Coordinators and admins only; a resident gets 403, someone signed out the sign-in page. */
export function requireCoordinator(ctx: PortalContext) {
  const session = requireUser(ctx);
  if (!isBudgetingCoordinator(ctx)) throw new ForbiddenException();
  return session;
}

interface ScreeningForm {
  version?: string;
  outcome?: string;
  reason?: string;
}

interface DeskForm {
  channel?: string;
  sheetId?: string;
  place?: string;
  identityCode?: string;
  districtCode?: string;
  plan?: string | string[];
}

const DESK_FIELDS = ['channel', 'sheetId', 'place', 'identityCode', 'districtCode', 'plan'] as const;
const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]).map(String);

/**
 * Coordinators' pages: screen proposals (feasible or not, with a public reason), enter paper
 * and assisted ballots, and read the reconciliation of people seen in several channels.
 */
@Controller('staff/budgeting')
export class BudgetingStaffController {
  constructor(
    private readonly pages: Pages,
    private readonly budgeting: BudgetingClient,
  ) {}

  @Get()
  async rounds(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply) {
    requireCoordinator(ctx);
    const { items } = await this.budgeting.rounds();
    this.pages.render(reply, ctx, 'budgeting/staff-rounds', { title: ctx.t('bud.staff.title'), nav: 'budgetingStaff', rounds: items.map((r) => describeRound(ctx.t, ctx.lang, r)) });
  }

  @Get(':roundId')
  async round(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Query('done') done: unknown, @Res() reply: FastifyReply) {
    requireCoordinator(ctx);
    const flash = typeof done === 'string' && ['screened', 'paper', 'assisted', 'paperNotCounted', 'assistedNotCounted'].includes(done) ? { kind: 'success', text: ctx.t(`bud.staff.done.${done}`) } : undefined;
    return this.render(ctx, reply, roundId, { flash });
  }

  @Post('proposals/:id/screening')
  async screen(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: ScreeningForm, @Res() reply: FastifyReply) {
    const { token } = requireCoordinator(ctx);
    const request = BudgetingHttp.screenProposalRequest.safeParse({ version: Number(body.version), outcome: body.outcome, reason: String(body.reason ?? '') });
    const proposal = await this.budgeting.thread(id);
    const fail = (text: string, status: number) => this.render(ctx, reply, proposal.roundId, { status, screenError: { id, text }, values: { [id]: body } });
    if (!request.success) return fail(ctx.t(request.error.issues.some((i) => i.path[0] === 'outcome') ? 'bud.staff.err.outcome' : 'bud.staff.err.reason'), 400);
    try {
      await this.budgeting.screen(id, request.data, token);
    } catch (error) {
      if (error instanceof ServiceProblem && error.status === 409) return fail(ctx.t('bud.staff.err.stale'), 409);
      if (error instanceof ServiceProblem && error.status === 400) return fail(ctx.t('bud.staff.err.reason'), 400);
      throw error;
    }
    reply.redirect(`/staff/budgeting/${proposal.roundId}?done=screened#screening`, 303);
  }

  @Post(':roundId/ballots')
  @Repeatable('plan')
  async enter(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: DeskForm, @Res() reply: FastifyReply) {
    const { token } = requireCoordinator(ctx);
    const round = await roundOrNotFound(this.budgeting, this.pages, ctx, reply, roundId);
    if (!round) return;
    const { items } = await this.budgeting.plans(roundId);
    const channel = body.channel === 'assisted' ? 'assisted' : 'paper';
    const district = round.districts.find((d) => !d.cityWide && d.code === body.districtCode);
    const city = round.districts.find((d) => d.cityWide);
    const chosen = [...new Set(list(body.plan))].map((id) => items.find((p) => p.id === id));
    // The identity code is never shown back: staff type it again after a refusal.
    const values = { channel, sheetId: body.sheetId, place: body.place, districtCode: body.districtCode, plan: list(body.plan) };
    const errors: Record<string, string> = {};
    if (!district) errors.districtCode = ctx.t('bud.err.districtCode');
    else if (chosen.some((p) => !p || (p.districtCode !== district.code && p.districtCode !== city?.code))) errors.plan = ctx.t('bud.staff.err.plan');
    if (Object.keys(errors).length) return this.render(ctx, reply, roundId, { status: 400, deskErrors: errors, deskValues: values });
    const choice = {
      districtCode: district!.code,
      district: chosen.filter((p) => p!.districtCode === district!.code).map((p) => p!.id),
      cityWide: chosen.filter((p) => p!.districtCode === city?.code).map((p) => p!.id),
      identityCode: String(body.identityCode ?? ''),
    };
    const request = channel === 'paper' ? { ...choice, sheetId: String(body.sheetId ?? '') } : { ...choice, place: String(body.place ?? '') };
    let receipt: BudgetingHttp.BallotReceipt;
    try {
      receipt = await this.budgeting.enterBallot(roundId, channel, request as BudgetingHttp.PaperBallotRequest, token);
    } catch (error) {
      if (!(error instanceof ServiceProblem) || ![400, 403, 409].includes(error.status)) throw error;
      const fieldErrors: Record<string, string> = {};
      for (const problem of error.fieldErrors) {
        const field = (DESK_FIELDS as readonly string[]).includes(problem.field) ? problem.field : problem.field === 'district' || problem.field === 'cityWide' ? 'plan' : 'identityCode';
        fieldErrors[field] ??= ctx.t(`bud.staff.err.${field}`);
      }
      // A refusal (too young) names its reason in the staff member's language; a conflict outside a field (phase) likewise.
      const refusal = Object.keys(fieldErrors).length ? undefined : (error.problem.detail ?? ctx.t('bud.staff.err.other'));
      return this.render(ctx, reply, roundId, { status: error.status, deskErrors: fieldErrors, deskRefusal: refusal, deskValues: values });
    }
    reply.redirect(`/staff/budgeting/${roundId}?done=${channel}${receipt.counts ? '' : 'NotCounted'}#desk`, 303);
  }

  private async render(ctx: PortalContext, reply: FastifyReply, roundId: string, extra: Record<string, unknown>) {
    const { token } = requireCoordinator(ctx);
    const round = await roundOrNotFound(this.budgeting, this.pages, ctx, reply, roundId);
    if (!round) return;
    const [waiting, { items: plans }, report] = await Promise.all([
      this.budgeting.proposals(roundId, { status: 'submitted', limit: 50 }),
      this.budgeting.plans(roundId),
      round.phase === 'upcoming' ? Promise.resolve(undefined) : this.budgeting.reconciliation(roundId, token),
    ]);
    const t = ctx.t;
    const names = new Map(round.districts.map((d) => [d.code, localText(d.name, ctx.lang)]));
    const deskValues = (extra.deskValues ?? {}) as { plan?: string[]; districtCode?: string; channel?: string };
    const values = (extra.values ?? {}) as Record<string, ScreeningForm>;
    const title = localText(round.title, ctx.lang);
    this.pages.render(reply, ctx, 'budgeting/staff-round', {
      title: title.text,
      titleLang: title.lang,
      nav: 'budgetingStaff',
      roundId,
      round: { id: roundId },
      ...extra,
      waiting: waiting.items.map((p) => ({
        id: p.id,
        title: p.title,
        titleLang: p.language === ctx.lang ? undefined : p.language,
        district: names.get(p.districtCode)?.text ?? p.districtCode,
        description: p.description,
        version: p.version,
        values: values[p.id] ?? {},
        error: (extra.screenError as { id: string; text: string } | undefined)?.id === p.id ? (extra.screenError as { text: string }).text : undefined,
      })),
      deskOpen: ['voting', 'results'].includes(round.phase),
      districts: round.districts.filter((d) => !d.cityWide).map((d) => ({ code: d.code, name: localText(d.name, ctx.lang).text })),
      planGroups: round.districts.map((d) => ({
        name: names.get(d.code)!,
        plans: plans.filter((p) => p.districtCode === d.code).map((p) => ({ id: p.id, title: localText(p.title, ctx.lang), cost: euros(p.cost, ctx.lang), checked: (deskValues.plan ?? []).includes(p.id) })),
      })),
      assisted: deskValues.channel === 'assisted',
      report: report && {
        policy: t(`bud.staff.policy.${report.policy}`),
        items: report.items.map((item) => ({
          personRef: item.personRef,
          channels: item.channels.map((c) => t(`bud.staff.channel.${c}`)).join(', '),
          entries: item.entries.map((e) => ({ channel: t(`bud.staff.channel.${e.channel}`), at: formatDate(e.confirmedAt, ctx.lang), kind: e.kind, counted: e.ballotId === item.counted })),
          why: item.why,
        })),
      },
    });
  }
}
