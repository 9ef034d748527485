import { BadRequestException, Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { GrantsHttp } from '@vaikuta/contracts';
import { GrantsClient, OFFICER_STEPS, OfficerStep } from '../clients/grants-client';
import { queryString } from '../clients/service-client';
import { formatDate } from '../i18n/i18n';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext } from '../layout/portal-request';
import { centsOf, formRefusal, isStale, money, requireGrantsOfficer, roundText, typedEuros } from './grants-officer-view';

const uuid = new ParseUUIDPipe();
const NAV = 'grantsOfficer';
/** The service's steps (possibleSteps) that are a plain button here, by the path segment that takes them. */
const STEP_BUTTONS: Record<string, OfficerStep> = { receive: 'receive', start_review: 'review', mark_paid: 'payment', close: 'close' };
/** Officers score while reviewing, also while an answer to their question is awaited. */
const SCORING_STATES = ['in_review', 'awaiting_information'];
const FILTERS = ['state', 'type', 'department'] as const;
const DONE = ['receive', 'review', 'payment', 'close', 'scores', 'information', 'decision'];

type Form = 'step' | 'scores' | 'information' | 'decision';
interface WorkRefusal {
  form: Form;
  status: number;
  errors?: Record<string, string>;
  refusal?: string;
  stale?: boolean;
  values?: Record<string, unknown>;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/**
 * Grants officers' work: the queue of submitted applications (filters, keyset paging) and one
 * application's work page, where it is received, reviewed and scored, questioned, decided, paid
 * and closed. Every change sends the version the officer saw; a 409 asks them to reload.
 */
@Controller('staff/grants')
export class GrantsOfficerController {
  constructor(
    private readonly pages: Pages,
    private readonly grants: GrantsClient,
  ) {}

  @Get('applications')
  queue(@Ctx() ctx: PortalContext, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    return this.renderQueue(ctx, reply, query ?? {});
  }

  @Get('rounds/:roundId')
  roundQueue(@Ctx() ctx: PortalContext, @Param('roundId', uuid) roundId: string, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    return this.renderQueue(ctx, reply, query ?? {}, roundId);
  }

  @Get('applications/:id')
  work(@Ctx() ctx: PortalContext, @Param('id', uuid) id: string, @Query('done') done: unknown, @Res() reply: FastifyReply) {
    requireGrantsOfficer(ctx);
    return this.renderWork(ctx, reply, id, typeof done === 'string' && DONE.includes(done) ? done : undefined);
  }

  @Get('applications/:id/attachments/:attachmentId')
  async attachment(@Ctx() ctx: PortalContext, @Param('id', uuid) id: string, @Param('attachmentId', uuid) attachmentId: string, @Res() reply: FastifyReply) {
    const { token } = requireGrantsOfficer(ctx);
    const res = await this.grants.attachmentFile(id, attachmentId, token);
    reply
      .header('Content-Type', res.headers.get('content-type') ?? 'application/octet-stream')
      // Always a download: a file an association uploaded is never shown inside the portal's origin.
      .header('Content-Disposition', res.headers.get('content-disposition') ?? 'attachment')
      .header('Cache-Control', 'private, no-store')
      .send(Buffer.from(await res.arrayBuffer()));
  }

  @Post('applications/:id/steps')
  async step(@Ctx() ctx: PortalContext, @Param('id', uuid) id: string, @Body() body: Record<string, unknown>, @Res() reply: FastifyReply) {
    const { token } = requireGrantsOfficer(ctx);
    const step = text(body?.step) as OfficerStep;
    if (!OFFICER_STEPS.includes(step)) throw new BadRequestException('step');
    return this.change(ctx, reply, id, 'step', step, () => this.grants.officerStep(id, step, Number(body?.version), token));
  }

