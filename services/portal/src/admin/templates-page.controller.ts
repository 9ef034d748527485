import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { NotificationsHttp } from '@vaikuta/contracts';
import { NotificationsClient } from '../clients/notifications-client';
import { FieldProblem, ServiceProblem } from '../clients/service-problem';
import { formatDate, isLang, type Lang } from '../i18n/i18n';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireAdmin } from '../layout/portal-request';

const LANGUAGES: { value: Lang; label: string }[] = [
  { value: 'fi', label: 'Suomi' },
  { value: 'sv', label: 'Svenska' },
  { value: 'en', label: 'English' },
];
const PARTS = ['subject', 'text', 'html'] as const;

interface TemplateItem {
  name: string;
  title: Record<Lang, string>;
  languages: string[];
  versions: Record<Lang, { version: number; builtin: boolean } | null>;
}

/**
 * Message templates: the list by their names in the admin's language, and per template and
 * language an edit page that previews a draft before saving it as a new version, shows the
 * versions, and goes back to the built-in template. Saving follows POST/redirect/GET.
 */
@Controller('admin/templates')
export class TemplatesPageController {
  constructor(
    private readonly pages: Pages,
    private readonly notifications: NotificationsClient,
  ) {}

  @Get()
  async list(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    const items = await this.items(token);
    if (!items) return this.unavailable(ctx, reply);
    const lang = ctx.lang as Lang;
    this.pages.render(reply, ctx, 'admin/templates', {
      title: ctx.t('admin.templates'),
      nav: 'admin',
      languages: LANGUAGES,
      items: items.map((item) => ({
        title: item.title[lang] ?? item.name,
        languages: LANGUAGES.filter((l) => item.languages.includes(l.value)).map((l) => {
          const version = item.versions[l.value];
          return {
            ...l,
            href: `/admin/templates/${encodeURIComponent(item.name)}/${l.value}`,
            state: version && !version.builtin ? ctx.t('tpl.edited', { version: version.version }) : ctx.t('tpl.builtin'),
          };
        }),
      })),
    });
  }

  @Get(':name/:language')
  async edit(
    @Ctx() ctx: PortalContext,
    @Param('name') name: string,
    @Param('language') language: string,
    @Query('saved') saved: unknown,
    @Res() reply: FastifyReply,
  ) {
    const { token } = requireAdmin(ctx);
    const template = await this.template(token, name, language);
    if (!template) return this.notFound(ctx, reply);
    const version = typeof saved === 'string' && /^\d{1,9}$/.test(saved) ? Number(saved) : undefined;
    const flash =
      version === undefined
        ? undefined
        : { kind: 'success', text: ctx.t(template.usesBuiltin ? 'tpl.restored' : 'tpl.saved', { version }) };
    this.renderEdit(ctx, reply, template, template.source, { flash });
  }

  /** One form, two buttons: preview the draft (nothing saved) or save it as a new version. */
  @Post(':name/:language')
  async submit(
    @Ctx() ctx: PortalContext,
    @Param('name') name: string,
    @Param('language') language: string,
    @Body() form: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const { token } = requireAdmin(ctx);
    const template = await this.template(token, name, language);
    if (!template) return this.notFound(ctx, reply);
    const draft = Object.fromEntries(PARTS.map((p) => [p, typeof form[p] === 'string' ? (form[p] as string).replace(/\r\n/g, '\n') : ''])) as Record<(typeof PARTS)[number], string>;
    const base = `/notifications/admin/templates/${encodeURIComponent(template.name)}`;
    try {
      if (form.action === 'save') {
        const saved = await this.notifications.post<{ version: number }>(`${base}/${template.language}/versions`, draft, { token });
        return reply.redirect(`/admin/templates/${encodeURIComponent(template.name)}/${template.language}?saved=${saved.version}`, 303);
      }
      const preview = await this.notifications.post(`${base}/preview`, { language: template.language, draft }, { token });
      this.renderEdit(ctx, reply, template, draft, { preview });
    } catch (error) {
      if (!(error instanceof ServiceProblem) || error.status !== 400) throw error;
      this.renderEdit(ctx, reply, template, draft, { ...this.formErrors(ctx, error.fieldErrors), status: 400 });
    }
  }

