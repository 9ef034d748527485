import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Public, Roles } from '@vaikuta/auth';
import { BudgetingHttp } from '@vaikuta/contracts';
import { UuidPipe } from '@vaikuta/http';
import { z } from 'zod';
import { RoundService } from './round.service';

const uuid = new UuidPipe();
const languageQuery = z.object({ lang: z.enum(['fi', 'sv', 'en']).optional() });

/** Rounds: anyone reads them; coordinators create and re-date them; a resident checks their eligibility. */
@ApiTags('rounds')
@Controller('budgeting/rounds')
export class RoundsController {
  constructor(private readonly rounds: RoundService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Every round with its current phase ({items: [{id, title, phase, rule, ...}]})' })
  list() {
    return this.rounds.list();
  }

  @Get(':roundId')
  @Public()
  @ApiOperation({ summary: 'A round: phases with dates, districts with budgets, ballot rule, eligibility' })
  detail(@Param('roundId', uuid) roundId: string) {
    return this.rounds.detail(roundId);
  }

  @Post()
  @Roles('coordinator', 'admin')
  @ApiBearerAuth()
  @HttpCode(201)
  @ApiOperation({ summary: 'A coordinator creates a round with its six phases and districts' })
  create(@Body({ schema: BudgetingHttp.createRoundRequest }) body: BudgetingHttp.CreateRoundRequest, @CurrentUser() user: AuthUser) {
    return this.rounds.create(body, user);
  }

  @Post(':roundId/phases')
  @Roles('coordinator', 'admin')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'A coordinator moves the phase dates; the reason is kept in the audit trail' })
  movePhases(
    @Param('roundId', uuid) roundId: string,
    @Body({ schema: BudgetingHttp.movePhasesRequest }) body: BudgetingHttp.MovePhasesRequest,
    @CurrentUser() user: AuthUser,
  ) {
    return this.rounds.movePhases(roundId, body, user);
  }

  @Get(':roundId/eligibility')
  @Roles('resident')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Whether the caller may propose and vote, with every reason why not (?lang, default the token language)' })
  eligibility(@Param('roundId', uuid) roundId: string, @Query({ schema: languageQuery }) query: z.infer<typeof languageQuery>, @CurrentUser() user: AuthUser) {
    const lang = query.lang ?? (['fi', 'sv', 'en'].includes(user.lang ?? '') ? (user.lang as 'fi' | 'sv' | 'en') : 'fi');
    return this.rounds.eligibility(roundId, user, lang);
  }
}
