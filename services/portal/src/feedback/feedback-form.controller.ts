import { randomUUID } from 'node:crypto';
import { Controller, Get, Inject, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Multipart } from '@fastify/multipart';
import { FeedbackClient } from '../clients/feedback-client';
import { ServiceProblem } from '../clients/service-problem';
import { verifyCsrf } from '../layout/csrf.guard';
import { Pages } from '../layout/pages';
import { Ctx, isStaff, PortalContext } from '../layout/portal-request';
import { problemToFormErrors } from './problem-fields';
import { PORTAL_CONFIG, PortalConfig } from '../portal-config';
import { mapAssetUrls } from './report-map-assets';

/** The form's fields in the order they appear: the error summary follows it. */
export const FEEDBACK_FORM_FIELDS = ['kind', 'categoryCode', 'title', 'description', 'address', 'lat', 'lon', 'districtCode', 'photos', 'email', 'phone', 'contactConsent'];
const TEXT_FIELDS = ['kind', 'categoryCode', 'title', 'description', 'address', 'lat', 'lon', 'districtCode', 'email', 'phone', 'contactConsent'];
const KINDS = ['feedback', 'idea', 'fault'];

export interface Photo {
  filename: string;
  mimetype: string;
  bytes: Buffer;
}

/** An Idempotency-Key as the form carries it (a UUID from renderForm); anything else is not sent on. */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,128}$/;

/** The map script's texts, in the page's language. */
const MAP_TEXT_KEYS = [
  'map.pinPlaced', 'map.pinPlacedAt', 'map.noAddress', 'map.searching', 'map.noResults', 'map.searchFailed', 'map.locating',
  'map.locationDenied', 'map.locationFailed', 'map.locationUnsupported', 'map.tilesFailed', 'map.outside', 'map.pinLabel',
  'similar.published', 'similar.private', 'similar.metoo', 'similar.supporters', 'similar.track',
  'status.received', 'status.in_process',
] as const;

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
    @Inject(PORTAL_CONFIG) private readonly config: PortalConfig,
  ) {}

  @Get('new')
  async form(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply) {
    await this.renderForm(ctx, reply, { kind: 'feedback' });
  }

  @Post('new')
  async submit(@Ctx() ctx: PortalContext, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { fields, photos, tooLarge } = await readForm(request);
    await verifyCsrf(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), request, fields._csrf ?? '');
    // Photos are not kept across a failed submission: the page says so plainly (photosDropped).
    const photosDropped = photos.length || undefined;
    if (tooLarge) {
      // The 413 leads back to the filled form, not to an error page that loses what was typed.
      const { errors, errorSummary } = problemToFormErrors([{ field: 'photos', message: 'too large' }], ctx.t, { order: FEEDBACK_FORM_FIELDS, fallbackField: 'description' });
      errors.photos = ctx.t('err.tooLarge');
      for (const item of errorSummary) item.text = errors.photos;
      return this.renderForm(ctx, reply, fields, { errors, errorSummary, status: 413, photosDropped });
    }
    const form = new FormData();
    for (const name of TEXT_FIELDS) if (fields[name] !== undefined) form.append(name, fields[name]);
    form.append('language', ctx.lang);
    for (const photo of photos) form.append('photos', new Blob([new Uint8Array(photo.bytes)], { type: photo.mimetype }), photo.filename);
    const key = fields.idempotencyKey;
    try {
      const sent = await this.feedback.postForm<{ id: string }>('/feedback/requests', form, {
        token: ctx.token,
        headers: key && IDEMPOTENCY_KEY.test(key) ? { 'idempotency-key': key } : undefined,
      });
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
      await this.renderForm(ctx, reply, fields, { errors, errorSummary, status: 400, photosDropped });
    }
  }

  /**
   * "Me too" from the form's suggestions: supports an open report instead of sending the
   * same one. Signed in, the person counts by their account; otherwise by the contact they
   * typed (with consent) or the form's one-off key.
   */
  @Post('support')
  async support(@Ctx() ctx: PortalContext, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { fields } = await readForm(request);
    await verifyCsrf(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), request, fields._csrf ?? '');
    const body = {
      ref: fields.ref ?? '',
      email: fields.email ?? '',
      phone: fields.phone ?? '',
      contactConsent: fields.contactConsent === 'true',
      language: ctx.lang,
      clientKey: fields.clientKey ?? '',
    };
    let supported: { trackingCode: string; supporterCount: number; added: boolean } | undefined;
    let problem: string | undefined;
    try {
      supported = await this.feedback.post('/feedback/supporters', body, { token: ctx.token });
    } catch (error) {
      if (!(error instanceof ServiceProblem) || ![400, 404, 409].includes(error.status)) throw error;
      problem = error.status === 409 ? ctx.t('similar.closed') : error.status === 404 ? ctx.t('similar.gone') : ctx.t('similar.invalid');
    }
    this.pages.render(reply, ctx, 'feedback/feedback-sent', {
      title: supported ? ctx.t('similar.thanks') : ctx.t('similar.failed'),
      nav: 'send',
      supported,
      supportedWithContact: Boolean(body.contactConsent && (body.email || body.phone)),
      problem,
      status: problem ? 400 : 200,
    });
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

  private async renderForm(
    ctx: PortalContext,
    reply: FastifyReply,
    values: Record<string, string>,
    extra: { errors?: Record<string, string>; errorSummary?: unknown[]; status?: number; photosDropped?: number } = {},
  ) {
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
      // A new key for every rendering: after an error the corrected form is a new request.
      idempotencyKey: randomUUID(),
      map: this.config.map,
      mapAssets: mapAssetUrls(),
      // Inside <script type="application/json">: no "<" may end the element early.
      mapText: JSON.stringify(Object.fromEntries(MAP_TEXT_KEYS.map((k) => [k, ctx.t(k)]))).replace(/</g, '\\u003c'),
      ...extra,
    });
  }
}

/** Reads the multipart form: text fields and the chosen files (an empty file input sends nothing); grants' attachments use it too. */
export async function readForm(request: FastifyRequest): Promise<{ fields: Record<string, string>; photos: Photo[]; tooLarge: boolean }> {
  const fields: Record<string, string> = {};
  const photos: Photo[] = [];
  let tooLarge = false;
  const multipart = request as unknown as { isMultipart?: () => boolean; parts(): AsyncIterable<Multipart> };
  if (!multipart.isMultipart?.()) {
    for (const [k, v] of Object.entries((request.body as Record<string, unknown>) ?? {})) fields[k] = String(v);
    return { fields, photos, tooLarge };
  }
  try {
    for await (const part of multipart.parts()) {
      if (part.type === 'file') {
        let bytes: Buffer;
        try {
          bytes = await part.toBuffer();
        } catch (error) {
          // One photo over the limit: note it and read on, so the fields after it are kept.
          if (!isTooLarge(error)) throw error;
          tooLarge = true;
          continue;
        }
        if (part.filename && bytes.length > 0) photos.push({ filename: part.filename, mimetype: part.mimetype, bytes });
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    // Too many files or fields: what was read so far goes back into the form.
    if (!isTooLarge(error)) throw error;
    tooLarge = true;
  }
  return { fields, photos, tooLarge };
}

function isTooLarge(error: unknown): boolean {
  return (error as { statusCode?: unknown })?.statusCode === 413;
}
