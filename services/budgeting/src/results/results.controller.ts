import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, OptionalUser, Public, Roles } from '@vaikuta/auth';
import { BudgetingHttp } from '@vaikuta/contracts';
import { UuidPipe } from '@vaikuta/http';
import type { FastifyReply } from 'fastify';
import { BallotExportService } from './ballot-export.service';
import { PabulibAnalysisQueueFull } from './pabulib-analysis-pool';
import { ResultsService } from './results.service';

const uuid = new UuidPipe();

/** A round's results: computed, overridden and published by staff; read by anyone once published. */
@ApiTags('results')
@Controller('budgeting/rounds')
export class ResultsController {
  constructor(
    private readonly results: ResultsService,
    private readonly exports: BallotExportService,
  ) {}

  @Post(':roundId/results/compute')
  @Roles('coordinator', 'admin')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: "Computes every district by the round's rule with the overrides applied (after voting closed, before publication) → draft results" })
  compute(@Param('roundId', uuid) roundId: string, @CurrentUser() user: AuthUser) {
    return this.results.compute(roundId, user);
  }

  @Post(':roundId/overrides')
  @Roles('coordinator', 'admin')
  @ApiBearerAuth()
  @HttpCode(201)
  @ApiOperation({ summary: 'A recorded decision to fund or exclude a plan, with a public reason (before publication; audited)' })
  override(@Param('roundId', uuid) roundId: string, @Body({ schema: BudgetingHttp.overrideRequest }) body: BudgetingHttp.OverrideRequest, @CurrentUser() user: AuthUser) {
    return this.results.override(roundId, body, user);
  }

  @Post(':roundId/results/publish')
  @Roles('coordinator', 'admin')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Publishes the computed results { version }: winners become projects, results_published event' })
  publish(
    @Param('roundId', uuid) roundId: string,
    @Body({ schema: BudgetingHttp.publishResultsRequest }) body: BudgetingHttp.PublishResultsRequest,
    @CurrentUser() user: AuthUser,
  ) {
    return this.results.publish(roundId, body, user);
  }

  @Get(':roundId/results')
  @Public()
  @ApiOperation({ summary: 'Results with a plan-by-plan explanation: public once published; staff see the draft (published: false)' })
  read(@Param('roundId', uuid) roundId: string, @OptionalUser() user: AuthUser | undefined) {
    return this.results.results(roundId, user);
  }

  @Get(':roundId/pabulib')
  @Public()
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiOperation({ summary: "?district={code}: the district's anonymised ballots as a Pabulib file (public once published)" })
  pabulib(@Param('roundId', uuid) roundId: string, @Query({ schema: BudgetingHttp.pabulibExportQuery }) query: BudgetingHttp.PabulibExportQuery, @OptionalUser() user: AuthUser | undefined) {
    return this.exports.pabulib(roundId, query.district, user);
  }

  @Get(':roundId/turnout')
  @Public()
  @ApiOperation({ summary: 'Counted ballots by district, age band and channel (public once published)' })
  turnout(@Param('roundId', uuid) roundId: string, @OptionalUser() user: AuthUser | undefined) {
    return this.exports.turnout(roundId, user);
  }

  @Get(':roundId/ballots.csv')
  @Public()
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'Anonymised counted ballots: ballot,district,district_plans,city_plans (public once published)' })
  csv(@Param('roundId', uuid) roundId: string, @OptionalUser() user: AuthUser | undefined) {
    return this.exports.csv(roundId, user);
  }
}

/** A rule comparison for coordinators: what greedy or equal shares would choose in any Pabulib election. */
@ApiTags('results')
@Controller('budgeting/analysis')
export class PabulibAnalysisController {
  constructor(private readonly exports: BallotExportService) {}

  @Post('pabulib')
  @Roles('coordinator', 'admin')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiConsumes('text/plain')
  @ApiOperation({ summary: '?rule=greedy|mes with a Pabulib file (approval or choose-1) as text/plain → { rule, budget, winners, cost }; 400 naming the line of a file it cannot read, 422 when it cannot be analysed within PABULIB_ANALYSIS_TIMEOUT_MS, 503 with Retry-After while PABULIB_ANALYSIS_MAX_QUEUE others wait' })
  async analyse(
    @Query({ schema: BudgetingHttp.pabulibAnalysisQuery }) query: BudgetingHttp.PabulibAnalysisQuery,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    try {
      return await this.exports.analyse(body, query.rule);
    } catch (error) {
      // The problem filter renders the body; the header it keeps from the reply.
      if (error instanceof PabulibAnalysisQueueFull) reply.header('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  }
}
