import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GrantsHttp } from '@vaikuta/contracts';
import { GrantsClient } from '../clients/grants-client';
import { FieldProblem, ServiceProblem } from '../clients/service-problem';
import { readForm } from '../feedback/feedback-form.controller';
import { Translate } from '../i18n/i18n';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireUser } from '../layout/portal-request';
import { roundOrNotFound } from './grants-applicant.controller';
import { answerInput, answerOf, APPLICANT_TIMELINE, centsAsEuros, centsAsField, eurosAsCents, formErrors, roundText } from './grants-applicant-view';

type Form = Record<string, string | undefined>;
type Round = GrantsHttp.GrantRoundDetail;
type Application = GrantsHttp.ApplicationDetail;

const START_FIELDS = ['associationId', 'title', 'requestedCents'];
const IDEMPOTENCY_KEY = /^[0-9a-f-]{36}$/;
const uuid = new ParseUUIDPipe();
const appAnchor = (field: string) => `ga-app-${field.replace('.', '-')}`;
const versionOf = (value: unknown) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN);
const problemsOf = (issues: readonly { path: PropertyKey[]; message: string }[]): FieldProblem[] => issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
const isProblem = (error: unknown, ...statuses: number[]): error is ServiceProblem => error instanceof ServiceProblem && statuses.includes(error.status);

/**
 * Which 409 it was: a stale version (someone changed it: reload and redo), the round no longer
 * taking applications, or a step the application's state does not allow.
 */
function conflictOf(error: ServiceProblem): 'conflict' | 'roundClosed' | 'notNow' {
  if (error.problem.currentVersion !== undefined) return 'conflict';
  return /round/i.test(error.problem.title ?? '') ? 'roundClosed' : 'notNow';
}

/** The draft form's fields in page order: its own, the round's questions, then the attachments it requires. */
const draftFields = (round: Round) => ['title', 'requestedCents', ...round.formFields.map((f) => `answers.${f.key}`), ...round.requiredAttachments.map((a) => `attachments.${a.key}`), 'purpose', 'file'];

/** What a done step says at the top of the page it leads back to (post-redirect-get). */
function flashOf(t: Translate, done: unknown) {
  const success = ['created', 'saved', 'submitted', 'attached', 'removed', 'answered', 'reported', 'withdrawn'];
  const failure = ['conflict', 'fileRefused', 'notNow', 'roundClosed'];
  if (typeof done !== 'string' || ![...success, ...failure].includes(done)) return undefined;
  return { kind: failure.includes(done) ? 'error' : 'success', text: t(`ga.app.done.${done}`) };
}

/**
 * An association's applications: start a draft for an open round, fill the round's form
 * (save as often as needed), attach files (multipart, no script needed), submit; follow it on
 * its page — state, the officer's requests for information and the answers, the decision, the
 * report on the use of funds when it is due — and withdraw it before the decision.
 */
@Controller('grants')
export class GrantsApplicantApplicationsController {
  constructor(
    private readonly pages: Pages,
    private readonly grants: GrantsClient,
  ) {}

  @Get('rounds/:roundId/apply')
  async startForm(@Ctx() ctx: PortalContext, @Param('roundId', uuid) roundId: string, @Res() reply: FastifyReply) {
    requireUser(ctx);
    return this.renderStart(ctx, reply, roundId, { values: {} });
  }

  @Post('rounds/:roundId/apply')
  async start(@Ctx() ctx: PortalContext, @Param('roundId', uuid) roundId: string, @Body() body: Form, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const checked = GrantsHttp.createApplicationRequest.safeParse({ associationId: body.associationId, title: String(body.title ?? ''), requestedCents: eurosAsCents(body.requestedEuros) });
    if (!checked.success) return this.renderStart(ctx, reply, roundId, { values: body, problems: problemsOf(checked.error.issues), status: 400 });
    const key = body.idempotencyKey && IDEMPOTENCY_KEY.test(body.idempotencyKey) ? body.idempotencyKey : randomUUID();
    try {
      const application = await this.grants.createApplication(roundId, checked.data, token, key);
      return reply.redirect(`/grants/applications/${application.id}/edit?done=created`, 303);
    } catch (error) {
      if (isProblem(error, 400)) return this.renderStart(ctx, reply, roundId, { values: body, problems: error.fieldErrors, status: 400 });
      // The round closed meanwhile, or the person does not act for the association (any more).
      if (isProblem(error, 403, 404, 409)) return this.renderStart(ctx, reply, roundId, { values: body, refusal: ctx.t(error.status === 409 ? 'ga.apply.closed' : 'ga.apply.notYours'), status: error.status });
      throw error;
    }
  }