  @Post('applications/:id/scores')
  async score(@Ctx() ctx: PortalContext, @Param('id', uuid) id: string, @Body() body: Record<string, unknown>, @Res() reply: FastifyReply) {
    const { token } = requireGrantsOfficer(ctx);
    const posted = body ?? {};
    const scores = Object.keys(posted)
      .filter((name) => name.startsWith('score.') && text(posted[name]) !== '')
      .map((name) => {
        const criterion = name.slice('score.'.length);
        const note = text(posted[`note.${criterion}`]);
        return { criterion, score: /^\d$/.test(text(posted[name])) ? Number(posted[name]) : Number.NaN, ...(note ? { note } : {}) };
      });
    const request = GrantsHttp.scoreRequest.safeParse({ version: Number(posted.version), scores });
    if (!request.success) return this.refuse(ctx, reply, id, { form: 'scores', status: 400, errors: { scores: ctx.t('gro.err.scores') }, values: posted });
    return this.change(ctx, reply, id, 'scores', 'scores', () => this.grants.score(id, request.data, token), posted);
  }

  @Post('applications/:id/information-request')
  async ask(@Ctx() ctx: PortalContext, @Param('id', uuid) id: string, @Body() body: Record<string, unknown>, @Res() reply: FastifyReply) {
    const { token } = requireGrantsOfficer(ctx);
    const request = GrantsHttp.messageRequest.safeParse({ version: Number(body?.version), message: text(body?.message) });
    if (!request.success) return this.refuse(ctx, reply, id, { form: 'information', status: 400, errors: { message: ctx.t('gro.err.message') }, values: body });
    return this.change(ctx, reply, id, 'information', 'information', () => this.grants.requestInformation(id, request.data, token), body);
  }

  @Post('applications/:id/decision')
  async decide(@Ctx() ctx: PortalContext, @Param('id', uuid) id: string, @Body() body: Record<string, unknown>, @Res() reply: FastifyReply) {
    const { token } = requireGrantsOfficer(ctx);
    const posted = body ?? {};
    const outcome = text(posted.outcome);
    const granted = centsOf(posted.granted);
    const errors: Record<string, string> = {};
    if (outcome === 'granted' && (granted === undefined || Number.isNaN(granted))) errors.granted = ctx.t('gro.err.granted');
    const optional = (name: string) => text(posted[name]) || undefined;
    const request = GrantsHttp.decisionRequest.safeParse({
      version: Number(posted.version),
      outcome,
      grantedCents: outcome === 'granted' ? granted : undefined,
      reasons: optional('reasons'),
      ahjoDecisionId: optional('ahjoDecisionId'),
      reportDue: outcome === 'granted' ? optional('reportDue') : undefined,
    });
    if (!request.success) for (const issue of request.error.issues) errors[this.decisionInput(String(issue.path[0] ?? 'outcome'))] ??= ctx.t(`gro.err.decision.${this.decisionInput(String(issue.path[0] ?? 'outcome'))}`);
    if (Object.keys(errors).length || !request.success) return this.refuse(ctx, reply, id, { form: 'decision', status: 400, errors, values: posted });
    return this.change(ctx, reply, id, 'decision', 'decision', () => this.grants.decide(id, request.data, token), posted);
  }

  /** The decision form's input for a field of the request (the amount is typed in euros). */
  private decisionInput(field: string): string {
    return field === 'grantedCents' ? 'granted' : ['outcome', 'reasons', 'ahjoDecisionId', 'reportDue'].includes(field) ? field : 'outcome';
  }

  /** Makes the change; on success back to the work page (post-redirect-get), else the page with the refusal at the form. */
  private async change(ctx: PortalContext, reply: FastifyReply, id: string, form: Form, done: string, send: () => Promise<unknown>, values?: Record<string, unknown>) {
    try {
      await send();
    } catch (error) {
      if (isStale(error)) return this.refuse(ctx, reply, id, { form, status: 409, stale: true, refusal: ctx.t('gro.err.stale'), values });
      const problem = formRefusal(error);
      const errors: Record<string, string> = {};
      for (const p of problem.fieldErrors) {
        const input = form === 'decision' ? this.decisionInput(p.field) : form === 'information' ? 'message' : form === 'scores' ? 'scores' : 'step';
        errors[input] ??= form === 'decision' ? ctx.t(`gro.err.decision.${input}`) : ctx.t(`gro.err.${input}`);
      }
      return this.refuse(ctx, reply, id, { form, status: problem.status, errors, refusal: Object.keys(errors).length ? undefined : (problem.problem.detail ?? ctx.t('gro.err.other')), values });
    }
    reply.redirect(`/staff/grants/applications/${id}?done=${done}#${form === 'step' ? 'state' : form}`, 303);
  }

