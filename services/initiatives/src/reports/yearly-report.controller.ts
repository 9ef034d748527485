import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@vaikuta/auth';
import { z } from 'zod';
import { YearlyReportService } from './yearly-report.service';
import { YearlyReportPdf } from './yearly-report.pdf';

/** `2026`, or `2026.csv` / `2026.json` naming the format in the path (a download link). */
const yearParam = z.object({
  year: z
    .string()
    .regex(/^\d{4}(\.(csv|json))?$/, 'A year such as 2026 (or 2026.csv)')
    .transform((v) => ({ year: Number(v.slice(0, 4)), format: v.length > 4 ? (v.slice(5) as 'csv' | 'json') : null }))
    .pipe(z.object({ year: z.number().min(1995, 'From 1995 on').max(2100), format: z.enum(['csv', 'json']).nullable() })),
});
const formatQuery = z.object({ format: z.enum(['json', 'csv']).optional() });
const pdfYearParam = z.object({ year: z.string().regex(/^\d{4}$/, 'A year such as 2026').transform(Number).pipe(z.number().min(1995, 'From 1995 on').max(2100)) });
const pdfQuery = z.object({ lang: z.enum(['fi', 'sv', 'en']).default('fi') });

@ApiTags('initiatives')
@Controller('initiatives/reports')
export class YearlyReportController {
  constructor(
    private readonly reports: YearlyReportService,
    private readonly pdf: YearlyReportPdf,
  ) {}

  // Declared before `:year`: the router matches `2026.pdf` here, `2026` and `2026.csv` below.
  @Get(':year.pdf')
  @Public()
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The yearly report to the council as a printable PDF (same rows as the JSON; ?lang=fi|sv|en for the headings)' })
  async printable(@Param({ schema: pdfYearParam }) params: z.infer<typeof pdfYearParam>, @Query({ schema: pdfQuery }) query: z.infer<typeof pdfQuery>, @Res() reply: FastifyReply) {
    const report = await this.reports.report(params.year);
    const body = await this.pdf.render(report, query.lang);
    reply
      .header('Content-Type', 'application/pdf')
      .header('Content-Disposition', `inline; filename="initiatives-${params.year}.pdf"`)
      .send(body);
  }

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
