import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { InitiativesClient } from '../clients/initiatives-client';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext } from '../layout/portal-request';
import { filterYears } from './initiatives-browse.controller';

/**
 * The yearly report to the council (kuntalaki § 23): every initiative filed or decided in the
 * year, its stage and measures, as a page that prints, with the service's CSV beside it.
 */
@Controller('initiatives/reports')
export class YearlyReportController {
  constructor(
    private readonly pages: Pages,
    private readonly initiatives: InitiativesClient,
  ) {}

  /** The year picker is a plain GET form: without script it lands here. */
  @Get()
  pick(@Query('year') year: unknown, @Res() reply: FastifyReply) {
    const chosen = filterYears().map(String).includes(String(year)) ? String(year) : String(new Date().getFullYear());
    reply.redirect(`/initiatives/reports/${chosen}`, 303);
  }

  @Get(':year')
  async report(@Ctx() ctx: PortalContext, @Param('year') yearParam: string, @Res() reply: FastifyReply) {
    const years = filterYears();
    const year = Number(yearParam);
    if (!years.includes(year)) return reply.redirect(`/initiatives/reports/${years[0]}`, 303);
    const report = await this.initiatives.report(year, ctx.lang);
    const t = ctx.t;
    this.pages.render(reply, ctx, 'initiatives/report', {
      title: t('ini.report.title', { year }),
      nav: 'initiatives',
      year,
      years,
      rows: report.items.map((row) => ({
        ...row,
        typeLabel: t(`ini.type.${row.type}`),
        statusLabel: t(`ini.status.${row.status}`),
        bodyLabel: row.body ? t(`ini.body.${row.body}`) : '',
      })),
      // Served by the initiatives service through the portal's API route.
      csvHref: `/api/initiatives/reports/${year}.csv?lang=${ctx.lang}`,
      pdfHref: `/api/initiatives/reports/${year}.pdf?lang=${ctx.lang}`,
    });
  }
}
