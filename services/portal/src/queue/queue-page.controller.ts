import { Controller, ForbiddenException, Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { FeedbackHttp } from '@vaikuta/contracts';
import { canActForDepartment } from '@vaikuta/auth';
import { FeedbackClient } from '../clients/feedback-client';
import { queryString } from '../clients/service-client';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireStaff } from '../layout/portal-request';

const STATUSES = ['received', 'in_process', 'resolved', 'rejected'];
const KINDS = ['feedback', 'idea', 'fault'];
const one = (value: unknown, allowed?: string[]) =>
  typeof value === 'string' && value !== '' && value.length <= 200 && (!allowed || allowed.includes(value)) ? value : undefined;

/** A department's queue for its case workers: filters, most urgent first, keyset paging. */
@Controller('staff/queue')
export class QueuePageController {
  constructor(
    private readonly pages: Pages,
    private readonly feedback: FeedbackClient,
  ) {}

  @Get()
  async mine(@Ctx() ctx: PortalContext, @Query('done') done: string | undefined, @Res() reply: FastifyReply) {
    const { user } = requireStaff(ctx);
    const departments = (await this.feedback.catalog(ctx.lang)).departments.filter((d) => canActForDepartment(user, d.code));
    if (!departments.length) throw new ForbiddenException();
    reply.redirect(`/staff/queue/${encodeURIComponent(departments[0].code)}${done === 'forward' ? '?done=forward' : ''}`, 303);
  }

  /** The department switcher (a GET form): straight to that department's queue. */
  @Get('switch')
  switch(@Query('department') department: string | undefined, @Res() reply: FastifyReply) {
    reply.redirect(department ? `/staff/queue/${encodeURIComponent(department)}` : '/staff/queue', 303);
  }

  @Get(':department')
  async queue(@Ctx() ctx: PortalContext, @Param('department') department: string, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    const { user, token } = requireStaff(ctx);
    const filters = {
      status: one(query.status, STATUSES),
      kind: one(query.kind, KINDS),
      category: one(query.category),
      district: one(query.district),
      assignee: one(query.assignee, ['me', 'none']),
      overdue: query.overdue === 'true' ? 'true' : undefined,
      // A tracking code or words of the text.
      q: typeof query.q === 'string' ? one(query.q.trim()) : undefined,
    };
    const cursor = one(query.cursor);
    const [page, catalog, staff] = await Promise.all([
      this.feedback.get<FeedbackHttp.QueuePage>(`/feedback/queues/${encodeURIComponent(department)}`, {
        token,
        query: { ...filters, cursor, limit: 25 },
      }),
      this.feedback.catalog(ctx.lang),
      this.feedback.get<{ items: { id: string; name: string }[] }>('/feedback/staff', { token, query: { department } }),
    ]);
    const staffNames = new Map(staff.items.map((s) => [s.id, s.name || s.id]));
    const t = ctx.t;
    const categoryNames = new Map(catalog.categories.map((c) => [c.code, c.name]));
    const departmentName = catalog.departments.find((d) => d.code === department)?.name ?? department;
    const base = `/staff/queue/${encodeURIComponent(department)}`;
    this.pages.render(reply, ctx, 'queue/queue', {
      title: t('queue.title', { department: departmentName }),
      nav: 'queue',
      department,
      departments: catalog.departments.filter((d) => canActForDepartment(user, d.code)),
      filters,
      statuses: STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
      kinds: KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })),
      categories: catalog.categories.filter((c) => c.departmentCode === department),
      districts: catalog.districts,
      items: page.items.map((item) => ({
        ...item,
        kindLabel: t(`kind.${item.kind}`),
        statusLabel: t(`status.${item.status}`),
        categoryName: categoryNames.get(item.categoryCode) ?? item.categoryCode,
        assigneeLabel: item.assigneeId ? (item.assigneeId === user.sub ? t('assignee.you') : (staffNames.get(item.assigneeId) ?? item.assigneeId)) : '',
      })),
      nextHref: page.nextCursor ? `${base}${queryString({ ...filters, cursor: page.nextCursor })}` : undefined,
      firstHref: cursor ? `${base}${queryString(filters)}` : undefined,
      filtered: Object.values(filters).some(Boolean),
      base,
      flash: query.done === 'forward' ? { kind: 'success', text: t('done.forwarded') } : undefined,
    });
  }
}
