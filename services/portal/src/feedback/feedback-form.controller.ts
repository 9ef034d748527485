import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FeedbackClient } from '../clients/clients';
import { ServiceProblem } from '../clients/service-problem';
import { verifyCsrf } from '../layout/csrf.guard';
import { Pages } from '../layout/pages';
import { Ctx, isStaff, PortalContext } from '../layout/portal-request';
import { problemToFormErrors } from './problem-fields';

/** The form's fields in the order they appear: the error summary follows it. */
export const FEEDBACK_FORM_FIELDS = ['kind', 'categoryCode', 'title', 'description', 'address', 'lat', 'lon', 'districtCode', 'photos', 'email', 'phone', 'contactConsent'];
const TEXT_FIELDS = ['kind', 'categoryCode', 'title', 'description', 'address', 'lat', 'lon', 'districtCode', 'email', 'phone', 'contactConsent'];
const KINDS = ['feedback', 'idea', 'fault'];

interface Photo {
  filename: string;
  mimetype: string;
  bytes: Buffer;
}

/**
 * Sending feedback: the form, its POST (multipart, forwarded to the feedback service with
 * the person's token if signed in — staff entering on someone's behalf are recorded as
 * such), field errors beside the fields, and the confirmation with the tracking link.
 */
@Controller('feedback')
export class FeedbackFormController {
  constructor(
    private readonly pages: Pages,
    private readonly feedback: FeedbackClient,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  @Get('new')
  async form(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply) {
    await this.renderForm(ctx, reply, { kind: 'feedback' });
  }

  @Post('new')
  async submit(@Ctx() ctx: PortalContext, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { fields, photos } = await readForm(request);
    await verifyCsrf(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), request, fields._csrf ?? '');
    const form = new FormData();
    for (const name of TEXT_FIELDS) if (fields[name] !== undefined) form.append(name, fields[name]);
    form.append('language', ctx.lang);
    for (const photo of photos) form.append('photos', new Blob([new Uint8Array(photo.bytes)], { type: photo.mimetype }), photo.filename);
    try {
      const sent = await this.feedback.postForm<{ id: string }>('/feedback/requests', form, { token: ctx.token });
      reply.redirect(`/feedback/sent/${sent.id}`, 303);
    } catch (error) {
      if (!(error instanceof ServiceProblem) || ![400, 413, 422].includes(error.status)) throw error;
      const problems = error.fieldErrors.length ? error.fieldErrors : [{ field: 'photos', message: error.status === 413 ? 'too large' : '' }];
      const { errors, errorSummary } = problemToFormErrors(problems, ctx.t, {
        order: FEEDBACK_FORM_FIELDS,
        fallbackField: 'description',
        anchors: { kind: 'f-kind-feedback' },
      });
      if (error.status === 413) errors.photos = ctx.t('err.tooLarge');
      await this.renderForm(ctx, reply, fields, { errors, errorSummary, status: 400 });
    }
  }

  @Get('sent/:id')
  async sent(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const detail = await this.feedback.get(`/feedback/public/requests/${id}`, { query: { lang: ctx.lang } });
    const path = `/feedback/track/${id}`;
    this.pages.render(reply, ctx, 'feedback/feedback-sent', {
      title: ctx.t('sent.title'),
      nav: 'send',
      detail,
      trackPath: path,
      trackUrl: `${request.protocol}://${request.host}${path}`,
    });
  }

  private async renderForm(ctx: PortalContext, reply: FastifyReply, values: Record<string, string>, extra: { errors?: Record<string, string>; errorSummary?: unknown[]; status?: number } = {}) {
    const catalog = await this.feedback.catalog(ctx.lang);
    const groups = new Map<string, { code: string; name: string }[]>();
    for (const c of catalog.categories) groups.set(c.group ?? '', [...(groups.get(c.group ?? '') ?? []), { code: c.code, name: c.name }]);
    this.pages.render(reply, ctx, 'feedback/feedback-form', {
      title: extra.errorSummary?.length ? `${ctx.t('common.errorsTitle')}: ${ctx.t('form.title')}` : ctx.t('form.title'),
      heading: ctx.t('form.title'),
      nav: 'send',
      onBehalf: isStaff(ctx.user),
      kinds: KINDS.map((k) => ({ value: k, label: ctx.t(`kind.${k}`), hint: ctx.t(`kind.${k}Hint`), checked: (values.kind ?? 'feedback') === k })),
      categoryGroups: [...groups].map(([label, items]) => ({ label, items })),
      districts: catalog.districts,
      values,
      consentChecked: ['on', 'true', '1'].includes(values.contactConsent ?? ''),
      ...extra,
    });
  }
}

/** Reads the multipart form: text fields and the chosen photos (an empty file input sends nothing). */
async function readForm(request: FastifyRequest): Promise<{ fields: Record<string, string>; photos: Photo[] }> {
  const fields: Record<string, string> = {};
  const photos: Photo[] = [];
  const multipart = request as unknown as { isMultipart?: () => boolean; parts(): AsyncIterable<any> };
  if (!multipart.isMultipart?.()) {
    for (const [k, v] of Object.entries((request.body as Record<string, unknown>) ?? {})) fields[k] = String(v);
    return { fields, photos };
  }
  for await (const part of multipart.parts()) {
    if (part.type === 'file') {
      const bytes: Buffer = await part.toBuffer();
      if (part.filename && bytes.length > 0) photos.push({ filename: part.filename, mimetype: part.mimetype, bytes });
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
  return { fields, photos };
}
