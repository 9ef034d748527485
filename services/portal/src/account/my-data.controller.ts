import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { PrivacyHttp } from '@vaikuta/contracts';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireUser } from '../layout/portal-request';
import { PersonalDataGatherer } from './personal-data-gatherer';

/** "My data": what the city's services hold about me, as one download (GDPR Art. 15). */
@Controller('my')
export class MyDataController {
  constructor(
    private readonly pages: Pages,
    private readonly gatherer: PersonalDataGatherer,
  ) {}

  @Get('data')
  page(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply) {
    requireUser(ctx);
    this.pages.render(reply, ctx, 'account/my-data', { title: ctx.t('myData.title'), nav: 'my' });
  }

  @Get('data.json')
  async download(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply) {
    const { user, token } = requireUser(ctx);
    sendDataFile(reply, await this.gatherer.mine(user.sub, token), 'my-data');
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
