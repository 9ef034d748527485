import { Body, Controller, Get, NotFoundException, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { FeedbackClient } from '../clients/feedback-client';
import { InitiativeAction, InitiativesClient } from '../clients/initiatives-client';
import { ServiceProblem } from '../clients/service-problem';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requirePreparer } from '../layout/portal-request';
import { availableSteps, stepBody, stepErrors, stepOf, STEP_FORMS } from './initiative-actions';
import { clock, DECISION_BODIES, describe, timelineText } from './initiative-view';

const uuid = new ParseUUIDPipe();

/**
 * One initiative for its preparer: facts, clocks, statements (requested and answered here),
 * the timeline, and each step of the life cycle as a small form carrying the version the page
 * showed; a stale one comes back as "changed meanwhile", keeping what was typed.
 */
@Controller('staff/initiatives')
export class InitiativeWorkController {
  constructor(
    private readonly pages: Pages,
    private readonly initiatives: InitiativesClient,
    private readonly feedback: FeedbackClient,
  ) {}

  @Get(':id')
  async show(@Ctx() ctx: PortalContext, @Param('id', uuid) id: string, @Query('done') done: unknown, @Res() reply: FastifyReply) {
    const step = done === 'answer' ? 'answer' : stepOf(done);
    await this.render(ctx, reply, id, step ? { flash: { kind: 'success', text: ctx.t(`ini.done.${step}`) } } : {});
  }

  @Post(':id/statements/:statementId/answer')
  async answer(
    @Ctx() ctx: PortalContext,
    @Param('id', uuid) id: string,
    @Param('statementId', uuid) statementId: string,
    @Body() form: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const { token } = requirePreparer(ctx);
    const body = { version: Number(form?.version), text: typeof form?.text === 'string' ? form.text.trim() : '' };
    await this.attempt(ctx, reply, id, `answer-${statementId}`, ['text'], form, () => this.initiatives.answerStatement(id, statementId, body, token), 'answer');
  }

  @Post(':id/:step')
  async act(@Ctx() ctx: PortalContext, @Param('id', uuid) id: string, @Param('step') name: string, @Body() form: Record<string, unknown>, @Res() reply: FastifyReply) {
    const { token } = requirePreparer(ctx);
    const step = stepOf(name);
    if (!step) throw new NotFoundException();
    await this.attempt(ctx, reply, id, step, STEP_FORMS[step].fields, form, () => this.initiatives.change(id, step, stepBody(step, form ?? {}), token), step);
  }

  /** Sends a step; a refusal comes back as the page with the form as typed and its problems named. */
  private async attempt(
    ctx: PortalContext,
    reply: FastifyReply,
    id: string,
    formName: string,
    fields: string[],
    form: Record<string, unknown> | undefined,
    send: () => Promise<unknown>,
    done: InitiativeAction | 'answer',
  ) {
    try {
      await send();
    } catch (error) {
      if (!(error instanceof ServiceProblem) || ![400, 409, 422].includes(error.status)) throw error;
      const values = { [formName]: form ?? {} };
      // A stale version names the current one; a step the life cycle no longer allows does not.
      if (error.status === 409) return this.render(ctx, reply, id, { status: 409, ...(typeof error.problem.currentVersion === 'number' ? { stale: true } : { conflict: true }), values });
      const { errors, errorSummary } = stepErrors(ctx.t, formName, fields, error.fieldErrors.length ? error.fieldErrors : [{ field: fields[0] ?? 'version', message: error.problem.detail ?? '' }]);
      return this.render(ctx, reply, id, { status: 400, errors, errorSummary, values });
    }
    reply.redirect(`/staff/initiatives/${id}?done=${done}#main`, 303);
  }

  private async render(ctx: PortalContext, reply: FastifyReply, id: string, extra: Record<string, unknown>) {
    const { user, token } = requirePreparer(ctx);
    const [initiative, catalog] = await Promise.all([this.initiatives.staffDetail(id, token), this.feedback.catalog(ctx.lang).catch(() => undefined)]);
    const t = ctx.t;
    const view = describe(t, ctx.lang, initiative);
    const departments = catalog?.departments.filter((d) => d.active !== false) ?? [];
    const can = availableSteps(initiative.status);
    const values = (extra.values ?? {}) as Record<string, Record<string, unknown>>;
    this.pages.render(reply, ctx, 'initiatives/work', {
      title: t('ini.work.title', { title: view.titleText.text }),
      nav: 'initiativeQueue',
      i: view,
      can: Object.fromEntries([...can].map((s) => [s, true])),
      anyStep: can.size > 0,
      departmentName: initiative.departmentCode ? (departments.find((d) => d.code === initiative.departmentCode)?.name ?? initiative.departmentCode) : undefined,
      departments,
      bodies: DECISION_BODIES.map((value) => ({ value, label: t(`ini.body.${value}`) })),
      // The body each form's select shows: as typed in a refused form, else the one proposed to.
      chosenBody: {
        propose: values.propose?.body ?? initiative.proposedTo,
        decide: values.decide?.body ?? initiative.proposedTo,
      },
      decisionBodyLabel: initiative.decision ? t(`ini.body.${initiative.decision.body}`) : undefined,
      proposedToLabel: initiative.proposedTo ? t(`ini.body.${initiative.proposedTo}`) : undefined,
      statements: initiative.statements.map((s) => ({ ...s, clock: s.answeredAt ? undefined : clock(t, s.dueAt), formName: `answer-${s.id}` })),
      timeline: initiative.timeline.map((entry) => ({ at: entry.at, text: timelineText(t, entry), note: entry.note })),
      me: user.sub,
      preparerLabel: initiative.preparerId ? (initiative.preparerId === user.sub ? t('assignee.you') : initiative.preparerId) : undefined,
      nextClock: clock(t, initiative.nextDueAt),
      // Staff see who filed it and how to reach them (never on a public page).
      contacts: initiative.initiatorContacts.map((c) => ({ ...c, roleLabel: t(`ini.role.${c.role}`) })),
      today: new Date().toISOString().slice(0, 10),
      ...extra,
      values,
    });
  }
}