  @Get('applications')
  async mine(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const { items } = await this.grants.myApplications(token);
    this.pages.render(reply, ctx, 'grants/applications', {
      title: ctx.t('ga.app.mine'),
      nav: 'grants',
      items: items.map((a) => ({
        ...a,
        href: a.state === 'draft' ? `/grants/applications/${a.id}/edit` : `/grants/applications/${a.id}`,
        stateLabel: ctx.t(`ga.state.${a.state}`),
        requested: centsAsEuros(a.requestedCents, ctx.lang),
        granted: centsAsEuros(a.grantedCents, ctx.lang),
        needsMe: a.state === 'awaiting_information' || a.state === 'report_due' || a.state === 'draft',
      })),
    });
  }

  @Get('applications/:applicationId')
  async page(@Ctx() ctx: PortalContext, @Param('applicationId', uuid) id: string, @Query('done') done: unknown, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const application = await this.grants.application(id, token);
    return this.renderPage(ctx, reply, application, { flash: flashOf(ctx.t, done) });
  }

  @Get('applications/:applicationId/edit')
  async editForm(@Ctx() ctx: PortalContext, @Param('applicationId', uuid) id: string, @Query('done') done: unknown, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const application = await this.grants.application(id, token);
    if (application.state !== 'draft') return reply.redirect(`/grants/applications/${id}`, 303);
    return this.renderEdit(ctx, reply, application, { flash: flashOf(ctx.t, done) });
  }

  /** Saves the draft; with `action=submit` also submits it once saved. */
  @Post('applications/:applicationId/edit')
  async save(@Ctx() ctx: PortalContext, @Param('applicationId', uuid) id: string, @Body() body: Form, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const current = await this.grants.application(id, token);
    const round = await this.grants.round(current.roundId);
    const answers: Record<string, string | number> = {};
    for (const field of round.formFields) {
      const answer = answerOf(field, body[answerInput(field.key)]);
      if (answer !== undefined) answers[field.key] = answer;
    }
    const refuse = (problems: FieldProblem[], status = 400) => this.renderEdit(ctx, reply, current, { values: body, problems, round, status });
    const checked = GrantsHttp.updateApplicationRequest.safeParse({ version: versionOf(body.version), title: String(body.title ?? ''), requestedCents: eurosAsCents(body.requestedEuros), answers });
    if (!checked.success) return refuse(problemsOf(checked.error.issues));
    try {
      const saved = await this.grants.updateApplication(id, checked.data, token);
      if (body.action !== 'submit') return reply.redirect(`/grants/applications/${id}/edit?done=saved`, 303);
      try {
        await this.grants.applicantStep(id, 'submit', saved.version, token);
      } catch (error) {
        // Saved, not submitted: the form shows what the submission still lacks, from the saved draft.
        if (isProblem(error, 400)) return this.renderEdit(ctx, reply, saved, { problems: error.fieldErrors, round, status: 400 });
        throw error;
      }
      return reply.redirect(`/grants/applications/${id}?done=submitted`, 303);
    } catch (error) {
      if (isProblem(error, 409)) return reply.redirect(`/grants/applications/${id}?done=${conflictOf(error)}`, 303);
      if (isProblem(error, 400)) return refuse(error.fieldErrors);
      throw error;
    }
  }

