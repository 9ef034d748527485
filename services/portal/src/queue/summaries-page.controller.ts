import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { FeedbackClient } from '../clients/feedback-client';
import { ServiceProblem } from '../clients/service-problem';
import { queryString } from '../clients/service-client';
import { problemToFormErrors } from '../feedback/problem-fields';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireStaff } from '../layout/portal-request';

const GROUPINGS = ['department', 'category', 'district'];

interface SummaryRow {
  key: string | null;
  name: string;
  total: number;
  received: number;
  inProcess: number;
  resolved: number;
  rejected: number;
  merged: number;
  overdue: number;
  medianHoursToFirstReply: number | null;
  medianHoursToResolution: number | null;
}

/** Bars as widths in percent of the largest total; the numbers themselves are in the text. */
export function barWidths(rows: { total: number }[]): number[] {
  const max = Math.max(1, ...rows.map((r) => r.total));
  return rows.map((r) => Math.round((r.total / max) * 1000) / 10);
}

/** Department summaries: a bar chart of volumes (accessible: the numbers are text), the table, CSV. */
@Controller('staff')
export class SummariesPageController {
  constructor(
    private readonly pages: Pages,
    private readonly feedback: FeedbackClient,
  ) {}

  @Get('summaries')
  async summaries(@Ctx() ctx: PortalContext, @Query() query: Record<string, string>, @Res() reply: FastifyReply) {
    const { token } = requireStaff(ctx);
    const params = {
      groupBy: GROUPINGS.includes(query.groupBy) ? query.groupBy : 'department',
      from: (query.from ?? '').slice(0, 10),
      to: (query.to ?? '').slice(0, 10),
      lang: ctx.lang,
    };
    const t = ctx.t;
    let summary: { from: string; to: string; rows: SummaryRow[]; totals: SummaryRow } | undefined;
    let formErrors: ReturnType<typeof problemToFormErrors> | undefined;
    try {
      summary = await this.feedback.get('/feedback/summaries', { token, query: params });
    } catch (error) {
      if (!(error instanceof ServiceProblem) || error.status !== 400) throw error;
      formErrors = problemToFormErrors(error.fieldErrors, t, { order: ['from', 'to'], fallbackField: 'from' });
      // The dates are what can be wrong: name them in the person's language.
      for (const f of Object.keys(formErrors.errors)) formErrors.errors[f] = `${t(`sum.${f}`)}: ${t('err.generic')}`;
      formErrors.errorSummary.forEach((e) => (e.text = formErrors!.errors[e.href.slice(3)]));
    }
    const rows = (summary?.rows ?? []).map((r) => ({ ...r, name: r.key === null ? t('sum.noDistrict') : r.name, open: r.received + r.inProcess }));
    const widths = barWidths(rows);
    this.pages.render(reply, ctx, 'queue/summaries', {
      title: t('sum.title'),
      nav: 'summaries',
      params,
      groupings: GROUPINGS.map((g) => ({ value: g, label: t(`sum.group.${g}`) })),
      summary,
      rows: rows.map((r, i) => ({ ...r, width: widths[i] })),
      totals: summary ? { ...summary.totals, open: summary.totals.received + summary.totals.inProcess } : undefined,
      csvHref: `/staff/summaries.csv${queryString(params)}`,
      ...(formErrors ?? {}),
      values: params,
      status: formErrors ? 400 : 200,
    });
  }

  @Get('summaries.csv')
  async csv(@Ctx() ctx: PortalContext, @Query() query: Record<string, string>, @Res() reply: FastifyReply) {
    const { token } = requireStaff(ctx);
    const res = await this.feedback.raw('/feedback/summaries.csv', {
      token,
      query: { groupBy: GROUPINGS.includes(query.groupBy) ? query.groupBy : 'department', from: query.from, to: query.to, lang: ctx.lang },
    });
    reply
      .header('Content-Type', res.headers.get('content-type') ?? 'text/csv; charset=utf-8')
      .header('Content-Disposition', res.headers.get('content-disposition') ?? 'attachment; filename="summary.csv"')
      .header('Cache-Control', 'private, no-store')
      .send(Buffer.from(await res.arrayBuffer()));
  }
}
