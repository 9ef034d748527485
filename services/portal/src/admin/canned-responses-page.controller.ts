import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CannedResponse, FeedbackClient } from '../clients/feedback-client';
import { ServiceProblem } from '../clients/service-problem';
import { problemToFormErrors } from '../feedback/problem-fields';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireAdmin } from '../layout/portal-request';

const uuid = new ParseUUIDPipe();
const TEXT_FIELDS = ['titleFi', 'titleSv', 'titleEn', 'bodyFi', 'bodySv', 'bodyEn'] as const;
const CREATE_ORDER = ['place', ...TEXT_FIELDS];

/** The six texts of the form, as typed (the service trims and checks them). */
function textsOf(form: Record<string, string>) {
  return Object.fromEntries(TEXT_FIELDS.map((f) => [f, form[f] ?? '']));
}

/** The form's values from a stored response, for its edit page. */
function formOf(r: CannedResponse): Record<string, string> {
  return {
    titleFi: r.title.fi, titleSv: r.title.sv, titleEn: r.title.en,
    bodyFi: r.body.fi, bodySv: r.body.sv, bodyEn: r.body.en,
  };
}

/**
 * "Used for" is one select: `category:<code>` or `department:<code>`, because a canned
 * response belongs to exactly one of the two. Anything else is sent as neither, for the
 * service to refuse by name.
 */
function placeOf(value: string | undefined): { categoryCode?: string; departmentCode?: string } {
  const [kind, code] = (value ?? '').split(':', 2);
  if (kind === 'category' && code) return { categoryCode: code };
  if (kind === 'department' && code) return { departmentCode: code };
  return {};
}

/**
 * Canned responses (valmisvastaukset) that case workers start an answer or an outcome from.
 * Creating and editing follow POST-redirect-GET; none is deleted, one no longer wanted is
 * taken out of use (the toggle), as categories are.
 */
@Controller('admin/canned-responses')
export class CannedResponsesPageController {
  constructor(
    private readonly pages: Pages,
    private readonly feedback: FeedbackClient,
  ) {}

  @Get()
  async list(@Ctx() ctx: PortalContext, @Query('department') department: unknown, @Query('done') done: unknown, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    const catalog = await this.feedback.catalog(ctx.lang);
    const chosen = typeof department === 'string' && catalog.departments.some((d) => d.code === department) ? department : undefined;
    const { items } = await this.feedback.get<{ items: CannedResponse[] }>('/feedback/admin/canned-responses', { token, query: { department: chosen } });
    this.pages.render(reply, ctx, 'admin/canned-responses', {
      title: ctx.t('admin.cannedResponses'),
      nav: 'admin',
      flash: done ? { kind: 'success', text: ctx.t('done.saved') } : undefined,
      departments: catalog.departments.map((d) => ({ code: d.code, name: d.name, selected: d.code === chosen })),
      items: items.map((r) => ({ id: r.id, active: r.active, title: r.title[ctx.lang] || r.title.fi, place: this.placeName(ctx, catalog, r) })),
    });
  }

  @Get('new')
  async newForm(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply) {
    requireAdmin(ctx);
    await this.renderForm(ctx, reply, {});
  }

  @Post()
  async create(@Ctx() ctx: PortalContext, @Body() form: Record<string, string>, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    try {
      await this.feedback.post('/feedback/admin/canned-responses', { ...placeOf(form?.place), ...textsOf(form ?? {}) }, { token });
    } catch (error) {
      if (!(error instanceof ServiceProblem) || error.status !== 400) throw error;
      // The service names categoryCode or departmentCode; on this form both are "Used for".
      const problems = error.fieldErrors.map((p) => (['categoryCode', 'departmentCode'].includes(p.field) ? { ...p, field: 'place' } : p));
      return this.renderForm(ctx, reply, { ...problemToFormErrors(problems, ctx.t, { order: CREATE_ORDER, fallbackField: 'place' }), values: form, status: 400 });
    }
    reply.redirect('/admin/canned-responses?done=1', 303);
  }

  @Get(':id/edit')
  async editForm(@Ctx() ctx: PortalContext, @Param('id', uuid) id: string, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    const response = await this.feedback.get<CannedResponse>(`/feedback/admin/canned-responses/${id}`, { token });
    await this.renderForm(ctx, reply, { response, values: formOf(response) });
  }

  @Post(':id/edit')
  async update(@Ctx() ctx: PortalContext, @Param('id', uuid) id: string, @Body() form: Record<string, string>, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    try {
      await this.feedback.patch(`/feedback/admin/canned-responses/${id}`, textsOf(form ?? {}), { token });
    } catch (error) {
      if (!(error instanceof ServiceProblem) || error.status !== 400) throw error;
      const response = await this.feedback.get<CannedResponse>(`/feedback/admin/canned-responses/${id}`, { token });
      return this.renderForm(ctx, reply, { response, ...problemToFormErrors(error.fieldErrors, ctx.t, { order: [...TEXT_FIELDS], fallbackField: 'titleFi' }), values: form, status: 400 });
    }
    reply.redirect('/admin/canned-responses?done=1', 303);
  }

  @Post(':id/active')
  async toggle(@Ctx() ctx: PortalContext, @Param('id', uuid) id: string, @Body() form: { active?: string }, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    await this.feedback.patch(`/feedback/admin/canned-responses/${id}`, { active: form?.active === 'true' }, { token });
    reply.redirect('/admin/canned-responses?done=1', 303);
  }

  private placeName(ctx: PortalContext, catalog: Awaited<ReturnType<FeedbackClient['catalog']>>, r: Pick<CannedResponse, 'categoryCode' | 'departmentCode'>): string {
    if (r.categoryCode) return catalog.categories.find((c) => c.code === r.categoryCode)?.name ?? r.categoryCode;
    const department = catalog.departments.find((d) => d.code === r.departmentCode);
    return ctx.t('canned.allOf', { name: department?.name ?? r.departmentCode ?? '' });
  }

  /** The new and the edit page: where it belongs is chosen once, at creation. */
  private async renderForm(ctx: PortalContext, reply: FastifyReply, extra: Record<string, unknown> & { response?: CannedResponse }) {
    const catalog = await this.feedback.catalog(ctx.lang);
    const { response } = extra;
    this.pages.render(reply, ctx, 'admin/canned-response-edit', {
      title: response ? ctx.t('canned.editTitle', { title: response.title[ctx.lang] || response.title.fi }) : ctx.t('canned.add'),
      nav: 'admin',
      action: response ? `/admin/canned-responses/${response.id}/edit` : '/admin/canned-responses',
      placeFixed: response ? this.placeName(ctx, catalog, response) : undefined,
      // Topics grouped under their division, each division first offered as a whole.
      groups: catalog.departments.map((d) => ({
        name: d.name,
        options: [
          { value: `department:${d.code}`, label: ctx.t('canned.allOf', { name: d.name }) },
          ...catalog.categories.filter((c) => c.departmentCode === d.code).map((c) => ({ value: `category:${c.code}`, label: c.name })),
        ],
      })),
      ...extra,
    });
  }
}
