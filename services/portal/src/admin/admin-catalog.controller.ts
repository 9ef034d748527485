import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { FeedbackClient } from '../clients/clients';
import { ServiceProblem } from '../clients/service-problem';
import { problemToFormErrors } from '../feedback/problem-fields';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireAdmin } from '../layout/portal-request';

const DEPARTMENT_FIELDS = ['code', 'nameFi', 'nameSv', 'nameEn'];
const CATEGORY_FIELDS = ['code', 'departmentCode', 'nameFi', 'nameSv', 'nameEn', 'serviceLevelDays'];
const DISTRICT_FIELDS = ['code', 'nameFi', 'nameSv', 'nameEn'];

/** Admins keep the organisation current: departments, the categories that route to them, and districts. */
@Controller('admin')
export class AdminCatalogController {
  constructor(
    private readonly pages: Pages,
    private readonly feedback: FeedbackClient,
  ) {}

  @Get()
  index(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply) {
    requireAdmin(ctx);
    this.pages.render(reply, ctx, 'admin/admin-index', { title: ctx.t('admin.title'), nav: 'admin' });
  }

  @Get('departments')
  async departments(@Ctx() ctx: PortalContext, @Query('done') done: string | undefined, @Res() reply: FastifyReply) {
    await this.renderDepartments(ctx, reply, { flash: done ? { kind: 'success', text: ctx.t('done.saved') } : undefined });
  }

  @Post('departments')
  async createDepartment(@Ctx() ctx: PortalContext, @Body() form: Record<string, string>, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    const body = { code: form.code?.trim(), nameFi: form.nameFi, nameSv: form.nameSv, nameEn: form.nameEn };
    try {
      await this.feedback.post('/feedback/admin/departments', body, { token });
    } catch (error) {
      return this.formError(error, ctx, DEPARTMENT_FIELDS, (extra) => this.renderDepartments(ctx, reply, { ...extra, values: form }));
    }
    this.feedback.forgetCatalog();
    reply.redirect('/admin/departments?done=1', 303);
  }

  @Post('departments/:code/active')
  async toggleDepartment(@Ctx() ctx: PortalContext, @Param('code') code: string, @Body() form: { active?: string }, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    await this.feedback.patch(`/feedback/admin/departments/${encodeURIComponent(code)}`, { active: form.active === 'true' }, { token });
    this.feedback.forgetCatalog();
    reply.redirect('/admin/departments?done=1', 303);
  }

  @Get('categories')
  async categories(@Ctx() ctx: PortalContext, @Query('done') done: string | undefined, @Res() reply: FastifyReply) {
    await this.renderCategories(ctx, reply, { flash: done ? { kind: 'success', text: ctx.t('done.saved') } : undefined });
  }

  @Post('categories')
  async createCategory(@Ctx() ctx: PortalContext, @Body() form: Record<string, string>, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    const days = Number(form.serviceLevelDays);
    const body = {
      code: form.code?.trim(),
      departmentCode: form.departmentCode,
      nameFi: form.nameFi,
      nameSv: form.nameSv,
      nameEn: form.nameEn,
      serviceLevelDays: Number.isInteger(days) ? days : undefined,
    };
    try {
      await this.feedback.post('/feedback/admin/categories', body, { token });
    } catch (error) {
      return this.formError(error, ctx, CATEGORY_FIELDS, (extra) => this.renderCategories(ctx, reply, { ...extra, values: form }));
    }
    this.feedback.forgetCatalog();
    reply.redirect('/admin/categories?done=1', 303);
  }

  @Post('categories/:code/active')
  async toggleCategory(@Ctx() ctx: PortalContext, @Param('code') code: string, @Body() form: { active?: string }, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    await this.feedback.patch(`/feedback/admin/categories/${encodeURIComponent(code)}`, { active: form.active === 'true' }, { token });
    this.feedback.forgetCatalog();
    reply.redirect('/admin/categories?done=1', 303);
  }

  @Get('districts')
  async districts(@Ctx() ctx: PortalContext, @Query('done') done: string | undefined, @Res() reply: FastifyReply) {
    await this.renderDistricts(ctx, reply, { flash: done ? { kind: 'success', text: ctx.t('done.saved') } : undefined });
  }

  /** Districts are only added: a request keeps the district it was sent with. */
  @Post('districts')
  async createDistrict(@Ctx() ctx: PortalContext, @Body() form: Record<string, string>, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    const body = { code: form.code?.trim(), nameFi: form.nameFi, nameSv: form.nameSv, nameEn: form.nameEn };
    try {
      await this.feedback.post('/feedback/admin/districts', body, { token });
    } catch (error) {
      return this.formError(error, ctx, DISTRICT_FIELDS, (extra) => this.renderDistricts(ctx, reply, { ...extra, values: form }));
    }
    this.feedback.forgetCatalog();
    reply.redirect('/admin/districts?done=1', 303);
  }

  private formError(error: unknown, ctx: PortalContext, order: string[], render: (extra: Record<string, unknown>) => Promise<void>) {
    if (!(error instanceof ServiceProblem) || ![400, 409].includes(error.status)) throw error;
    const problems = error.status === 409 ? [{ field: 'code', message: 'exists' }] : error.fieldErrors;
    return render({ ...problemToFormErrors(problems, ctx.t, { order, fallbackField: 'code' }), status: error.status });
  }

  private async renderDepartments(ctx: PortalContext, reply: FastifyReply, extra: Record<string, unknown>) {
    const { token } = requireAdmin(ctx);
    const { items } = await this.feedback.get<{ items: Record<string, any>[] }>('/feedback/admin/departments', { token });
    this.pages.render(reply, ctx, 'admin/departments', { title: ctx.t('admin.departments'), nav: 'admin', items, ...extra });
  }

  private async renderDistricts(ctx: PortalContext, reply: FastifyReply, extra: Record<string, unknown>) {
    const { token } = requireAdmin(ctx);
    const { items } = await this.feedback.get<{ items: Record<string, any>[] }>('/feedback/admin/districts', { token });
    this.pages.render(reply, ctx, 'admin/districts', { title: ctx.t('admin.districts'), nav: 'admin', items, ...extra });
  }

  private async renderCategories(ctx: PortalContext, reply: FastifyReply, extra: Record<string, unknown>) {
    const { token } = requireAdmin(ctx);
    const [{ items }, departments] = await Promise.all([
      this.feedback.get<{ items: Record<string, any>[] }>('/feedback/admin/categories', { token }),
      this.feedback.get<{ items: Record<string, any>[] }>('/feedback/admin/departments', { token }),
    ]);
    const nameKey = ctx.lang === 'sv' ? 'nameSv' : ctx.lang === 'en' ? 'nameEn' : 'nameFi';
    this.pages.render(reply, ctx, 'admin/categories', {
      title: ctx.t('admin.categories'),
      nav: 'admin',
      items: items.map((c) => ({ ...c, name: c[nameKey] })),
      departments: departments.items.map((d) => ({ code: d.code, name: d[nameKey] })),
      ...extra,
    });
  }
}
