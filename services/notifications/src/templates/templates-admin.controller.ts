import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AuthUser, CurrentUser, Roles } from '@vaikuta/auth';
import { ValidationProblem } from '@vaikuta/http';
import { LANGUAGES, ruleForTemplateOrType, SAMPLE_VIEWS, templateNames } from '../rules/notification-rules';
import { FooterLinks, TemplateRenderer, TemplateSource } from './template-renderer';
import { templateTitles } from './template-titles';
import { TemplateVersionService } from './template-versions.service';

const language = z.enum(['fi', 'sv', 'en'], { error: 'Choose fi, sv or en' });
/** Template text: bounded, and no NUL (PostgreSQL cannot store it). */
const part = (max: number) =>
  z
    .string({ error: 'Give the template text' })
    .min(1, 'Give the template text')
    .max(max, `At most ${max} characters`)
    .refine((v) => !v.includes('\u0000'), 'The text contains a NUL character');
const draftSchema = z.object({ subject: part(300), text: part(20_000), html: part(40_000) });

const previewSchema = z.object({
  language,
  data: z.record(z.string(), z.unknown()).optional(),
  /** An unsaved version to see before saving it. */
  draft: draftSchema.optional(),
});
/** A new version: the three parts, or `builtin: true` to go back to the built-in template. */
const saveSchema = z
  .object({
    builtin: z.literal(true, { error: 'builtin is true or left out' }).optional(),
    subject: part(300).optional(),
    text: part(20_000).optional(),
    html: part(40_000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.builtin) return;
    for (const field of ['subject', 'text', 'html'] as const) {
      if (v[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'Give the template text' });
    }
  });

const SAMPLE_LINKS: FooterLinks = {
  unsubscribeUrl: 'https://example.invalid/notifications/unsubscribe?token=sample',
  unsubscribeAllUrl: 'https://example.invalid/notifications/unsubscribe?token=sample',
  preferencesUrl: 'https://example.invalid/notifications/preferences?token=sample',
  smsStopUrl: 'https://example.invalid/notifications/unsubscribe?token=s.sample',
};

/**
 * Admins read, preview and edit what residents will receive. Each save is a new version of
 * one template in one language; "back to the built-in" is a version too. Templates are listed
 * with their names in three languages, not their keys.
 */
@ApiTags('templates')
@ApiBearerAuth()
@Roles('admin')
@Controller('notifications/admin/templates')
export class TemplatesAdminController {
  constructor(
    private readonly renderer: TemplateRenderer,
    private readonly versions: TemplateVersionService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every template, its names in fi/sv/en, and per language whether an edited version is in use' })
  async list() {
    const current = await this.versions.currentVersions();
    return {
      items: templateNames().map((name) => ({
        name,
        title: templateTitles(name),
        eventType: ruleForTemplateOrType(name)?.event.type ?? null,
        languages: LANGUAGES.filter((l) => this.renderer.has(name, l)),
        versions: Object.fromEntries(LANGUAGES.map((l) => [l, current.get(`${name}|${l}`) ?? null])),
      })),
    };
  }

  @Get(':template/:language')
  @ApiOperation({ summary: 'A template in one language: the source in use, the built-in source and every version' })
  async show(@Param('template') template: string, @Param('language') lang: string) {
    const { name, language: l } = this.known(template, lang);
    const history = await this.versions.history(name, l);
    const latest = history[0];
    const builtin = this.renderer.builtin(name, l)!;
    const current = latest && !latest.builtin ? (await this.versions.source(name, l, latest.version))?.source : undefined;
    return {
      name,
      language: l,
      title: templateTitles(name),
      version: latest?.version ?? null,
      usesBuiltin: !current,
      source: current ?? builtin,
      builtin,
      fields: Object.keys(SAMPLE_VIEWS[name] ?? {}),
      versions: history,
    };
  }

  @Post(':template/:language/versions')
  @HttpCode(201)
  @ApiOperation({ summary: 'Save a new version (subject, text, html) or go back to the built-in ({builtin: true})' })
  async save(
    @Param('template') template: string,
    @Param('language') lang: string,
    @Body({ schema: saveSchema }) body: z.infer<typeof saveSchema>,
    @CurrentUser() user: AuthUser,
  ) {
    const { name, language: l } = this.known(template, lang);
    const source = body.builtin ? undefined : { subject: body.subject!, text: body.text!, html: body.html! };
    if (source) this.check(name, source);
    const version = await this.versions.save(name, l, source, user.sub);
    return { name, language: l, version, usesBuiltin: !source };
  }

  @Post(':eventType/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Render a template (by event type or template name) with sample data or the data given; `draft` previews an unsaved version' })
  preview(@Param('eventType') eventType: string, @Body({ schema: previewSchema }) body: z.infer<typeof previewSchema>) {
    const template = eventType === 'digest' ? 'digest' : ruleForTemplateOrType(eventType)?.template;
    if (!template) throw new NotFoundException(`No template for ${eventType}`);
    if (!this.renderer.has(template, body.language)) {
      throw ValidationProblem.field('language', `No ${body.language} version of ${template}`, 422);
    }
    if (body.draft) this.check(template, body.draft);
    return {
      template,
      language: body.language,
      ...this.renderer.render(template, body.language, { ...SAMPLE_VIEWS[template], ...body.data }, SAMPLE_LINKS, body.draft),
    };
  }

  private known(template: string, lang: string) {
    if (!templateNames().includes(template)) throw new NotFoundException(`No template ${template}`);
    const parsed = language.safeParse(lang);
    if (!parsed.success || !this.renderer.has(template, parsed.data)) throw ValidationProblem.field('language', 'Choose fi, sv or en');
    return { name: template, language: parsed.data };
  }

  private check(template: string, source: TemplateSource): void {
    const problems = this.renderer.problems(source, SAMPLE_VIEWS[template] ?? {});
    if (problems.length) throw new ValidationProblem(problems);
  }
}
