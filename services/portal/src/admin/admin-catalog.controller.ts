import { Body, Controller, Get, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { FeedbackHttp } from '@vaikuta/contracts';
import { FeedbackClient } from '../clients/feedback-client';
import { ServiceProblem } from '../clients/service-problem';
import { problemToFormErrors } from '../feedback/problem-fields';
import type { Lang } from '../i18n/i18n';
import type { MessageKey } from '../i18n/i18n';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireAdmin } from '../layout/portal-request';

const NAME_FIELDS = ['nameFi', 'nameSv', 'nameEn'];
const DESCRIPTION_FIELDS = ['descriptionFi', 'descriptionSv', 'descriptionEn'];
const DEPARTMENT_FIELDS = ['code', ...NAME_FIELDS];
const CATEGORY_FIELDS = ['code', 'departmentCode', ...NAME_FIELDS, 'serviceLevelDays'];
const DISTRICT_FIELDS = ['code', ...NAME_FIELDS];
/**
 * The edit forms, in the order their fields stand on the page (the code cannot change).
 * Departments and districts are edited by their names only (a department's use by its toggle).
 */
const NAMES_EDIT_FIELDS = NAME_FIELDS;
const CATEGORY_EDIT_FIELDS = [...NAME_FIELDS, 'departmentCode', 'groupName', 'serviceLevelDays', ...DESCRIPTION_FIELDS];

type Row = FeedbackHttp.AdminCatalogRow;
type Kind = 'departments' | 'categories' | 'districts';
/** The kinds whose edit page has only the three names. */
type NamesKind = 'departments' | 'districts';

const LIST_TITLE: Record<Kind, MessageKey> = { departments: 'admin.departments', categories: 'admin.categories', districts: 'admin.districts' };
const EDIT_TITLE: Record<Kind, MessageKey> = { departments: 'admin.editDepartment', categories: 'admin.editCategory', districts: 'admin.editDistrict' };

const nameKeyOf = (lang: Lang) => (lang === 'sv' ? 'nameSv' : lang === 'en' ? 'nameEn' : 'nameFi');

/** `prefix` + Fi, Sv and En from the form, as typed (the service trims and checks them). */
function localized(form: Record<string, string>, prefix: 'name' | 'description') {
  return { [`${prefix}Fi`]: form[`${prefix}Fi`] ?? '', [`${prefix}Sv`]: form[`${prefix}Sv`] ?? '', [`${prefix}En`]: form[`${prefix}En`] ?? '' };
}

/**
 * The working days as a number, or null when the field is empty or not a number: it is sent
 * either way for the service to refuse, as leaving it out of a PATCH would mean "no change".
 */
