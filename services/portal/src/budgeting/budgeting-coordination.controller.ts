import { Body, Controller, Get, NotFoundException, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Multipart } from '@fastify/multipart';
import { z } from 'zod';
import { BudgetingHttp } from '@vaikuta/contracts';
import { BudgetingClient } from '../clients/budgeting-client';
import { ServiceProblem } from '../clients/service-problem';
import { formatDate, Lang, Translate } from '../i18n/i18n';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext } from '../layout/portal-request';
import { Repeatable } from '../layout/single-values.guard';
import { roundOrNotFound } from './budgeting-rounds.controller';
import { requireCoordinator } from './budgeting-staff.controller';
import { euros, localText } from './budgeting-view';

type Form = Record<string, string | string[] | undefined>;
const LANGS = ['fi', 'sv', 'en'] as const;
const str = (form: Form, key: string) => {
  const value = form[key];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
};
const many = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]).map(String);

/** A text of the three languages from fields `<prefix>Fi`, `<prefix>Sv`, `<prefix>En`; empty ones left out. */
function textOf(form: Form, prefix: string): Record<string, string> {
  const text: Record<string, string> = {};
  for (const lang of LANGS) {
    const value = str(form, `${prefix}${lang[0].toUpperCase()}${lang[1]}`);
    if (value) text[lang] = value;
  }
  return text;
}

/** Whole euros as people type them ("45 000", "45000"); NaN for anything else, undefined for nothing. */
function wholeEuros(value: string): number | undefined {
  const compact = value.replace(/[\s\u00a0]/g, '');
  if (!compact) return undefined;
  return /^\d{1,10}$/.test(compact) ? Number(compact) : Number.NaN;
}

const HELSINKI = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** An instant as a `datetime-local` value in Finnish time, the time coordinators plan in. */
export function helsinkiLocal(iso: string | null): string {
  return iso ? HELSINKI.format(new Date(iso)).replace(' ', 'T') : '';
}

/** A `datetime-local` value read as Finnish time (summer time included) → ISO instant; null when malformed. */
export function fromHelsinkiLocal(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  // 30 February and 25:00 roll over in Date.UTC: refuse them instead.
  if (new Date(wall).toISOString().slice(0, 16) !== value.trim()) return null;
  const offsetAt = (instant: number) => Date.parse(`${helsinkiLocal(new Date(instant).toISOString())}:00Z`) - instant;
  // The offset depends on the instant: guess with the wall time, then correct once (DST edges).
  let instant = wall - offsetAt(wall);
  instant = wall - offsetAt(instant);
  return new Date(instant).toISOString();
}

/** What went wrong with a form: messages by field, or a refusal of the whole action. */
interface Refused {
  status: number;
  errors: Record<string, string>;
  refusal?: string;
}

/** A form field's message: the phases' fields are numbered (opensAt3), their message is not. */
const messageKey = (field: string) => `bud.co.err.${field.replace(/\d+$/, '')}`;

/** zod issues → the form's own field names, each with its message in the reader's language. */
function fieldErrors(t: Translate, issues: readonly { path: readonly PropertyKey[] }[], fieldOf: (path: string) => string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = fieldOf(issue.path.map(String).join('.'));
    errors[field] ??= t(messageKey(field));
  }
  return errors;
}

/**
 * A service's refusal in the coordinator's words: a stale version is "someone changed this",
 * a phase conflict names what the phase forbids, field problems sit next to their fields.
 */
function refusalOf(t: Translate, error: unknown, fieldOf: (path: string) => string): Refused {
  if (!(error instanceof ServiceProblem) || ![400, 403, 409, 422].includes(error.status)) throw error;
  const problem = error.problem as ServiceProblem['problem'] & { phase?: string };
  if (error.status === 409 && problem.currentVersion !== undefined) return { status: 409, errors: {}, refusal: t('bud.co.err.stale') };
  const errors: Record<string, string> = {};
  for (const f of error.fieldErrors) {
    const field = fieldOf(f.field);
    errors[field] ??= t(field === 'cost' && error.status === 409 ? 'bud.co.err.costNeeded' : messageKey(field));
  }
  if (Object.keys(errors).length) return { status: error.status, errors };
  const known: Record<string, string> = {
    'Voting has opened': 'bud.co.err.votingOpened',
    'Voting has not closed': 'bud.co.err.votingNotClosed',
    'Results already published': 'bud.co.err.published',
    'The results are out of date': 'bud.co.err.outOfDate',
    'No results to publish': 'bud.co.err.notComputed',
  };
  const key = known[problem.title ?? ''];
  return { status: error.status, errors: {}, refusal: key ? t(key) : `${t('bud.co.err.refused')} ${problem.detail ?? ''}`.trim() };
}