  /** One file (multipart, the form's first part its CSRF token, which the guard checks). */
  @Post('applications/:applicationId/attachments')
  async attach(@Ctx() ctx: PortalContext, @Param('applicationId', uuid) id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const { fields, photos: files, tooLarge } = await readForm(request);
    const back = fields.purpose === 'report' ? `/grants/applications/${id}` : `/grants/applications/${id}/edit`;
    const refuse = async (problems: FieldProblem[], status: number) => {
      const application = await this.grants.application(id, token);
      if (application.state !== 'draft') return reply.redirect(`${back}?done=fileRefused`, 303);
      return this.renderEdit(ctx, reply, application, { problems, status, purpose: fields.purpose });
    };
    if (tooLarge) return refuse([{ field: 'file', message: 'large' }], 413);
    if (files.length !== 1) return refuse([{ field: 'file', message: 'Attach one file' }], 400);
    const form = new FormData();
    form.append('purpose', fields.purpose ?? '');
    form.append('file', new Blob([new Uint8Array(files[0].bytes)], { type: files[0].mimetype }), files[0].filename);
    try {
      await this.grants.attach(id, form, token);
    } catch (error) {
      if (isProblem(error, 409)) return reply.redirect(`${back}?done=notNow`, 303);
      if (isProblem(error, 400, 413, 415, 422)) return refuse(error.fieldErrors.length ? error.fieldErrors : [{ field: 'file', message: error.status === 413 ? 'large' : (error.problem.detail ?? '') }], error.status);
      throw error;
    }
    return reply.redirect(`${back}?done=attached`, 303);
  }

  /** The file, through the portal so the person's session (not a token in a link) opens it. */
  @Get('applications/:applicationId/attachments/:attachmentId')
  async file(@Ctx() ctx: PortalContext, @Param('applicationId', uuid) id: string, @Param('attachmentId', uuid) attachmentId: string, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const res = await this.grants.attachmentFile(id, attachmentId, token);
    reply
      .header('Content-Type', res.headers.get('content-type') ?? 'application/octet-stream')
      .header('Content-Disposition', res.headers.get('content-disposition') ?? 'attachment')
      .header('Cache-Control', 'private, no-store')
      .header('X-Content-Type-Options', 'nosniff')
      .send(Buffer.from(await res.arrayBuffer()));
  }

  @Post('applications/:applicationId/attachments/:attachmentId/remove')
  async detach(@Ctx() ctx: PortalContext, @Param('applicationId', uuid) id: string, @Param('attachmentId', uuid) attachmentId: string, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    try {
      await this.grants.removeAttachment(id, attachmentId, token);
    } catch (error) {
      if (isProblem(error, 409)) return reply.redirect(`/grants/applications/${id}?done=notNow`, 303);
      throw error;
    }
    return reply.redirect(`/grants/applications/${id}/edit?done=removed`, 303);
  }

  @Post('applications/:applicationId/answer')
  async answer(@Ctx() ctx: PortalContext, @Param('applicationId', uuid) id: string, @Body() body: Form, @Res() reply: FastifyReply) {
    return this.writeBack(ctx, reply, id, body, 'message', 'answered', (version, text, token) => this.grants.answerInformationRequest(id, { version, message: text }, token));
  }

  @Post('applications/:applicationId/report')
  async report(@Ctx() ctx: PortalContext, @Param('applicationId', uuid) id: string, @Body() body: Form, @Res() reply: FastifyReply) {
    return this.writeBack(ctx, reply, id, body, 'text', 'reported', (version, text, token) => this.grants.reportUse(id, { version, text }, token));
  }

  @Post('applications/:applicationId/withdraw')
  async withdraw(@Ctx() ctx: PortalContext, @Param('applicationId', uuid) id: string, @Body() body: Form, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    try {
      await this.grants.applicantStep(id, 'withdraw', versionOf(body.version), token);
    } catch (error) {
      if (isProblem(error, 409)) return reply.redirect(`/grants/applications/${id}?done=${conflictOf(error)}`, 303);
      if (isProblem(error, 400)) return reply.redirect(`/grants/applications/${id}?done=conflict`, 303);
      throw error;
    }
    return reply.redirect(`/grants/applications/${id}?done=withdrawn`, 303);
  }

