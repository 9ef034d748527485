import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { FeedbackClient } from '../clients/feedback-client';
import { InitiativesClient } from '../clients/initiatives-client';
import { queryString } from '../clients/service-client';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requirePreparer } from '../layout/portal-request';
import { clock, describe, INITIATIVE_STATUSES } from './initiative-view';

const pick = <T extends string>(value: unknown, allowed: readonly T[]) => (typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined);

/**
 * The preparers' queue: initiatives in preparation with their clocks — the nearest due date
 * (a statement's, the council deadline or the handling target) and the council deadline of
 * one with 2 % support — overdue ones marked in words, not by colour alone.
 */
@Controller('staff/initiatives')
export class PreparerQueueController {
  constructor(
    private readonly pages: Pages,
    private readonly initiatives: InitiativesClient,
    private readonly feedback: FeedbackClient,
  ) {}

  @Get()
  async queue(@Ctx() ctx: PortalContext, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    const { user, token } = requirePreparer(ctx);
    // The city's departments come from the feedback service's catalogue; without it, codes show.
    const departments = (await this.feedback.catalog(ctx.lang).catch(() => undefined))?.departments ?? [];
    // The form always sends a department, so none means the queue was just opened.
    const opened = query.department === undefined;
    const filters = {
      // A preparer sees their own department first; `all` (or another) is their choice.
      department: pick(query.department, departments.map((d) => d.code)) ?? (opened ? user.departments?.[0] : undefined),
      status: pick(query.status, INITIATIVE_STATUSES),
      overdue: query.overdue === 'true' ? 'true' : undefined,
      // New filings belong to no department until registered and assigned: shown with one's own
      // by default, or they stay invisible until "all" is chosen.
      unassigned: opened || query.unassigned === 'true' ? 'true' : undefined,
    };
    const cursor = typeof query.cursor === 'string' && query.cursor.length <= 300 ? query.cursor : undefined;
    const { unassigned, ...serviceFilters } = filters;
    const includeUnassigned = filters.department && unassigned ? 'true' : undefined;
    const page = await this.initiatives.queue({ ...serviceFilters, includeUnassigned, cursor, lang: ctx.lang, limit: 50 }, token);
    const t = ctx.t;
    const departmentName = (code: string | null) => (code ? (departments.find((d) => d.code === code)?.name ?? code) : t('ini.queue.unassigned'));
    this.pages.render(reply, ctx, 'initiatives/queue', {
      title: t('ini.queue.title'),
      nav: 'initiativeQueue',
      filters,
      departments,
      statuses: INITIATIVE_STATUSES.map((value) => ({ value, label: t(`ini.status.${value}`) })),
      items: page.items.map((item) => ({
        ...describe(t, ctx.lang, item),
        departmentName: departmentName(item.departmentCode),
        nextClock: clock(t, item.nextDueAt),
        preparerLabel: item.preparerId === user.sub ? t('assignee.you') : item.preparerId,
      })),
      overdueCount: page.items.filter((i) => i.overdue).length,
      nextHref: page.nextCursor ? `/staff/initiatives${queryString({ ...filters, department: filters.department ?? 'all', cursor: page.nextCursor })}` : undefined,
      firstHref: cursor ? `/staff/initiatives${queryString({ ...filters, department: filters.department ?? 'all' })}` : undefined,
    });
  }
}