const planField = (path: string) => {
  const head = path.split('.')[0];
  if (head === 'proposalIds') return 'proposal';
  return ['title', 'description', 'districtCode', 'cost', 'incompatibleGroup'].includes(head) ? head : 'title';
};
const phaseField = (path: string) => {
  const m = /^phases\.(\d)\.(opensAt|closesAt)/.exec(path);
  return m ? `${m[2]}${m[1]}` : path === 'reason' ? 'reason' : 'opensAt0';
};
const overrideField = (path: string) => (path === 'planId' || path === 'decision' ? path : 'overrideReason');
const updateField = (path: string) => (path.startsWith('text') ? 'text' : path === 'status' || path === 'progress' ? path : 'text');
const milestoneField = (path: string) => (path === 'dueDate' ? 'dueDate' : 'milestoneTitle');

const FLASHES = ['planCreated', 'planSaved', 'planOnBallot', 'planWithdrawn', 'planDraft', 'phasesMoved', 'computed', 'override', 'published', 'update', 'milestone', 'reached'];
const PLAN_ACTIONS: Record<string, { status?: BudgetingHttp.PlanStatus; done: string }> = {
  save: { done: 'planSaved' },
  on_ballot: { status: 'on_ballot', done: 'planOnBallot' },
  withdrawn: { status: 'withdrawn', done: 'planWithdrawn' },
  draft: { status: 'draft', done: 'planDraft' },
};
/** A Pabulib file larger than this is no ward's round: refused before it reaches the service. */
const PABULIB_MAX_BYTES = 5 * 1024 * 1024;

/**
 * Coordinators' work on a round after screening: combine proposals into plans and cost them,
 * move the phase dates, compute, override and publish the results, follow the projects up,
 * and analyse a Pabulib file. Every form posts and redirects back (post-redirect-get); a
 * refusal re-renders the page with what was typed and the reason next to the form.
 */
@Controller('staff/budgeting')
export class BudgetingCoordinationController {
  constructor(
    private readonly pages: Pages,
    private readonly budgeting: BudgetingClient,
  ) {}

  // ── Costing and plans ──

  @Get(':roundId/plans')
  plans(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Query('done') done: unknown, @Res() reply: FastifyReply) {
    return this.renderPlans(ctx, reply, roundId, { flash: flashOf(ctx.t, done) });
  }

  @Post(':roundId/plans')
  @Repeatable('proposal')
  async createPlan(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: Form, @Res() reply: FastifyReply) {
    const { token } = requireCoordinator(ctx);
    const cost = wholeEuros(str(body, 'cost'));
    const group = str(body, 'incompatibleGroup');
    const request = BudgetingHttp.createPlanRequest.safeParse({
      title: textOf(body, 'title'),
      description: textOf(body, 'desc'),
      districtCode: str(body, 'districtCode'),
      proposalIds: [...new Set(many(body.proposal))],
      cost,
      incompatibleGroup: group || undefined,
    });
    const values = { ...body, proposal: many(body.proposal) };
    if (!request.success) return this.renderPlans(ctx, reply, roundId, { create: { status: 400, errors: fieldErrors(ctx.t, request.error.issues, planField), values } });
    try {
      await this.budgeting.createPlan(roundId, request.data, token);
    } catch (error) {
      return this.renderPlans(ctx, reply, roundId, { create: { ...refusalOf(ctx.t, error, planField), values } });
    }
    reply.redirect(`/staff/budgeting/${roundId}/plans?done=planCreated#plans-${request.data.districtCode}`, 303);
  }

