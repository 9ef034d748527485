import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { NotificationsClient } from '../clients/clients';
import { ServiceProblem } from '../clients/service-problem';
import { isLang } from '../i18n/i18n';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireAdmin } from '../layout/portal-request';

/** Notification templates and a preview with sample data, in each language. */
@Controller('admin/templates')
export class TemplatesPageController {
  constructor(
    private readonly pages: Pages,
    private readonly notifications: NotificationsClient,
  ) {}

  @Get()
  async list(@Ctx() ctx: PortalContext, @Query('template') template: string | undefined, @Query('language') language: string | undefined, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    let items: { name: string; eventType: string | null; languages: string[] }[];
    try {
      ({ items } = await this.notifications.get('/notifications/admin/templates', { token, timeoutMs: 3000 }));
    } catch (error) {
      if (error instanceof ServiceProblem && [404, 503].includes(error.status)) {
        return this.pages.render(reply, ctx, 'account/notifications-unavailable', { title: ctx.t('admin.templates'), nav: 'admin', status: 503 });
      }
      throw error;
    }
    let preview: { subject: string; text: string } | undefined;
    const lang = isLang(language) ? language : ctx.lang;
    if (template && items.some((i) => i.name === template)) {
      preview = await this.notifications.post(`/notifications/admin/templates/${encodeURIComponent(template)}/preview`, { language: lang }, { token });
    }
    this.pages.render(reply, ctx, 'admin/templates', {
      title: ctx.t('admin.templates'),
      nav: 'admin',
      items,
      template,
      previewLang: lang,
      preview,
    });
  }
}
