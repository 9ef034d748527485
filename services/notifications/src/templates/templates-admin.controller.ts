import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '@vaikuta/auth';
import { ValidationProblem } from '@vaikuta/http';
import { ruleForTemplateOrType, SAMPLE_VIEWS, templateNames } from '../rules/notification-rules';
import { TemplateRenderer } from './template-renderer';

const previewSchema = z.object({
  language: z.enum(['fi', 'sv', 'en'], { error: 'Choose fi, sv or en' }),
  data: z.record(z.string(), z.unknown()).optional(),
});

/** Staff look at what residents will receive, with sample data or their own. */
@ApiTags('templates')
@ApiBearerAuth()
@Roles('admin')
@Controller('notifications/admin/templates')
export class TemplatesAdminController {
  constructor(private readonly renderer: TemplateRenderer) {}

  @Get()
  list() {
    return {
      items: templateNames().map((name) => ({
        name,
        eventType: ruleForTemplateOrType(name)?.event.type ?? null,
        languages: (['fi', 'sv', 'en'] as const).filter((l) => this.renderer.has(name, l)),
      })),
    };
  }

  @Post(':eventType/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Render a template (by event type or template name) with sample data, or the data given' })
  preview(@Param('eventType') eventType: string, @Body({ schema: previewSchema }) body: z.infer<typeof previewSchema>) {
    const template = eventType === 'digest' ? 'digest' : ruleForTemplateOrType(eventType)?.template;
    if (!template) throw new NotFoundException(`No template for ${eventType}`);
    if (!this.renderer.has(template, body.language)) {
      throw ValidationProblem.field('language', `No ${body.language} version of ${template}`, 422);
    }
    const sample = 'https://example.invalid/notifications/unsubscribe?token=sample';
    return {
      template,
      language: body.language,
      ...this.renderer.render(template, body.language, { ...SAMPLE_VIEWS[template], ...body.data }, {
        unsubscribeUrl: sample,
        unsubscribeAllUrl: sample,
        preferencesUrl: 'https://example.invalid/notifications/preferences',
      }),
    };
  }
}