  @Post('plans/:planId')
  async updatePlan(@Ctx() ctx: PortalContext, @Param('planId', new ParseUUIDPipe()) planId: string, @Body() body: Form, @Res() reply: FastifyReply) {
    const { token } = requireCoordinator(ctx);
    const roundId = str(body, 'roundId');
    if (!z.uuid().safeParse(roundId).success) throw new NotFoundException();
    const action = PLAN_ACTIONS[str(body, 'action')] ?? PLAN_ACTIONS.save;
    const group = str(body, 'incompatibleGroup');
    const title = textOf(body, 'title');
    const description = textOf(body, 'desc');
    const request = BudgetingHttp.updatePlanRequest.safeParse({
      version: Number(str(body, 'version')),
      cost: wholeEuros(str(body, 'cost')),
      title,
      description,
      incompatibleGroup: group || null,
      status: action.status,
    });
    const edit = (refused: Refused) => this.renderPlans(ctx, reply, roundId, { edit: { id: planId, ...refused, values: body } });
    if (!request.success) return edit({ status: 400, errors: fieldErrors(ctx.t, request.error.issues, planField) });
    try {
      await this.budgeting.updatePlan(planId, request.data, token);
    } catch (error) {
      return edit(refusalOf(ctx.t, error, planField));
    }
    reply.redirect(`/staff/budgeting/${roundId}/plans?done=${action.done}#plan-${planId}`, 303);
  }

  private async renderPlans(ctx: PortalContext, reply: FastifyReply, roundId: string, extra: { flash?: unknown; create?: Refused & { values: Form }; edit?: Refused & { id: string; values: Form } }) {
    const { token } = requireCoordinator(ctx);
    const round = await roundOrNotFound(this.budgeting, this.pages, ctx, reply, roundId);
    if (!round) return;
    const t = ctx.t;
    const [{ items: plans }, ...feasible] = await Promise.all([
      this.budgeting.staffPlans(roundId, token),
      ...round.districts.map((d) => this.budgeting.proposals(roundId, { district: d.code, status: 'feasible', limit: 50 })),
    ]);
    const votingOpened = ['voting', 'results', 'implementation'].includes(round.phase);
    const chosen = many(extra.create?.values.proposal);
    const title = localText(round.title, ctx.lang);
    this.pages.render(
      reply,
      ctx,
      'budgeting/staff-plans',
      {
        title: t('bud.co.plans.title'),
        nav: 'budgetingStaff',
        round: { id: roundId, title },
        votingOpened,
        flash: extra.flash,
        create: extra.create && { errors: extra.create.errors, refusal: extra.create.refusal, values: extra.create.values },
        districtOptions: round.districts.map((d) => ({ code: d.code, name: localText(d.name, ctx.lang).text })),
        districts: round.districts.map((d, i) => ({
          code: d.code,
          name: localText(d.name, ctx.lang),
          budget: euros(d.budget, ctx.lang),
          proposals: feasible[i].items.map((p) => ({ id: p.id, title: p.title, lang: p.language === ctx.lang ? undefined : p.language, roughCost: euros(p.roughCost, ctx.lang), checked: chosen.includes(p.id) })),
          plans: plans
            .filter((p) => p.districtCode === d.code)
            .map((p) => {
              const editing = extra.edit?.id === p.id ? extra.edit : undefined;
              return {
                id: p.id,
                version: p.version,
                title: localText(p.title, ctx.lang),
                status: t(`bud.co.plans.status.${p.status}`),
                onBallot: p.status === 'on_ballot',
                withdrawn: p.status === 'withdrawn',
                cost: euros(p.cost, ctx.lang),
                proposals: p.proposalIds,
                errors: editing?.errors ?? {},
                refusal: editing?.refusal,
                values: editing?.values ?? {
                  titleFi: p.title.fi,
                  titleSv: p.title.sv,
                  titleEn: p.title.en,
                  descFi: p.description.fi,
                  descSv: p.description.sv,
                  descEn: p.description.en,
                  cost: p.cost ?? '',
                  incompatibleGroup: p.incompatibleGroup ?? '',
                },
              };
            }),
        })),
        status: extra.create?.status ?? extra.edit?.status,
      },
    );
  }

  // ── Phases ──

  @Get(':roundId/phases')
  phases(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Query('done') done: unknown, @Res() reply: FastifyReply) {
    return this.renderPhases(ctx, reply, roundId, { flash: flashOf(ctx.t, done) });
  }

