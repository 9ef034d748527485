import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@vaikuta/auth';
import { z } from 'zod';
import { YearlyReportService } from './yearly-report.service';

/** `2026`, or `2026.csv` / `2026.json` naming the format in the path (a download link). */
const yearParam = z.object({
  year: z
    .string()
    .regex(/^\d{4}(\.(csv|json))?$/, 'A year such as 2026 (or 2026.csv)')
    .transform((v) => ({ year: Number(v.slice(0, 4)), format: v.length > 4 ? (v.slice(5) as 'csv' | 'json') : null }))
    .pipe(z.object({ year: z.number().min(1995, 'From 1995 on').max(2100), format: z.enum(['csv', 'json']).nullable() })),
});
const formatQuery = z.object({ format: z.enum(['json', 'csv']).optional() });

@ApiTags('initiatives')
@Controller('initiatives/reports')
export class YearlyReportController {
  constructor(private readonly reports: YearlyReportService) {}

  @Get(':year')
  @Public()
  @ApiOperation({ summary: 'The yearly report to the council: initiatives filed or decided in the year (JSON; CSV as /reports/2026.csv or ?format=csv)' })
  async report(@Param({ schema: yearParam }) params: z.infer<typeof yearParam>, @Query({ schema: formatQuery }) query: z.infer<typeof formatQuery>, @Res() reply: FastifyReply) {
    const { year } = params.year;
    const format = params.year.format ?? query.format ?? 'json';
    const report = await this.reports.report(year);
    if (format === 'csv') {
      reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="initiatives-${year}.csv"`)
        .send(this.reports.toCsv(report));
      return;
    }
    reply.send(report);
  }
}
