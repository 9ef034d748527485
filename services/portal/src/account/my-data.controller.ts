import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
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
    const file = await this.gatherer.gather(user.sub, token);
    reply
      .header('Content-Type', 'application/json; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="my-data-${file.generatedAt.slice(0, 10)}.json"`)
      // Personal data: kept by no cache between the city and the person.
      .header('Cache-Control', 'no-store')
      .send(JSON.stringify(file, null, 2));
  }
}
