import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Public, Roles } from '@vaikuta/auth';
import { GrantsHttp } from '@vaikuta/contracts';
import { UuidPipe } from '@vaikuta/http';
import { GrantRoundService } from './grant-round.service';

const uuid = new UuidPipe();

/** Grant rounds: anyone reads them; grants officers (and admins) announce and amend them. */
@ApiTags('grant rounds')
@Controller('grants/rounds')
export class GrantRoundsController {
  constructor(private readonly rounds: GrantRoundService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Grant rounds by opening time (?year= taking applications during that year, ?type=, ?open=true|false now)' })
  list(@Query({ schema: GrantsHttp.roundListQuery }) query: GrantsHttp.RoundListQuery) {
    return this.rounds.list(query);
  }

  @Get(':roundId')
  @Public()
  @ApiOperation({ summary: 'A round: dates, budget, scoring criteria, required attachments and the application form' })
  detail(@Param('roundId', uuid) roundId: string) {
    return this.rounds.detail(roundId);
  }

  @Post()
  @Roles('grants_officer', 'admin')
  @ApiBearerAuth()
  @HttpCode(201)
  @ApiOperation({ summary: 'A grants officer announces a round' })
  create(@Body({ schema: GrantsHttp.createGrantRoundRequest }) body: GrantsHttp.CreateGrantRoundRequest, @CurrentUser() user: AuthUser) {
    return this.rounds.create(body, user);
  }

  @Put(':roundId')
  @Roles('grants_officer', 'admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'A grants officer amends a round (the whole description, with the version they saw)' })
  update(
    @Param('roundId', uuid) roundId: string,
    @Body({ schema: GrantsHttp.updateGrantRoundRequest }) body: GrantsHttp.UpdateGrantRoundRequest,
    @CurrentUser() user: AuthUser,
  ) {
    return this.rounds.update(roundId, body, user);
  }
}
