import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { sendDataFile } from '../account/my-data.controller';
import { PersonalDataGatherer } from '../account/personal-data-gatherer';
import { FeedbackClient } from '../clients/feedback-client';
import { ServiceProblem } from '../clients/service-problem';
import { problemToFormErrors } from '../feedback/problem-fields';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireAdmin } from '../layout/portal-request';

const FIELDS = ['email', 'phone', 'subjectId'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A written erasure request, handled by an admin: the feedback service erases what it holds
 * and passes the request on to the other services (docs/adr/0005). After it, the page shows
 * the count and the request's reference — never whom it was about, which stays out of URLs.
 */
@Controller('admin/erasure')
export class ErasurePageController {
  constructor(
    private readonly pages: Pages,
    private readonly feedback: FeedbackClient,
    private readonly gatherer: PersonalDataGatherer,
  ) {}

  @Get()
  form(@Ctx() ctx: PortalContext, @Query('ref') ref: string | undefined, @Query('erased') erased: string | undefined, @Res() reply: FastifyReply) {
    requireAdmin(ctx);
    const done = ref && UUID.test(ref) && /^\d+$/.test(erased ?? '');
    this.render(ctx, reply, { flash: done ? { kind: 'success', text: ctx.t('erasure.adminDone', { n: erased, ref }) } : undefined });
  }

  @Post()
  async erase(@Ctx() ctx: PortalContext, @Body() form: Record<string, string | undefined>, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    const body = Object.fromEntries(FIELDS.map((field) => [field, form[field] ?? '']));
    // Erasure cannot be undone: the first POST only asks, showing whom it is about; the
    // confirmation carries the same values back with `confirm=yes`.
    if (form?.confirm !== 'yes' && FIELDS.some((f) => body[f].trim() !== '')) {
      return this.pages.render(reply, ctx, 'admin/confirm', {
        title: ctx.t('erasure.confirmTitle'),
        nav: 'admin',
        question: ctx.t('erasure.confirmText'),
        details: FIELDS.filter((f) => body[f].trim() !== '').map((f) => ({ label: ctx.t(`erasure.${f}`), value: body[f] })),
        action: '/admin/erasure',
        fields: FIELDS.map((name) => ({ name, value: body[name] })),
        confirmLabel: ctx.t('erasure.submit'),
        cancelHref: '/admin/erasure',
      });
    }
    try {
      const result = await this.feedback.post<{ requestId: string; erasedRequests: number }>('/feedback/admin/erasure-requests', body, { token });
      reply.redirect(`/admin/erasure?ref=${result.requestId}&erased=${result.erasedRequests}`, 303);
    } catch (error) {
      if (!(error instanceof ServiceProblem) || error.status !== 400) throw error;
      this.render(ctx, reply, { ...problemToFormErrors(error.fieldErrors, ctx.t, { order: FIELDS, fallbackField: 'email' }), values: body, status: 400 });
    }
  }

  /**
   * A written request for a copy of one's data (GDPR Art. 15): every service's section for the
   * sign-in subject, as one download. A POST, so whom it is about stays out of URLs and logs.
   */
  @Post('data')
  async exportData(@Ctx() ctx: PortalContext, @Body() form: Record<string, string | undefined>, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    const subjectId = (form?.exportSubjectId ?? '').trim();
    if (subjectId === '' || subjectId.length > 255) {
      const message = ctx.t(subjectId === '' ? 'erasure.errExportSubject' : 'erasure.errSubject');
      return this.render(ctx, reply, {
        errors: { exportSubjectId: message },
        errorSummary: [{ href: '#f-exportSubjectId', text: message }],
        values: { exportSubjectId: form?.exportSubjectId ?? '' },
        status: 400,
      });
    }
    const file = await this.gatherer.ofSubject(subjectId, token);
    // An incomplete copy would be handed over as the whole answer to the request: none (ADR 0018).
    if (file.missing.length > 0) {
      return this.render(ctx, reply, {
        flash: { kind: 'error', text: ctx.t('erasure.errExportIncomplete', { services: file.missing.map((m) => m.service).join(', ') }) },
        values: { exportSubjectId: subjectId },
        status: 503,
      });
    }
    sendDataFile(reply, file, 'subject-data');
  }

  private render(ctx: PortalContext, reply: FastifyReply, extra: Record<string, unknown>) {
    this.pages.render(reply, ctx, 'admin/erasure', { title: ctx.t('erasure.adminTitle'), nav: 'admin', ...extra });
  }
}