  @Post(':name/:language/builtin')
  async backToBuiltin(@Ctx() ctx: PortalContext, @Param('name') name: string, @Param('language') language: string, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    const template = await this.template(token, name, language);
    if (!template) return this.notFound(ctx, reply);
    const saved = await this.notifications.post<{ version: number }>(`/notifications/admin/templates/${encodeURIComponent(template.name)}/${template.language}/versions`, { builtin: true }, { token });
    reply.redirect(`/admin/templates/${encodeURIComponent(template.name)}/${template.language}?saved=${saved.version}`, 303);
  }

  private async items(token: string): Promise<TemplateItem[] | undefined> {
    try {
      return (await this.notifications.get<{ items: TemplateItem[] }>('/notifications/admin/templates', { token, timeoutMs: 3000 })).items;
    } catch (error) {
      if (error instanceof ServiceProblem && [404, 503].includes(error.status)) return undefined;
      throw error;
    }
  }

  /** The template, or undefined for a name or language the service does not have. */
  private async template(token: string, name: string, language: string): Promise<NotificationsHttp.MessageTemplate | undefined> {
    if (!isLang(language) || !/^[a-z][a-z0-9._-]{0,63}$/.test(name)) return undefined;
    try {
      return await this.notifications.get<NotificationsHttp.MessageTemplate>(`/notifications/admin/templates/${encodeURIComponent(name)}/${language}`, { token });
    } catch (error) {
      if (error instanceof ServiceProblem && [400, 404].includes(error.status)) return undefined;
      throw error;
    }
  }

  private renderEdit(ctx: PortalContext, reply: FastifyReply, template: NotificationsHttp.MessageTemplate, values: Record<string, string>, extra: Record<string, unknown>) {
    const lang = ctx.lang as Lang;
    const languageName = LANGUAGES.find((l) => l.value === template.language)!.label;
    this.pages.render(reply, ctx, 'admin/template-edit', {
      title: `${template.title[lang] ?? template.name} – ${languageName}`,
      nav: 'admin',
      action: `/admin/templates/${encodeURIComponent(template.name)}/${template.language}`,
      templateLang: template.language,
      state: template.usesBuiltin ? ctx.t('tpl.usingBuiltin') : ctx.t('tpl.usingVersion', { version: template.version }),
      canGoBack: !template.usesBuiltin,
      fields: (template.fields as string[]).filter((f) => f !== 'summary').map((f) => `{{${f}}}`).join(', '),
      values,
      versions: (template.versions as { version: number; builtin: boolean; createdBy: string; createdAt: string }[]).map((v) => ({
        version: v.version,
        what: v.builtin ? ctx.t('tpl.builtin') : ctx.t('tpl.edited', { version: v.version }),
        createdBy: v.createdBy,
        createdAt: formatDate(v.createdAt, lang),
      })),
      ...extra,
    });
  }

  /** The service names the part; the admin reads what is wrong in their language. */
  private formErrors(ctx: PortalContext, problems: FieldProblem[]) {
    const errors: Record<string, string> = {};
    for (const { field, message } of problems) {
      const part = PARTS.find((p) => p === field);
      if (!part || errors[part]) continue;
      errors[part] = /escaped/.test(message)
        ? ctx.t('tpl.errUnescaped')
        : /does not work/.test(message)
          ? ctx.t('tpl.errSyntax', { detail: message.replace(/^The template does not work: /, '') })
          : /at most/i.test(message)
            ? ctx.t('tpl.errLong')
            : ctx.t('tpl.errEmpty');
    }
    const errorSummary = PARTS.filter((p) => errors[p]).map((p) => ({ href: `#f-${p}`, text: `${ctx.t(`tpl.${p}`)}: ${errors[p]}` }));
    return { errors, errorSummary };
  }

  private unavailable(ctx: PortalContext, reply: FastifyReply) {
    this.pages.render(reply, ctx, 'account/notifications-unavailable', { title: ctx.t('admin.templates'), nav: 'admin', status: 503 });
  }

  private notFound(ctx: PortalContext, reply: FastifyReply) {
    this.pages.render(reply, ctx, 'admin/template-missing', { title: ctx.t('admin.templates'), nav: 'admin', status: 404 });
  }
}
