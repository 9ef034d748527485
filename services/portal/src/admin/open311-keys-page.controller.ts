import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { FeedbackClient } from '../clients/clients';
import { ServiceProblem } from '../clients/service-problem';
import { problemToFormErrors } from '../feedback/problem-fields';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireAdmin } from '../layout/portal-request';

/**
 * Open311 API keys. A new key is shown once, in the answer to the POST itself (not after a
 * redirect: the key must not travel in a URL or a cookie), with no-store caching.
 */
@Controller('admin/open311-keys')
export class Open311KeysPageController {
  constructor(
    private readonly pages: Pages,
    private readonly feedback: FeedbackClient,
  ) {}

  @Get()
  async list(@Ctx() ctx: PortalContext, @Query('done') done: string | undefined, @Res() reply: FastifyReply) {
    await this.render(ctx, reply, { flash: done ? { kind: 'success', text: ctx.t('done.saved') } : undefined });
  }

  @Post()
  async create(@Ctx() ctx: PortalContext, @Body() form: { label?: string }, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    try {
      const created = await this.feedback.post<{ apiKey: string; label: string }>('/feedback/admin/open311-keys', { label: form.label ?? '' }, { token });
      await this.render(ctx, reply, { created, status: 201 });
    } catch (error) {
      if (!(error instanceof ServiceProblem) || error.status !== 400) throw error;
      await this.render(ctx, reply, { ...problemToFormErrors(error.fieldErrors, ctx.t, { order: ['label'], fallbackField: 'label' }), values: form, status: 400 });
    }
  }

  @Post(':id/revoke')
  async revoke(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    await this.feedback.delete(`/feedback/admin/open311-keys/${id}`, { token });
    reply.redirect('/admin/open311-keys?done=1', 303);
  }

  private async render(ctx: PortalContext, reply: FastifyReply, extra: Record<string, unknown>) {
    const { token } = requireAdmin(ctx);
    const { items } = await this.feedback.get<{ items: Record<string, any>[] }>('/feedback/admin/open311-keys', { token });
    this.pages.render(reply, ctx, 'admin/open311-keys', { title: ctx.t('admin.keys'), nav: 'admin', items, ...extra });
  }
}
