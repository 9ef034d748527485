import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, OptionalUser, Public, Roles } from '@vaikuta/auth';
import { BudgetingHttp } from '@vaikuta/contracts';
import { Idempotent, IdempotentRequestId, RateLimitClass, UuidPipe } from '@vaikuta/http';
import { ProposalIntakeService } from './proposal-intake.service';
import { ProposalListQuery, proposalListQuery } from './proposal-list.query';
import { ProposalReader } from './proposal-reader.service';
import { ProposalScreeningService } from './proposal-screening.service';

const uuid = new UuidPipe();

/** Proposals: anyone reads and searches them; eligible residents propose; coordinators screen. */
@ApiTags('proposals')
@Controller('budgeting')
export class ProposalsController {
  constructor(
    private readonly reader: ProposalReader,
    private readonly intake: ProposalIntakeService,
    private readonly screening: ProposalScreeningService,
  ) {}

  @Get('rounds/:roundId/proposals')
  @Public()
  @ApiOperation({ summary: "A round's proposals, newest first, ?district&status&q (fi/sv/en search)&limit&cursor → {items, nextCursor}" })
  list(@Param('roundId', uuid) roundId: string, @Query({ schema: proposalListQuery }) query: ProposalListQuery, @OptionalUser() user: AuthUser | undefined) {
    return this.reader.list(roundId, query, user);
  }

  @Post('rounds/:roundId/proposals')
  @Roles('resident')
  @ApiBearerAuth()
  @RateLimitClass('anonymous-intake')
  @Idempotent()
  @HttpCode(201)
  @ApiOperation({ summary: 'An eligible resident proposes while the proposals phase is open' })
  submit(
    @Param('roundId', uuid) roundId: string,
    @Body({ schema: BudgetingHttp.submitProposalRequest }) body: BudgetingHttp.SubmitProposalRequest,
    @CurrentUser() user: AuthUser,
    @IdempotentRequestId() requestId: string | undefined,
  ) {
    return this.intake.submit(roundId, body, user, requestId);
  }

  @Get('proposals/:id')
  @Public()
  @ApiOperation({ summary: 'A proposal with its thread: source → screening → plan (public once on the ballot; coordinators see drafts) → project' })
  thread(@Param('id', uuid) id: string, @OptionalUser() user: AuthUser | undefined) {
    return this.reader.thread(id, user);
  }

  @Post('proposals/:id/screening')
  @Roles('coordinator', 'admin')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'A coordinator screens a proposal: feasible or not, with a public reason' })
  screen(
    @Param('id', uuid) id: string,
    @Body({ schema: BudgetingHttp.screenProposalRequest }) body: BudgetingHttp.ScreenProposalRequest,
    @CurrentUser() user: AuthUser,
  ) {
    return this.screening.screen(id, body, user);
  }
}
