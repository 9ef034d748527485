import { applyDecorators, Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { assertDepartment, AuthUser, CurrentUser, Roles } from '@vaikuta/auth';
import { ValidationProblem } from '@vaikuta/http';
import { FeedbackSummary, FeedbackSummaryService } from './feedback-summary.service';
import { renderSummaryCsv, summaryCsvFilename } from './summary-csv';
import {
  cityToday,
  resolveSummaryPeriod,
  SUMMARY_GROUPINGS,
  SUMMARY_LANGUAGES,
  SummaryQuery,
  summaryQuerySchema,
} from './summary-query';

// The schema validates the query; these only describe it in the OpenAPI document.
const SummaryQueryDocs = () =>
  applyDecorators(
    ApiQuery({ name: 'groupBy', required: false, enum: SUMMARY_GROUPINGS, description: 'Default department' }),
    ApiQuery({ name: 'from', required: false, description: 'First day (YYYY-MM-DD, Helsinki time) of submission; default 89 days before to' }),
    ApiQuery({ name: 'to', required: false, description: 'Last day, included; default today. At most two years after from' }),
    ApiQuery({ name: 'department', required: false, description: "Department code; case workers get their own departments by default" }),
    ApiQuery({ name: 'lang', required: false, enum: SUMMARY_LANGUAGES, description: 'Language of names (and CSV headers); default fi' }),
  );

/**
 * Department summaries for staff: volumes and times to first reply and to resolution, by
 * department, category or district, as JSON for the portal and as CSV for spreadsheets.
 */
@ApiTags('summaries')
@ApiBearerAuth()
@Roles('case_worker', 'admin')
@Controller('feedback')
export class SummariesController {
  constructor(private readonly summaries: FeedbackSummaryService) {}

  @Get('summaries')
  @ApiOperation({ summary: 'Feedback volumes and handling times by department, category or district' })
  @SummaryQueryDocs()
  async summary(@CurrentUser() user: AuthUser, @Query({ schema: summaryQuerySchema }) query: SummaryQuery): Promise<FeedbackSummary> {
    return this.build(user, query);
  }

  @Get('summaries.csv')
  @ApiOperation({ summary: 'The same summary as a CSV file (UTF-8 with BOM, for Excel)' })
  @ApiProduces('text/csv')
  @SummaryQueryDocs()
  async csv(
    @CurrentUser() user: AuthUser,
    @Query({ schema: summaryQuerySchema }) query: SummaryQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const summary = await this.build(user, query);
    reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${summaryCsvFilename(summary)}"`)
      // Internal figures: no shared cache should keep a copy.
      .header('Cache-Control', 'private, no-store');
    return renderSummaryCsv(summary, query.lang);
  }

  private async build(user: AuthUser, query: SummaryQuery): Promise<FeedbackSummary> {
    const period = resolveSummaryPeriod(query, cityToday());
    const departments = this.departmentScope(user, query.department);
    // Checked after the scope, so a case worker cannot probe which other departments exist.
    if (query.department && !(await this.summaries.departmentExists(query.department))) {
      throw ValidationProblem.field('department', `There is no department ${query.department}`);
    }
    return this.summaries.summarise({ groupBy: query.groupBy, period, departments, lang: query.lang });
  }

  /**
   * Which departments the caller may see counted: an admin all (null), a case worker only
   * their own. Asking for another department is refused rather than answered with zeros,
   * so an empty summary always means "no feedback", never "not yours".
   */
  private departmentScope(user: AuthUser, department: string | undefined): readonly string[] | null {
    if (department) {
      assertDepartment(user, department);
      return [department];
    }
    return user.roles.includes('admin') ? null : user.departments;
  }
}
