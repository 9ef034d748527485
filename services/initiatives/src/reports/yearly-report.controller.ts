import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@vaikuta/auth';
import { z } from 'zod';
import { YearlyReportService } from './yearly-report.service';

const yearParam = z.object({ year: z.string().regex(/^\d{4}$/, 'A year such as 2026').transform(Number).pipe(z.number().min(1995).max(2100)) });
const formatQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });

@ApiTags('initiatives')
@Controller('initiatives/reports')
export class YearlyReportController {
  constructor(private readonly reports: YearlyReportService) {}

  @Get(':year')
  @Public()
  @ApiOperation({ summary: 'The yearly report to the council: initiatives filed or decided in the year (JSON, or CSV with format=csv)' })
  async report(@Param({ schema: yearParam }) params: z.infer<typeof yearParam>, @Query({ schema: formatQuery }) query: z.infer<typeof formatQuery>, @Res() reply: FastifyReply) {
    const { year } = params;
    const report = await this.reports.report(year);
    if (query.format === 'csv') {
      reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="initiatives-${year}.csv"`)
        .send(this.reports.toCsv(report));
      return;
    }
    reply.send(report);
  }
}
