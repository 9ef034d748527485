import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { PrivacyHttp } from '@vaikuta/contracts';
import { CorrelationContext } from '@vaikuta/observability';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireUser } from '../layout/portal-request';
import { PersonalDataGatherer } from './personal-data-gatherer';

/** The parts of "my data" as a person knows them, and the service prefixes answering each. */
const PARTS = [
  { key: 'feedback', services: ['feedback'] },
  { key: 'initiatives', services: ['initiatives'] },
  { key: 'budgeting', services: ['budgeting'] },
  { key: 'grants', services: ['grants', 'premises'] },
  { key: 'notifications', services: ['notifications'] },
] as const;

/** "My data": what the city's services hold about me, as one download (GDPR Art. 15). */
@Controller('my')
export class MyDataController {
  constructor(
    private readonly pages: Pages,
    private readonly gatherer: PersonalDataGatherer,
  ) {}

  /**
   * Asks every service, so the page can say which parts cannot be read right now (200, the
   * others shown) and offer the download only when the file would be complete.
   */
  @Get('data')
  async page(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply) {
    const { user, token } = requireUser(ctx);
    const { missing } = await this.gatherer.mine(user.sub, token);
    const down = new Set(missing.map((m) => m.service));
    this.pages.render(reply, ctx, 'account/my-data', {
      title: ctx.t('myData.title'),
      nav: 'my',
      parts: PARTS.map((part) => ({ key: part.key, text: ctx.t(`myData.${part.key}`), unavailable: part.services.some((s) => down.has(s)) })),
      complete: missing.length === 0,
    });
  }

  @Get('data.json')
  async download(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply) {
    const { user, token } = requireUser(ctx);
    const file = await this.gatherer.mine(user.sub, token);
    if (file.missing.length > 0) return sendIncompleteExport(reply, file.missing);
    sendDataFile(reply, file, 'my-data');
  }
}

/** The gathered file as a download; personal data, so kept by no cache on the way. */
export function sendDataFile(reply: FastifyReply, file: PrivacyHttp.PersonalDataExport, name: string): void {
  reply
    .header('Content-Type', 'application/json; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="${name}-${file.generatedAt.slice(0, 10)}.json"`)
    .header('Cache-Control', 'no-store')
    .send(JSON.stringify(file, null, 2));
}

/**
 * No file when a service did not answer: an export missing a service's part, saved and read
 * later as the whole answer to an Art. 15 request, would mislead (docs/adr/0018). A 503
 * problem+json naming the services instead, to try again.
 */
export function sendIncompleteExport(reply: FastifyReply, missing: PrivacyHttp.MissingSection[]): void {
  reply
    .status(503)
    .header('Content-Type', 'application/problem+json; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .header('Retry-After', '30')
    .send({
      type: 'about:blank',
      title: 'Service unavailable',
      status: 503,
      detail: `Not every service answered, so no incomplete export is given: ${missing.map((m) => `${m.service} (${m.reason})`).join(', ')}. Try again in a moment.`,
      unavailable: missing,
      correlationId: CorrelationContext.current(),
    });
}