  @Post(':roundId/phases')
  async movePhases(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: Form, @Res() reply: FastifyReply) {
    const { token } = requireCoordinator(ctx);
    const errors: Record<string, string> = {};
    const phases = BudgetingHttp.ROUND_PHASES.map((phase, i) => {
      const opensAt = fromHelsinkiLocal(str(body, `opensAt${i}`));
      const closesRaw = str(body, `closesAt${i}`);
      const closesAt = closesRaw ? fromHelsinkiLocal(closesRaw) : null;
      if (!opensAt) errors[`opensAt${i}`] = ctx.t('bud.co.err.opensAt');
      if ((closesRaw && !closesAt) || (!closesRaw && phase !== 'implementation')) errors[`closesAt${i}`] = ctx.t('bud.co.err.closesAt');
      return { phase, opensAt: opensAt ?? '', closesAt };
    });
    const request = BudgetingHttp.movePhasesRequest.safeParse({ version: Number(str(body, 'version')), phases, reason: str(body, 'reason') });
    const fail = (refused: Refused) => this.renderPhases(ctx, reply, roundId, { refused, values: body });
    if (!request.success || Object.keys(errors).length) {
      return fail({ status: 400, errors: { ...(request.success ? {} : fieldErrors(ctx.t, request.error.issues, phaseField)), ...errors } });
    }
    try {
      await this.budgeting.movePhases(roundId, request.data, token);
    } catch (error) {
      return fail(refusalOf(ctx.t, error, phaseField));
    }
    reply.redirect(`/staff/budgeting/${roundId}/phases?done=phasesMoved`, 303);
  }

  private async renderPhases(ctx: PortalContext, reply: FastifyReply, roundId: string, extra: { flash?: unknown; refused?: Refused; values?: Form }) {
    requireCoordinator(ctx);
    const round = await roundOrNotFound(this.budgeting, this.pages, ctx, reply, roundId);
    if (!round) return;
    const errors = extra.refused?.errors ?? {};
    this.pages.render(
      reply,
      ctx,
      'budgeting/staff-phases',
      {
        title: ctx.t('bud.co.phases.title'),
        nav: 'budgetingStaff',
        round: { id: roundId, title: localText(round.title, ctx.lang), version: round.version },
        flash: extra.flash,
        refusal: extra.refused?.refusal,
        errors,
        reason: extra.values ? str(extra.values, 'reason') : '',
        phases: BudgetingHttp.ROUND_PHASES.map((phase, i) => {
          const window = round.phases.find((w) => w.phase === phase);
          return {
            i,
            label: ctx.t(`bud.phase.${phase}`),
            openEnded: phase === 'implementation',
            opens: extra.values ? str(extra.values, `opensAt${i}`) : helsinkiLocal(window?.opensAt ?? null),
            closes: extra.values ? str(extra.values, `closesAt${i}`) : helsinkiLocal(window?.closesAt ?? null),
            opensError: errors[`opensAt${i}`],
            closesError: errors[`closesAt${i}`],
          };
        }),
        status: extra.refused?.status,
      },
    );
  }

  // ── Results ──

  @Get(':roundId/results')
  results(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Query('done') done: unknown, @Res() reply: FastifyReply) {
    return this.renderResults(ctx, reply, roundId, { flash: flashOf(ctx.t, done) });
  }

  @Post(':roundId/results/compute')
  async compute(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Res() reply: FastifyReply) {
    const { token } = requireCoordinator(ctx);
    try {
      await this.budgeting.computeResults(roundId, token);
    } catch (error) {
      return this.renderResults(ctx, reply, roundId, { compute: refusalOf(ctx.t, error, () => 'refused') });
    }
    reply.redirect(`/staff/budgeting/${roundId}/results?done=computed`, 303);
  }

