import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '@vaikuta/auth';
import { BudgetingHttp } from '@vaikuta/contracts';
import { Idempotent, IdempotentRequestId, UuidPipe } from '@vaikuta/http';
import { BallotIntakeService } from './ballot-intake.service';
import { ReconciliationService } from './reconciliation.service';

const uuid = new UuidPipe();

/** A resident's own ballot: cast or change it, read it back, withdraw it — while voting is open. */
@ApiTags('ballots')
@Controller('budgeting/rounds')
export class BallotsController {
  constructor(private readonly intake: BallotIntakeService) {}

  @Get(':roundId/ballot')
  @Roles('resident')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's ballot that counts in the round, or null (never voted, or withdrew)" })
  current(@Param('roundId', uuid) roundId: string, @CurrentUser() user: AuthUser) {
    return this.intake.current(roundId, user);
  }

  @Put(':roundId/ballot')
  @Roles('resident')
  @ApiBearerAuth()
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: 'Cast or change the ballot ({districtCode, district, cityWide, confirmed: true}); answers a receipt' })
  cast(
    @Param('roundId', uuid) roundId: string,
    @Body({ schema: BudgetingHttp.castBallotRequest }) body: BudgetingHttp.CastBallotRequest,
    @CurrentUser() user: AuthUser,
    @IdempotentRequestId() requestId: string | undefined,
  ) {
    return this.intake.castOnline(roundId, body, user, requestId);
  }

  @Delete(':roundId/ballot')
  @Roles('resident')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw the ballot: a withdrawal entry in the log, which counts as no ballot' })
  withdraw(@Param('roundId', uuid) roundId: string, @CurrentUser() user: AuthUser) {
    return this.intake.withdraw(roundId, user);
  }
}

/** Staff enter ballots cast in person (library desk, paper sheet) and reconcile channels. */
@ApiTags('ballots')
@Controller('budgeting/rounds')
export class BallotDeskController {
  constructor(
    private readonly intake: BallotIntakeService,
    private readonly reconciliation: ReconciliationService,
  ) {}

  @Post(':roundId/ballots/assisted')
  @Roles('coordinator', 'admin')
  @ApiBearerAuth()
  @HttpCode(201)
  @ApiOperation({ summary: "Staff enter a person's ballot at a library or service desk (age from the identity code; residence checked from the ID shown)" })
  assisted(
    @Param('roundId', uuid) roundId: string,
    @Body({ schema: BudgetingHttp.assistedBallotRequest }) body: BudgetingHttp.AssistedBallotRequest,
    @CurrentUser() user: AuthUser,
  ) {
    return this.intake.castAssisted(roundId, body, user);
  }

  @Post(':roundId/ballots/paper')
  @Roles('coordinator', 'admin')
  @ApiBearerAuth()
  @HttpCode(201)
  @ApiOperation({ summary: 'Staff enter a paper sheet, once per sheet; from the opening of voting until the results phase closes' })
  paper(@Param('roundId', uuid) roundId: string, @Body({ schema: BudgetingHttp.paperBallotRequest }) body: BudgetingHttp.PaperBallotRequest, @CurrentUser() user: AuthUser) {
    return this.intake.castPaper(roundId, body, user);
  }

  @Get(':roundId/reconciliation')
  @Roles('coordinator', 'admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'People seen in several channels, every entry of theirs, and which one counted under the policy' })
  report(@Param('roundId', uuid) roundId: string) {
    return this.reconciliation.report(roundId);
  }
}
