import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DeadLetterList, deadLetterList, replayResult } from '@vaikuta/contracts';
import { ServiceClients } from '../clients/service-clients';
import { ServiceProblem } from '../clients/service-problem';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireAdmin } from '../layout/portal-request';

/**
 * Dead letters of every registered service (deploy/services.json), with replay (libs/messaging's
 * admin API). A service without consumers answers 404 and is shown as having none to show.
 */
@Controller('admin/dead-letters')
export class DeadLettersPageController {
  constructor(
    private readonly pages: Pages,
    private readonly services: ServiceClients,
  ) {}

  @Get()
  async list(@Ctx() ctx: PortalContext, @Query() query: Record<string, string>, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    const includeReplayed = query.all === 'true';
    const groups = await Promise.all(
      this.services.registered().map(async (client) => {
        const service = client.service;
        try {
          const { items } = await client.read(deadLetterList, `/${service}/admin/dead-letters`, { token, query: { includeReplayed }, timeoutMs: 3000 });
          return { service, items, available: true };
        } catch (error) {
          if (error instanceof ServiceProblem && [404, 503].includes(error.status)) return { service, items: [] as DeadLetterList['items'], available: false };
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
    const result = await client.send(replayResult, `/${service}/admin/dead-letters/${id}/replay`, {}, { token });
    reply.redirect(`/admin/dead-letters?done=${result.applied ? 'applied' : 'skipped'}`, 303);
  }
}