  /** An answer to a request for information or the report on the use of funds: a text with the version seen. */
  private async writeBack(
    ctx: PortalContext,
    reply: FastifyReply,
    id: string,
    body: Form,
    field: 'message' | 'text',
    done: string,
    send: (version: number, text: string, token: string) => Promise<Application>,
  ) {
    const { token } = requireUser(ctx);
    const typed = String(body[field] ?? '');
    const checked = GrantsHttp.messageRequest.safeParse({ version: versionOf(body.version), message: typed });
    const refuse = async (problems: FieldProblem[]) =>
      this.renderPage(ctx, reply, await this.grants.application(id, token), { [`${field}Value`]: typed, ...pageErrors(ctx.t, problems.map((p) => ({ ...p, field: p.field === 'message' ? field : p.field })), field), status: 400 });
    if (!checked.success) return refuse(problemsOf(checked.error.issues));
    try {
      await send(checked.data.version, checked.data.message, token);
    } catch (error) {
      if (isProblem(error, 409)) return reply.redirect(`/grants/applications/${id}?done=${conflictOf(error)}`, 303);
      if (isProblem(error, 400)) return refuse(error.fieldErrors.length ? error.fieldErrors : [{ field, message: '' }]);
      throw error;
    }
    return reply.redirect(`/grants/applications/${id}?done=${done}`, 303);
  }

  private async renderStart(ctx: PortalContext, reply: FastifyReply, roundId: string, state: { values: Form; problems?: FieldProblem[]; refusal?: string; status?: number }) {
    const round = await roundOrNotFound(this.grants, this.pages, ctx, reply, roundId);
    if (!round) return;
    const { items } = await this.grants.myAssociations(requireUser(ctx).token);
    const { errors, errorSummary } = formErrors(ctx.t, state.problems ?? [], START_FIELDS, appAnchor);
    this.pages.render(reply, ctx, 'grants/apply', {
      title: ctx.t('ga.apply.title'),
      nav: 'grants',
      roundTitle: roundText(round.title, ctx.lang),
      roundHref: `/grants/rounds/${round.id}`,
      open: round.openNow,
      associations: items.map((a) => ({ id: a.id, name: a.name })),
      values: { associationId: items.length === 1 ? items[0].id : undefined, ...state.values },
      errors,
      errorSummary,
      refusal: state.refusal,
      idempotencyKey: randomUUID(),
      status: state.status,
    });
  }

  private async renderEdit(ctx: PortalContext, reply: FastifyReply, a: Application, state: { values?: Form; problems?: FieldProblem[]; round?: Round; flash?: unknown; purpose?: string; status?: number }) {
    const t = ctx.t;
    const lang = ctx.lang;
    const round = state.round ?? (await this.grants.round(a.roundId));
    const { errors, errorSummary } = formErrors(t, state.problems ?? [], draftFields(round), appAnchor);
    // The summary names the question or attachment: "This question must be answered" alone says not which.
    const labels = new Map<string, string>([
      ...round.formFields.map((f) => [`#${appAnchor(`answers.${f.key}`)}`, roundText(f.label, lang).text] as const),
      ...round.requiredAttachments.map((a) => [`#${appAnchor(`attachments.${a.key}`)}`, roundText(a.label, lang).text] as const),
    ]);
    for (const item of errorSummary) if (labels.has(item.href)) item.text = `${labels.get(item.href)}: ${item.text}`;
    const typed = state.values;
    const attached = new Set(a.attachments.map((x) => x.purpose));
    this.pages.render(reply, ctx, 'grants/application-edit', {
      title: t('ga.edit.title'),
      nav: 'grants',
      a,
      roundTitle: roundText(round.title, lang),
      roundHref: `/grants/rounds/${round.id}`,
      pageHref: `/grants/applications/${a.id}`,
      values: { title: typed?.title ?? a.title, requestedEuros: typed?.requestedEuros ?? centsAsField(a.requestedCents, lang) },
      errors,
      errorSummary,
      flash: state.flash,
      fields: round.formFields.map((f) => {
        const value = typed ? typed[answerInput(f.key)] : a.answers[f.key];
        return {
          id: appAnchor(`answers.${f.key}`),
          input: answerInput(f.key),
          label: roundText(f.label, lang),
          required: f.required,
          text: f.kind === 'text',
          number: f.kind === 'number',
          date: f.kind === 'date',
          choice: f.kind === 'choice',
          value: value === undefined ? '' : f.kind === 'number' && typeof value === 'number' && lang !== 'en' ? String(value).replace('.', ',') : String(value),
          error: errors[`answers-${f.key}`],
          choices: (f.choices ?? []).map((c) => ({ value: c.value, label: roundText(c.label, lang) })),
        };
      }),
      required: round.requiredAttachments.map((r) => ({ id: appAnchor(`attachments.${r.key}`), label: roundText(r.label, lang), provided: attached.has(r.key), error: errors[`attachments-${r.key}`] })),
      purposes: [...round.requiredAttachments.map((r) => ({ value: r.key, label: roundText(r.label, lang).text })), { value: 'other', label: t('ga.att.other') }],
      purpose: state.purpose,
      attachments: this.attachmentRows(ctx, a, round),
      // A refused save, submission or file answers 4xx, as every other refused form does.
      status: state.status,
    });
  }