  private refuse(ctx: PortalContext, reply: FastifyReply, id: string, refused: WorkRefusal) {
    return this.renderWork(ctx, reply, id, undefined, refused);
  }

  private async renderQueue(ctx: PortalContext, reply: FastifyReply, query: Record<string, unknown>, roundId?: string) {
    const { token } = requireGrantsOfficer(ctx);
    const t = ctx.t;
    const filters: Record<string, string> = {};
    const errors: Record<string, string> = {};
    for (const name of FILTERS) {
      const value = text(query[name]);
      if (!value) continue;
      if (GrantsHttp.queueQuery.shape[name].safeParse(value).success) filters[name] = value;
      else errors[name] = t(`gro.err.filter.${name}`);
    }
    const cursor = GrantsHttp.queueQuery.shape.cursor.safeParse(query.cursor).success ? text(query.cursor) || undefined : undefined;
    const [round, page] = await Promise.all([roundId ? this.grants.round(roundId) : Promise.resolve(undefined), this.grants.queue({ ...filters, roundId, cursor, limit: 20 }, token)]);
    const base = roundId ? `/staff/grants/rounds/${roundId}` : '/staff/grants/applications';
    const title = round ? roundText(round.title, ctx.lang) : undefined;
    this.pages.render(reply, ctx, 'grants/officer-queue', {
      title: title ? title.text : t('gro.queue.all'),
      titleLang: title?.lang,
      nav: NAV,
      status: Object.keys(errors).length ? 400 : 200,
      base,
      section: roundId ? 'rounds' : 'queue',
      round: round && {
        id: round.id,
        meta: [t(`gro.type.${round.type}`), round.department, `${t('gro.round.budget')} ${money(round.budgetCents, ctx.lang)}`].join(' · '),
      },
      filters,
      errors,
      errorSummary: Object.entries(errors).map(([name, message]) => ({ href: `#q-${name}`, text: message })),
      states: GrantsHttp.applicationState.options.filter((s) => s !== 'draft').map((s) => ({ value: s, label: t(`gro.state.${s}`) })),
      types: GrantsHttp.GRANT_ROUND_TYPES.map((s) => ({ value: s, label: t(`gro.type.${s}`) })),
      items: page.items.map((a) => ({
        id: a.id,
        title: a.title,
        association: a.associationName,
        state: t(`gro.state.${a.state}`),
        type: t(`gro.type.${a.type}`),
        department: a.department,
        requested: money(a.requestedCents, ctx.lang),
        submitted: formatDate(a.submittedAt, ctx.lang),
      })),
      nextHref: page.nextCursor ? `${base}${queryString({ ...filters, cursor: page.nextCursor })}` : undefined,
      firstHref: cursor ? `${base}${queryString(filters)}` : undefined,
    });
  }