  @Post(':roundId/overrides')
  async override(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: Form, @Res() reply: FastifyReply) {
    const { token } = requireCoordinator(ctx);
    const request = BudgetingHttp.overrideRequest.safeParse({ planId: str(body, 'planId'), decision: str(body, 'decision') || undefined, reason: str(body, 'reason') });
    const fail = (refused: Refused) => this.renderResults(ctx, reply, roundId, { override: { ...refused, values: body } });
    if (!request.success) return fail({ status: 400, errors: fieldErrors(ctx.t, request.error.issues, overrideField) });
    try {
      await this.budgeting.override(roundId, request.data, token);
      // The draft shows what the override does at once: publishing refuses results older than an override anyway.
      await this.budgeting.computeResults(roundId, token);
    } catch (error) {
      return fail(refusalOf(ctx.t, error, overrideField));
    }
    reply.redirect(`/staff/budgeting/${roundId}/results?done=override`, 303);
  }

  @Post(':roundId/results/publish')
  async publish(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: Form, @Res() reply: FastifyReply) {
    const { token } = requireCoordinator(ctx);
    const request = BudgetingHttp.publishResultsRequest.safeParse({ version: Number(str(body, 'version')) });
    if (!request.success) return this.renderResults(ctx, reply, roundId, { publish: { status: 400, errors: {}, refusal: ctx.t('bud.co.err.stale') } });
    try {
      await this.budgeting.publishResults(roundId, request.data, token);
    } catch (error) {
      return this.renderResults(ctx, reply, roundId, { publish: refusalOf(ctx.t, error, () => 'refused') });
    }
    reply.redirect(`/staff/budgeting/${roundId}/results?done=published`, 303);
  }

  private async renderResults(ctx: PortalContext, reply: FastifyReply, roundId: string, extra: { flash?: unknown; compute?: Refused; override?: Refused & { values: Form }; publish?: Refused }) {
    const { token } = requireCoordinator(ctx);
    const round = await roundOrNotFound(this.budgeting, this.pages, ctx, reply, roundId);
    if (!round) return;
    const t = ctx.t;
    const results = await this.budgeting.results(roundId, token).catch((error: unknown) => {
      if (error instanceof ServiceProblem && error.status === 404) return undefined;
      throw error;
    });
    const names = new Map(round.districts.map((d) => [d.code, localText(d.name, ctx.lang)]));
    const status = extra.compute?.status ?? extra.override?.status ?? extra.publish?.status;
    this.pages.render(
      reply,
      ctx,
      'budgeting/staff-results',
      {
        title: t('bud.co.results.title'),
        nav: 'budgetingStaff',
        round: { id: roundId, title: localText(round.title, ctx.lang), version: round.version },
        flash: extra.flash,
        compute: extra.compute,
        override: extra.override ?? { errors: {}, values: {} },
        publish: extra.publish,
        results: results && {
          published: results.published,
          publishedAt: formatDate(results.publishedAt, ctx.lang),
          computedAt: formatDate(results.computedAt, ctx.lang),
          rule: t(`bud.co.results.rule.${results.rule}`),
          districts: results.districts.map((d) => ({
            code: d.code,
            name: names.get(d.code) ?? { text: d.code },
            budget: euros(d.budget, ctx.lang),
            cost: euros(d.cost, ctx.lang),
            ballots: d.ballots,
            plans: d.plans.map((p) => ({
              id: p.id,
              title: localText(p.title, ctx.lang),
              cost: euros(p.cost, ctx.lang),
              votes: p.votes,
              status: t(`bud.co.results.s.${p.status}`),
              funded: p.status === 'funded' || p.status === 'funded_by_override',
              explanation: p.explanation[ctx.lang as Lang],
            })),
          })),
        },
        planOptions: results ? results.districts.flatMap((d) => d.plans.map((p) => ({ id: p.id, title: `${localText(p.title, ctx.lang).text} (${names.get(d.code)?.text ?? d.code})` }))) : [],
        status,
      },
    );
  }

  // ── Projects ──

  @Get(':roundId/projects')
  projects(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Query('done') done: unknown, @Res() reply: FastifyReply) {
    return this.renderProjects(ctx, reply, roundId, { flash: flashOf(ctx.t, done) });
  }

