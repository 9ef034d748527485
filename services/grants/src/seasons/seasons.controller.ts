import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, AuthUser, CurrentUser, Public, Roles } from '@vaikuta/auth';
import { PremisesHttp } from '@vaikuta/contracts';
import { Idempotent, UuidPipe } from '@vaikuta/http';
import { SeasonService } from './season.service';

const uuid = new UuidPipe();

/** Season bookings: anyone reads seasons, representatives apply, premises staff allocate and publish. */
@ApiTags('seasons')
@Controller('premises/seasons')
export class SeasonsController {
  constructor(private readonly seasons: SeasonService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Seasons, latest first' })
  list() {
    return this.seasons.list();
  }

  @Get(':seasonId')
  @Public()
  @ApiOperation({ summary: 'A season: spaces, dates, skipped dates, state' })
  detail(@Param('seasonId', uuid) seasonId: string) {
    return this.seasons.detail(seasonId);
  }

  @Post()
  @Roles('premises_manager', 'admin')
  @ApiBearerAuth()
  @HttpCode(201)
  @ApiOperation({ summary: 'A premises manager opens a season ({name, spaceIds, startsOn, endsOn, skipDates})' })
  create(@Body({ schema: PremisesHttp.seasonRequest }) body: PremisesHttp.SeasonRequest, @CurrentUser() user: AuthUser) {
    return this.seasons.create(body, user);
  }

  @Post(':seasonId/applications')
  @Authenticated()
  @ApiBearerAuth()
  @Idempotent()
  @HttpCode(201)
  @ApiOperation({ summary: 'A representative applies for a weekly slot for the association ({associationId, spaceId, weekday, begins, ends, purpose})' })
  apply(
    @Param('seasonId', uuid) seasonId: string,
    @Body({ schema: PremisesHttp.seasonApplicationRequest }) body: PremisesHttp.SeasonApplicationRequest,
    @CurrentUser() user: AuthUser,
  ) {
    return this.seasons.apply(seasonId, body, user);
  }

  @Get(':seasonId/applications/mine')
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The season’s applications of the associations the caller acts for, with their allocation' })
  mine(@Param('seasonId', uuid) seasonId: string, @CurrentUser() user: AuthUser) {
    return this.seasons.mine(seasonId, user);
  }

  @Get(':seasonId/applications')
  @Roles('premises_manager', 'admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The season’s applications with their allocation (refusal, the application a clash lost to)' })
  applications(@Param('seasonId', uuid) seasonId: string) {
    return this.seasons.applications(seasonId);
  }

  @Post(':seasonId/allocate')
  @Roles('premises_manager', 'admin')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Allocate the applications against each other and the spaces’ rules and hours ({version}); again until published' })
  allocate(@Param('seasonId', uuid) seasonId: string, @Body({ schema: PremisesHttp.seasonStepRequest }) body: PremisesHttp.SeasonStepRequest, @CurrentUser() user: AuthUser) {
    return this.seasons.allocate(seasonId, body, user);
  }

  @Post(':seasonId/publish')
  @Roles('premises_manager', 'admin')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Turn each allocated slot into a weekly series of bookings ({version}); each week booked or told why not' })
  publish(@Param('seasonId', uuid) seasonId: string, @Body({ schema: PremisesHttp.seasonStepRequest }) body: PremisesHttp.SeasonStepRequest, @CurrentUser() user: AuthUser) {
    return this.seasons.publish(seasonId, body, user);
  }

  @Post(':seasonId/applications/:applicationId/cancel-series')
  @Roles('premises_manager', 'admin')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel the series’ bookings still to come ({reason}, told to the booker)' })
  cancelSeries(
    @Param('seasonId', uuid) seasonId: string,
    @Param('applicationId', uuid) applicationId: string,
    @Body({ schema: PremisesHttp.cancelSeriesRequest }) body: PremisesHttp.CancelSeriesRequest,
    @CurrentUser() user: AuthUser,
  ) {
    return this.seasons.cancelSeries(seasonId, applicationId, body, user);
  }
}