  private async renderWork(ctx: PortalContext, reply: FastifyReply, id: string, done?: string, refused?: WorkRefusal) {
    const { token } = requireGrantsOfficer(ctx);
    const t = ctx.t;
    const a = await this.grants.application(id, token);
    const round = await this.grants.round(a.roundId);
    const label = (l: GrantsHttp.RoundText) => roundText(l, ctx.lang);
    const fieldOf = new Map(round.formFields.map((f) => [f.key, f]));
    const answer = (key: string, value: string | number) => {
      const field = fieldOf.get(key);
      const choice = field?.choices?.find((c) => c.value === String(value));
      return { label: field ? label(field.label) : { text: key }, value: choice ? label(choice.label).text : field?.kind === 'date' ? formatDate(String(value), ctx.lang, false) : String(value) };
    };
    const attachmentLabel = new Map(round.requiredAttachments.map((r) => [r.key, label(r.label).text]));
    const scoreOf = new Map(a.scores.map((s) => [s.criterion, s]));
    const form = refused?.form;
    const values = refused?.values ?? {};
    const typed = (name: string, fallback = '') => (typeof values[name] === 'string' ? String(values[name]) : fallback);
    const steps = a.possibleSteps.filter((s) => s in STEP_BUTTONS).map((s) => ({ step: STEP_BUTTONS[s], label: t(`gro.step.${STEP_BUTTONS[s]}`) }));
    const states = (...names: string[]) => names.includes(a.state);
    this.pages.render(reply, ctx, 'grants/officer-application', {
      title: a.title,
      nav: NAV,
      status: refused?.status,
      flash: done ? { kind: 'success', text: t(`gro.done.${done}`) } : undefined,
      app: {
        id: a.id,
        version: a.version,
        association: a.associationName,
        state: t(`gro.state.${a.state}`),
        requested: money(a.requestedCents, ctx.lang),
        submitted: formatDate(a.submittedAt, ctx.lang),
        totalScore: a.totalScore === null ? undefined : a.totalScore.toLocaleString(ctx.lang === 'en' ? 'en-GB' : `${ctx.lang}-FI`, { maximumFractionDigits: 1 }),
        paidAt: formatDate(a.paidAt, ctx.lang),
      },
      round: { id: round.id, title: label(round.title) },
      answers: Object.entries(a.answers).map(([key, value]) => answer(key, value)),
      attachments: a.attachments.map((f) => ({
        href: `/staff/grants/applications/${a.id}/attachments/${f.id}`,
        filename: f.filename,
        purpose: attachmentLabel.get(f.purpose) ?? (f.purpose === 'report' ? t('gro.app.reportAttachment') : f.purpose),
        size: `${Math.max(1, Math.round(f.bytes / 1024))} kB`,
        at: formatDate(f.uploadedAt, ctx.lang),
      })),
      thread: a.messages.map((m) => ({ who: t(`gro.thread.${m.side}`), kind: t(`gro.thread.${m.kind}`), body: m.body, at: formatDate(m.writtenAt, ctx.lang) })),
      decision: a.decision && {
        outcome: t(`gro.outcome.${a.decision.outcome}`),
        granted: money(a.decision.grantedCents, ctx.lang),
        reasons: a.decision.reasons,
        ahjo: a.decision.ahjoDecisionId,
        at: formatDate(a.decision.decidedAt, ctx.lang),
        reportDue: formatDate(a.decision.reportDue, ctx.lang, false),
      },
      report: a.report && { text: a.report.text, at: formatDate(a.report.receivedAt, ctx.lang) },
      steps,
      stepRefusal: form === 'step' ? refused : undefined,
      scoring: SCORING_STATES.includes(a.state) && round.criteria.length > 0,
      criteria: round.criteria.map((c) => {
        const saved = scoreOf.get(c.key);
        const chosen = form === 'scores' ? typed(`score.${c.key}`) : saved ? String(saved.score) : '';
        return {
          key: c.key,
          label: label(c.label),
          weight: c.weight,
          saved: saved && { score: saved.score, note: saved.note },
          options: [0, 1, 2, 3, 4, 5].map((n) => ({ n, selected: chosen === String(n) })),
          note: form === 'scores' ? typed(`note.${c.key}`) : (saved?.note ?? ''),
        };
      }),
      scoresRefusal: form === 'scores' ? refused : undefined,
      canAsk: a.possibleSteps.includes('request_information'),
      information: { refusal: form === 'information' ? refused : undefined, message: form === 'information' ? typed('message') : '' },
      canDecide: a.possibleSteps.includes('decide'),
      decisionForm: {
        refusal: form === 'decision' ? refused : undefined,
        outcome: form === 'decision' ? typed('outcome') : '',
        granted: form === 'decision' ? typed('granted') : typedEuros(a.requestedCents),
        reasons: typed('reasons'),
        ahjoDecisionId: typed('ahjoDecisionId'),
        reportDue: typed('reportDue', round.reportDue ?? ''),
      },
      awaitingReport: states('paid', 'report_due'),
    });
  }
}
