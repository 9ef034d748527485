import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@vaikuta/auth';
import { GrantsHttp } from '@vaikuta/contracts';
import { UuidPipe } from '@vaikuta/http';
import { GrantStatisticsService } from './grant-statistics.service';

const uuid = new UuidPipe();

/** Public figures of grant practice: what each round decided, and each year's sums. Associations, not persons, are named. */
@ApiTags('applications')
@Controller('grants')
export class GrantStatisticsController {
  constructor(private readonly statistics: GrantStatisticsService) {}

  @Get('rounds/:roundId/decisions')
  @Public()
  @ApiOperation({ summary: "A round's decision list: every decided application and the total granted against the budget" })
  decisions(@Param('roundId', uuid) roundId: string) {
    return this.statistics.decisionList(roundId);
  }

  @Get('statistics')
  @Public()
  @ApiOperation({ summary: '?year=: applications and granted sums per round, type and department (rounds by the year they opened)' })
  year(@Query({ schema: GrantsHttp.statisticsQuery }) query: GrantsHttp.StatisticsQuery) {
    return this.statistics.statistics(query.year);
  }

  @Get('statistics.csv')
  @Public()
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: '?year=: the same figures as CSV' })
  csv(@Query({ schema: GrantsHttp.statisticsQuery }) query: GrantsHttp.StatisticsQuery) {
    return this.statistics.statisticsCsv(query.year);
  }
}
