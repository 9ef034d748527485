import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { FeedbackHttp } from '@vaikuta/contracts';
import { FeedbackClient } from '../clients/feedback-client';
import { ServiceProblem } from '../clients/service-problem';
import { problemToFormErrors } from '../feedback/problem-fields';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireAdmin } from '../layout/portal-request';
import { PORTAL_CONFIG, PortalConfig } from '../portal-config';
import { openForSession, sealForSession } from './session-sealed-secret';

/** Where a new key waits, sealed, for the page after the redirect; read once, then cleared. */
const NEW_KEY_COOKIE = 'vaikuta_new_key';
const NEW_KEY_PATH = '/admin/open311-keys';

/**
 * Open311 API keys. Creating follows POST-redirect-GET, so reloading the page cannot make a
 * second key: the POST seals the new key for the admin's session into a short-lived cookie
 * (never readable, never in a URL) and the GET shows it once and clears it. Revoking asks
 * for confirmation first: a revoked key cannot be restored.
 */
@Controller('admin/open311-keys')
export class Open311KeysPageController {
  constructor(
    private readonly pages: Pages,
    private readonly feedback: FeedbackClient,
    @Inject(PORTAL_CONFIG) private readonly config: PortalConfig,
  ) {}

  @Get()
  async list(@Ctx() ctx: PortalContext, @Query('done') done: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    const sealed = request.cookies?.[NEW_KEY_COOKIE];
    let created: { apiKey: string; label: string } | undefined;
    if (sealed) {
      reply.clearCookie(NEW_KEY_COOKIE, { path: NEW_KEY_PATH });
      const opened = openForSession(token, sealed);
      if (opened) created = JSON.parse(opened) as { apiKey: string; label: string };
    }
    const flash = !created && done === 'revoked' ? { kind: 'success', text: ctx.t('keys.revokedDone') } : !created && done ? { kind: 'success', text: ctx.t('done.saved') } : undefined;
    await this.render(ctx, reply, { created, flash });
  }

  @Post()
  async create(@Ctx() ctx: PortalContext, @Body() form: { label?: string }, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    try {
      const created = await this.feedback.post<{ apiKey: string; label: string }>('/feedback/admin/open311-keys', { label: form.label ?? '' }, { token });
      reply.setCookie(NEW_KEY_COOKIE, sealForSession(token, JSON.stringify({ apiKey: created.apiKey, label: created.label })), {
        path: NEW_KEY_PATH,
        httpOnly: true,
        sameSite: 'strict',
        secure: this.config.cookieSecure,
        maxAge: 300,
      });
      reply.redirect('/admin/open311-keys?done=created', 303);
    } catch (error) {
      if (!(error instanceof ServiceProblem) || error.status !== 400) throw error;
      await this.render(ctx, reply, { ...problemToFormErrors(error.fieldErrors, ctx.t, { order: ['label'], fallbackField: 'label' }), values: form, status: 400 });
    }
  }

  /** Without `confirm=yes` this only asks: revoking cuts the client off and cannot be undone. */
  @Post(':id/revoke')
  async revoke(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() form: { confirm?: string }, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    if (form?.confirm !== 'yes') {
      const { items } = await this.feedback.get<{ items: { id: string; label: string; revokedAt: string | null }[] }>('/feedback/admin/open311-keys', { token });
      const key = items.find((k) => k.id === id && !k.revokedAt);
      if (!key) return reply.redirect('/admin/open311-keys', 303);
      return this.pages.render(reply, ctx, 'admin/confirm', {
        title: ctx.t('keys.confirmTitle', { label: key.label }),
        nav: 'admin',
        question: ctx.t('keys.confirmText', { label: key.label }),
        action: `/admin/open311-keys/${id}/revoke`,
        fields: [],
        confirmLabel: ctx.t('keys.revoke'),
        cancelHref: '/admin/open311-keys',
      });
    }
    await this.feedback.delete(`/feedback/admin/open311-keys/${id}`, { token });
    reply.redirect('/admin/open311-keys?done=revoked', 303);
  }

  private async render(ctx: PortalContext, reply: FastifyReply, extra: Record<string, unknown>) {
    const { token } = requireAdmin(ctx);
    const { items } = await this.feedback.get<z.infer<typeof FeedbackHttp.open311KeyList>>('/feedback/admin/open311-keys', { token });
    this.pages.render(reply, ctx, 'admin/open311-keys', { title: ctx.t('admin.keys'), nav: 'admin', items, ...extra });
  }
}