  private attachmentRows(ctx: PortalContext, a: Application, round: Round) {
    const labels = new Map(round.requiredAttachments.map((r) => [r.key, roundText(r.label, ctx.lang).text]));
    return a.attachments.map((x) => ({
      ...x,
      purposeLabel: labels.get(x.purpose) ?? ctx.t(x.purpose === 'report' ? 'ga.att.report' : 'ga.att.other'),
      size: `${Math.max(1, Math.round(x.bytes / 1024))} kB`,
      href: `/grants/applications/${a.id}/attachments/${x.id}`,
      removeAction: a.state === 'draft' ? `/grants/applications/${a.id}/attachments/${x.id}/remove` : undefined,
    }));
  }

  private async renderPage(ctx: PortalContext, reply: FastifyReply, a: Application, extra: Record<string, unknown> & { status?: number }) {
    const t = ctx.t;
    const lang = ctx.lang;
    const round = await this.grants.round(a.roundId);
    const reached = APPLICANT_TIMELINE.indexOf(a.state === 'awaiting_information' ? 'in_review' : a.state === 'report_due' ? 'paid' : a.state);
    const may = (step: string) => a.possibleSteps.includes(step);
    this.pages.render(reply, ctx, 'grants/application', {
      title: a.title,
      nav: 'grants',
      a,
      stateLabel: t(`ga.state.${a.state}`),
      roundTitle: roundText(round.title, lang),
      roundHref: `/grants/rounds/${round.id}`,
      requested: centsAsEuros(a.requestedCents, lang),
      timeline: a.state === 'withdrawn' ? [] : APPLICANT_TIMELINE.map((s, i) => ({ label: t(`ga.state.${s}`), done: i < reached, current: i === reached })),
      answers: round.formFields.filter((f) => a.answers[f.key] !== undefined).map((f) => {
        const value = a.answers[f.key];
        const choice = f.choices?.find((c) => c.value === value);
        return { label: roundText(f.label, lang), value: choice ? roundText(choice.label, lang).text : f.kind === 'date' ? value : String(value), date: f.kind === 'date' };
      }),
      attachments: this.attachmentRows(ctx, a, round),
      messages: a.messages.map((m) => ({ ...m, who: t(m.side === 'officer' ? 'ga.thread.officer' : 'ga.thread.applicant'), kindLabel: t(`ga.thread.${m.kind}`) })),
      decision: a.decision ? { ...a.decision, outcomeLabel: t(`ga.decision.${a.decision.outcome}`), granted: centsAsEuros(a.decision.grantedCents, lang) } : undefined,
      editHref: a.state === 'draft' ? `/grants/applications/${a.id}/edit` : undefined,
      mayAnswer: may('answer_information'),
      mayReport: may('submit_report'),
      mayWithdraw: may('withdraw'),
      ...extra,
    });
  }
}

/** The application page's one-field forms (answer, report): the message beside the field and in the summary. */
function pageErrors(t: Translate, problems: FieldProblem[], field: 'message' | 'text') {
  const { errors, errorSummary } = formErrors(t, problems, [field], (f) => `ga-app-${f}`);
  return { pageErrors: errors, errorSummary };
}