function serviceLevelDaysOf(text: string | undefined): number | null {
  const trimmed = (text ?? '').trim();
  const days = Number(trimmed);
  return trimmed && Number.isFinite(days) ? days : null;
}

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
    await this.renderDepartments(ctx, reply, savedFlash(ctx, done));
  }

  @Post('departments')
  async createDepartment(@Ctx() ctx: PortalContext, @Body() form: Record<string, string>, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    const body = { code: form.code?.trim(), ...localized(form, 'name') };
    await this.save(ctx, reply, 'departments', () => this.feedback.post('/feedback/admin/departments', body, { token }), DEPARTMENT_FIELDS, (extra) =>
      this.renderDepartments(ctx, reply, { ...extra, values: form }),
    );
  }

  @Post('departments/:code/active')
  async toggleDepartment(@Ctx() ctx: PortalContext, @Param('code') code: string, @Body() form: { active?: string }, @Res() reply: FastifyReply) {
    await this.toggle(ctx, reply, 'departments', code, form);
  }

  @Get('departments/:code/edit')
  async editDepartment(@Ctx() ctx: PortalContext, @Param('code') code: string, @Res() reply: FastifyReply) {
    await this.renderNamesEdit(ctx, reply, 'departments', code, {});
  }

  @Post('departments/:code/edit')
  async updateDepartment(@Ctx() ctx: PortalContext, @Param('code') code: string, @Body() form: Record<string, string>, @Res() reply: FastifyReply) {
    await this.updateNames(ctx, reply, 'departments', code, form);
  }

  @Get('categories')
  async categories(@Ctx() ctx: PortalContext, @Query('done') done: string | undefined, @Res() reply: FastifyReply) {
    await this.renderCategories(ctx, reply, savedFlash(ctx, done));
  }

  @Post('categories')
  async createCategory(@Ctx() ctx: PortalContext, @Body() form: Record<string, string>, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    const body = {
      code: form.code?.trim(),
      departmentCode: form.departmentCode,
      ...localized(form, 'name'),
      serviceLevelDays: serviceLevelDaysOf(form.serviceLevelDays),
    };
    await this.save(ctx, reply, 'categories', () => this.feedback.post('/feedback/admin/categories', body, { token }), CATEGORY_FIELDS, (extra) =>
      this.renderCategories(ctx, reply, { ...extra, values: form }),
    );
  }

  @Post('categories/:code/active')
  async toggleCategory(@Ctx() ctx: PortalContext, @Param('code') code: string, @Body() form: { active?: string }, @Res() reply: FastifyReply) {
    await this.toggle(ctx, reply, 'categories', code, form);
  }

  @Get('categories/:code/edit')
  async editCategory(@Ctx() ctx: PortalContext, @Param('code') code: string, @Res() reply: FastifyReply) {
    await this.renderCategoryEdit(ctx, reply, code, {});
  }

  @Post('categories/:code/edit')
  async updateCategory(@Ctx() ctx: PortalContext, @Param('code') code: string, @Body() form: Record<string, string>, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    const body = {
      ...localized(form, 'name'),
      departmentCode: form.departmentCode ?? '',
      // The group heads the category's section of the resident's category list.
      groupName: (form.groupName ?? '').trim(),
      serviceLevelDays: serviceLevelDaysOf(form.serviceLevelDays),
      ...localized(form, 'description'),
    };
    await this.save(ctx, reply, 'categories', () => this.feedback.patch(itemPath('categories', code), body, { token }), CATEGORY_EDIT_FIELDS, (extra) =>
      this.renderCategoryEdit(ctx, reply, code, { ...extra, values: form }),
    );
  }

  @Get('districts')
  async districts(@Ctx() ctx: PortalContext, @Query('done') done: string | undefined, @Res() reply: FastifyReply) {
    await this.renderDistricts(ctx, reply, savedFlash(ctx, done));
  }

  /** Districts are added and renamed, never removed or recoded: a request keeps the district it was sent with. */
  @Post('districts')
  async createDistrict(@Ctx() ctx: PortalContext, @Body() form: Record<string, string>, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    const body = { code: form.code?.trim(), ...localized(form, 'name') };
    await this.save(ctx, reply, 'districts', () => this.feedback.post('/feedback/admin/districts', body, { token }), DISTRICT_FIELDS, (extra) =>
      this.renderDistricts(ctx, reply, { ...extra, values: form }),
    );
  }

  @Get('districts/:code/edit')
  async editDistrict(@Ctx() ctx: PortalContext, @Param('code') code: string, @Res() reply: FastifyReply) {
    await this.renderNamesEdit(ctx, reply, 'districts', code, {});
  }

  @Post('districts/:code/edit')
  async updateDistrict(@Ctx() ctx: PortalContext, @Param('code') code: string, @Body() form: Record<string, string>, @Res() reply: FastifyReply) {
    await this.updateNames(ctx, reply, 'districts', code, form);
  }

  /**
   * Sends a form's change to the service, then back to the list with the success message
   * (POST/redirect/GET); a refused change shows the form again with its field errors.
   */
  private async save(
    ctx: PortalContext,
    reply: FastifyReply,
    list: Kind,
    call: () => Promise<unknown>,
    order: string[],
    render: (extra: Record<string, unknown>) => Promise<void>,
  ): Promise<void> {
    try {
      await call();
    } catch (error) {
      return this.formError(error, ctx, order, render);
    }
    this.feedback.forgetCatalog();
    reply.redirect(`/admin/${list}?done=1`, 303);
  }

  /** Saves the three names of a department or a district from its edit page. */
  private async updateNames(ctx: PortalContext, reply: FastifyReply, kind: NamesKind, code: string, form: Record<string, string>) {
    const { token } = requireAdmin(ctx);
    const body = localized(form, 'name');
    await this.save(ctx, reply, kind, () => this.feedback.patch(itemPath(kind, code), body, { token }), NAMES_EDIT_FIELDS, (extra) =>
      this.renderNamesEdit(ctx, reply, kind, code, { ...extra, values: form }),
    );
  }

  private async toggle(ctx: PortalContext, reply: FastifyReply, list: Kind, code: string, form: { active?: string }) {
    const { token } = requireAdmin(ctx);
    await this.feedback.patch(itemPath(list, code), { active: form.active === 'true' }, { token });
    this.feedback.forgetCatalog();
    reply.redirect(`/admin/${list}?done=1`, 303);
  }

  /** Problems of fields the form lacks go to its first field. */
  private formError(error: unknown, ctx: PortalContext, order: string[], render: (extra: Record<string, unknown>) => Promise<void>) {
    if (!(error instanceof ServiceProblem) || ![400, 409].includes(error.status)) throw error;
    const problems = error.status === 409 ? [{ field: 'code', message: 'exists' }] : error.fieldErrors;
    return render({ ...problemToFormErrors(problems, ctx.t, { order, fallbackField: order[0] }), status: error.status });
  }

  private list(ctx: PortalContext, kind: Kind): Promise<Row[]> {
    const { token } = requireAdmin(ctx);
    return this.feedback.get<{ items: Row[] }>(`/feedback/admin/${kind}`, { token }).then((answer) => answer.items);
  }

  /** A list's rows, each with its name in the admin's language as `name`. */
  private async named(ctx: PortalContext, kind: Kind): Promise<Row[]> {
    const nameKey = nameKeyOf(ctx.lang);
    return (await this.list(ctx, kind)).map((row) => ({ ...row, name: row[nameKey] }));
  }

  /** One row of a list, or the "not found" page. */
  private async one(ctx: PortalContext, kind: Kind, code: string): Promise<Row> {
    const row = (await this.list(ctx, kind)).find((item) => item.code === code);
    if (!row) throw new NotFoundException();
    return row;
  }

  /** Departments in the admin's language, for the category forms' select. */
  private async departmentOptions(ctx: PortalContext) {
    return (await this.named(ctx, 'departments')).map((d) => ({ code: d.code, name: d.name, active: d.active }));
  }

  private async renderDepartments(ctx: PortalContext, reply: FastifyReply, extra: Record<string, unknown>) {
    const items = await this.named(ctx, 'departments');
    this.pages.render(reply, ctx, 'admin/departments', { title: ctx.t(LIST_TITLE.departments), nav: 'admin', items, ...extra });
  }

  private async renderDistricts(ctx: PortalContext, reply: FastifyReply, extra: Record<string, unknown>) {
    const items = await this.named(ctx, 'districts');
    this.pages.render(reply, ctx, 'admin/districts', { title: ctx.t(LIST_TITLE.districts), nav: 'admin', items, ...extra });
  }

  /** The edit page of a department or a district: its names in three languages. */
  private async renderNamesEdit(ctx: PortalContext, reply: FastifyReply, kind: NamesKind, code: string, extra: Record<string, unknown>) {
    const row = await this.one(ctx, kind, code);
    this.pages.render(reply, ctx, 'admin/names-edit', {
      title: ctx.t(EDIT_TITLE[kind], { name: row[nameKeyOf(ctx.lang)] }),
      nav: 'admin',
      list: kind,
      listTitle: ctx.t(LIST_TITLE[kind]),
      code: row.code,
      values: row,
      ...extra,
    });
  }

  private async renderCategories(ctx: PortalContext, reply: FastifyReply, extra: Record<string, unknown>) {
    const [items, departments] = await Promise.all([this.named(ctx, 'categories'), this.departmentOptions(ctx)]);
    this.pages.render(reply, ctx, 'admin/categories', { title: ctx.t(LIST_TITLE.categories), nav: 'admin', items, departments, ...extra });
  }

  private async renderCategoryEdit(ctx: PortalContext, reply: FastifyReply, code: string, extra: Record<string, unknown>) {
    const [category, departments] = await Promise.all([this.one(ctx, 'categories', code), this.departmentOptions(ctx)]);
    this.pages.render(reply, ctx, 'admin/category-edit', {
      title: ctx.t(EDIT_TITLE.categories, { name: category[nameKeyOf(ctx.lang)] }),
      nav: 'admin',
      code: category.code,
      departments,
      values: category,
      ...extra,
    });
  }
}

const itemPath = (kind: Kind, code: string) => `/feedback/admin/${kind}/${encodeURIComponent(code)}`;

const savedFlash = (ctx: PortalContext, done: string | undefined) => ({ flash: done ? { kind: 'success', text: ctx.t('done.saved') } : undefined });
