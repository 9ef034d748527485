import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { FeedbackClient, NotificationsClient } from '../clients/clients';
import { ServiceClient } from '../clients/service-client';
import { ServiceProblem } from '../clients/service-problem';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireAdmin } from '../layout/portal-request';

/** Dead letters of every service that has consumers, with replay (libs/messaging's admin API). */
@Controller('admin/dead-letters')
export class DeadLettersPageController {
  /** By the service's name in the URL; a Map, so `__proto__` or `constructor` name no service. */
  private readonly services: Map<string, ServiceClient>;

  constructor(
    private readonly pages: Pages,
    feedback: FeedbackClient,
    notifications: NotificationsClient,
  ) {
    this.services = new Map<string, ServiceClient>([
      ['feedback', feedback],
      ['notifications', notifications],
    ]);
  }

  @Get()
  async list(@Ctx() ctx: PortalContext, @Query() query: Record<string, string>, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    const includeReplayed = query.all === 'true';
    const groups = await Promise.all(
      [...this.services].map(async ([service, client]) => {
        try {
          const { items } = await client.get<{ items: Record<string, any>[] }>(`/${service}/admin/dead-letters`, { token, query: { includeReplayed }, timeoutMs: 3000 });
          return { service, items, available: true };
        } catch (error) {
          if (error instanceof ServiceProblem && [404, 503].includes(error.status)) return { service, items: [], available: false };
          throw error;
        }
      }),
    );
    const t = ctx.t;
    this.pages.render(reply, ctx, 'admin/dead-letters', {
      title: t('admin.deadLetters'),
      nav: 'admin',
      groups,
      includeReplayed,
      flash: query.done === 'applied' ? { kind: 'success', text: t('dl.replayed') } : query.done === 'skipped' ? { kind: 'success', text: t('dl.notApplied') } : undefined,
    });
  }

  @Post(':service/:id/replay')
  async replay(@Ctx() ctx: PortalContext, @Param('service') service: string, @Param('id', new ParseUUIDPipe()) id: string, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    const client = this.services.get(service);
    if (!client) return reply.redirect('/admin/dead-letters', 303);
    const result = await client.post<{ applied: boolean }>(`/${service}/admin/dead-letters/${id}/replay`, {}, { token });
    reply.redirect(`/admin/dead-letters?done=${result.applied ? 'applied' : 'skipped'}`, 303);
  }
}