  @Post('projects/:projectId/updates')
  async postUpdate(@Ctx() ctx: PortalContext, @Param('projectId', new ParseUUIDPipe()) projectId: string, @Body() body: Form, @Res() reply: FastifyReply) {
    const { token } = requireCoordinator(ctx);
    const project = await this.budgeting.project(projectId);
    const progress = str(body, 'progress');
    const request = BudgetingHttp.projectUpdateRequest.safeParse({
      version: Number(str(body, 'version')),
      status: str(body, 'status') || undefined,
      progress: /^\d{1,3}$/.test(progress) ? Number(progress) : Number.NaN,
      text: { fi: str(body, 'textFi'), sv: str(body, 'textSv') || undefined, en: str(body, 'textEn') || undefined },
    });
    return this.projectAction(ctx, reply, project, 'update', body, request, updateField, (data) => this.budgeting.postProjectUpdate(projectId, data, token));
  }

  @Post('projects/:projectId/milestones')
  async addMilestone(@Ctx() ctx: PortalContext, @Param('projectId', new ParseUUIDPipe()) projectId: string, @Body() body: Form, @Res() reply: FastifyReply) {
    const { token } = requireCoordinator(ctx);
    const project = await this.budgeting.project(projectId);
    const request = BudgetingHttp.addMilestoneRequest.safeParse({
      version: Number(str(body, 'version')),
      title: { fi: str(body, 'nameFi'), sv: str(body, 'nameSv') || undefined, en: str(body, 'nameEn') || undefined },
      dueDate: str(body, 'dueDate') || undefined,
    });
    return this.projectAction(ctx, reply, project, 'milestone', body, request, milestoneField, (data) => this.budgeting.addMilestone(projectId, data, token));
  }

  @Post('projects/:projectId/milestones/:milestoneId/reached')
  async milestoneReached(
    @Ctx() ctx: PortalContext,
    @Param('projectId', new ParseUUIDPipe()) projectId: string,
    @Param('milestoneId', new ParseUUIDPipe()) milestoneId: string,
    @Body() body: Form,
    @Res() reply: FastifyReply,
  ) {
    const { token } = requireCoordinator(ctx);
    const project = await this.budgeting.project(projectId);
    const request = BudgetingHttp.milestoneReachedRequest.safeParse({ version: Number(str(body, 'version')), note: str(body, 'note') || undefined });
    return this.projectAction(ctx, reply, project, `reached-${milestoneId}`, body, request, () => 'note', (data) => this.budgeting.milestoneReached(projectId, milestoneId, data, token));
  }

  /** One project form: checked here, sent, and on refusal the page again with the form's words kept. */
  private async projectAction<T>(
    ctx: PortalContext,
    reply: FastifyReply,
    project: BudgetingHttp.ProjectDetail,
    form: string,
    body: Form,
    request: z.ZodSafeParseResult<T>,
    fieldOf: (path: string) => string,
    send: (data: T) => Promise<unknown>,
  ) {
    const fail = (refused: Refused) => this.renderProjects(ctx, reply, project.roundId, { failed: { project: project.id, form, ...refused, values: body } });
    if (!request.success) return fail({ status: 400, errors: fieldErrors(ctx.t, request.error.issues, fieldOf) });
    try {
      await send(request.data);
    } catch (error) {
      return fail(refusalOf(ctx.t, error, fieldOf));
    }
    const done = form.startsWith('reached-') ? 'reached' : form;
    reply.redirect(`/staff/budgeting/${project.roundId}/projects?done=${done}#project-${project.id}`, 303);
  }

  private async renderProjects(ctx: PortalContext, reply: FastifyReply, roundId: string, extra: { flash?: unknown; failed?: Refused & { project: string; form: string; values: Form } }) {
    requireCoordinator(ctx);
    const round = await roundOrNotFound(this.budgeting, this.pages, ctx, reply, roundId);
    if (!round) return;
    const t = ctx.t;
    const { items } = await this.budgeting.projects(roundId);
    const details = await Promise.all(items.map((p) => this.budgeting.project(p.id)));
    const failed = extra.failed;
    const formOf = (projectId: string, form: string) => (failed?.project === projectId && failed.form === form ? { errors: failed.errors, refusal: failed.refusal, values: failed.values } : { errors: {}, values: {} as Form });
    this.pages.render(
      reply,
      ctx,
      'budgeting/staff-projects',
      {
        title: t('bud.co.projects.title'),
        nav: 'budgetingStaff',
        round: { id: roundId, title: localText(round.title, ctx.lang) },
        flash: extra.flash,
        statuses: BudgetingHttp.projectStatus.options.map((s) => ({ value: s, label: t(`bud.co.projects.s.${s}`) })),
        projects: details.map((p) => {
          const update = formOf(p.id, 'update');
          return {
            id: p.id,
            version: p.version,
            title: localText(p.title, ctx.lang),
            state: t('bud.co.projects.state', { status: t(`bud.co.projects.s.${p.status}`), progress: p.progress }),
            update: { ...update, status: update.values.status ?? p.status, progress: update.values.progress ?? p.progress },
            milestone: formOf(p.id, 'milestone'),
            milestones: p.milestones.map((m) => ({
              id: m.id,
              title: localText(m.title, ctx.lang),
              due: m.dueDate ? t('bud.co.milestones.due', { date: formatDate(m.dueDate, ctx.lang, false) }) : undefined,
              reached: m.reachedAt ? t('bud.co.milestones.reached', { date: formatDate(m.reachedAt, ctx.lang, false) }) : undefined,
              note: m.note,
              form: formOf(p.id, `reached-${m.id}`),
            })),
          };
        }),
        status: failed?.status,
      },
    );
  }

  // ── Pabulib analysis ──

  @Get('analysis')
  analysis(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply) {
    requireCoordinator(ctx);
    this.renderAnalysis(ctx, reply, {});
  }

  @Post('analysis')
  async analyse(@Ctx() ctx: PortalContext, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { token } = requireCoordinator(ctx);
    const { fields, file, tooLarge } = await readPabulibForm(request);
    const rule = fields.rule === 'mes' ? 'mes' : 'greedy';
    if (!file || tooLarge) return this.renderAnalysis(ctx, reply, { status: 400, rule, errors: { file: ctx.t('bud.co.err.file') } });
    try {
      const result = await this.budgeting.analysePabulib(file, rule, token);
      return this.renderAnalysis(ctx, reply, { rule, result });
    } catch (error) {
      if (!(error instanceof ServiceProblem) || ![400, 422].includes(error.status)) throw error;
      // 422: the election needs longer than the service's analysis deadline (it runs off the
      // service's main thread and is stopped then), so no line of the file is to blame.
      if (error.status === 422) return this.renderAnalysis(ctx, reply, { status: 422, rule, errors: { file: ctx.t('bud.co.err.pabulibTooLarge') } });
      // The service names the line that broke the file: that is the help a coordinator needs.
      return this.renderAnalysis(ctx, reply, { status: 400, rule, errors: { file: `${ctx.t('bud.co.err.pabulib')} ${error.problem.detail ?? ''}`.trim() } });
    }
  }

  private renderAnalysis(ctx: PortalContext, reply: FastifyReply, data: { status?: number; rule?: string; errors?: Record<string, string>; result?: BudgetingHttp.PabulibAnalysisResult }) {
    this.pages.render(
      reply,
      ctx,
      'budgeting/staff-analysis',
      {
        title: ctx.t('bud.co.analysis.title'),
        nav: 'budgetingStaff',
        rule: data.rule ?? 'greedy',
        errors: data.errors ?? {},
        result: data.result && { budget: euros(data.result.budget, ctx.lang), cost: euros(data.result.cost, ctx.lang), winners: data.result.winners },
        status: data.status,
      },
    );
  }
}

function flashOf(t: Translate, done: unknown) {
  return typeof done === 'string' && FLASHES.includes(done) ? { kind: 'success', text: t(`bud.co.done.${done}`) } : undefined;
}

/** The analysis form: the rule and the file's text (the CSRF guard has read the token already). */
async function readPabulibForm(request: FastifyRequest): Promise<{ fields: Record<string, string>; file?: string; tooLarge: boolean }> {
  const fields: Record<string, string> = {};
  let file: string | undefined;
  let tooLarge = false;
  const multipart = request as unknown as { isMultipart?: () => boolean; parts(): AsyncIterable<Multipart> };
  if (!multipart.isMultipart?.()) return { fields, tooLarge };
  try {
    for await (const part of multipart.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (bytes.length > PABULIB_MAX_BYTES) tooLarge = true;
        else if (bytes.length > 0) file = bytes.toString('utf8');
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    if ((error as { statusCode?: unknown })?.statusCode !== 413) throw error;
    tooLarge = true;
  }
  return { fields, file, tooLarge };
}
