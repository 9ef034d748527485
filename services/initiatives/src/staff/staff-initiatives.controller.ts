import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '@vaikuta/auth';
import { InitiativesHttp } from '@vaikuta/contracts';
import { RateLimitClass, UuidPipe } from '@vaikuta/http';
import { z } from 'zod';
import { DecideInput, decideInput } from '../initiatives/decision-section';
import { InitiativeCaseService } from '../initiatives/initiative-case.service';
import { InitiativeFilingService } from '../initiatives/initiative-filing.service';
import { InitiativeReader } from '../initiatives/initiative-reader.service';
import { QueueQuery, queueQuerySchema } from './staff-initiatives.schemas';

type In<S extends z.ZodType> = z.infer<S>;
const H = InitiativesHttp;
const uuid = new UuidPipe();

/**
 * The preparers' work (valmistelija): scoped to their departments, as case workers are in
 * feedback; an initiative not yet assigned is open to every preparer (the registry's work).
 * Every step carries the version the preparer saw; a stale one is 409.
 */
@ApiTags('initiative preparation')
@ApiBearerAuth()
@Controller('initiatives')
@Roles('preparer', 'admin')
@RateLimitClass('staff-api')
export class StaffInitiativesController {
  constructor(
    private readonly reader: InitiativeReader,
    private readonly cases: InitiativeCaseService,
    private readonly filing: InitiativeFilingService,
  ) {}

  @Get('staff/queue')
  @ApiOperation({ summary: 'Open initiatives of my departments (and unassigned ones), nearest due date first' })
  queue(@Query({ schema: queueQuerySchema }) query: QueueQuery, @CurrentUser() user: AuthUser) {
    return this.reader.queue(query, user);
  }

  @Get('staff/:id')
  detail(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    return this.reader.staffDetail(id, user);
  }

  @Post('staff/paper')
  @HttpCode(201)
  @ApiOperation({ summary: 'Enter an initiative filed on paper, by a council member or by an advocacy body, for its initiators' })
  paper(@Body({ schema: H.paperInitiativeRequest }) body: In<typeof H.paperInitiativeRequest>, @CurrentUser() user: AuthUser) {
    return this.filing.fileOnPaper(body, user);
  }

  @Post(':id/register')
  @HttpCode(200)
  register(@Param('id', uuid) id: string, @Body({ schema: H.registerRequest }) body: In<typeof H.registerRequest>, @CurrentUser() user: AuthUser) {
    return this.cases.register(id, body, user);
  }

  @Post(':id/assign')
  @HttpCode(200)
  assign(@Param('id', uuid) id: string, @Body({ schema: H.assignRequest }) body: In<typeof H.assignRequest>, @CurrentUser() user: AuthUser) {
    return this.cases.assign(id, body, user);
  }

  @Post(':id/statements')
  @HttpCode(200)
  requestStatement(@Param('id', uuid) id: string, @Body({ schema: H.statementRequest }) body: In<typeof H.statementRequest>, @CurrentUser() user: AuthUser) {
    return this.cases.requestStatement(id, body, user);
  }

  @Post(':id/statements/:statementId/answer')
  @HttpCode(200)
  answerStatement(
    @Param('id', uuid) id: string,
    @Param('statementId', uuid) statementId: string,
    @Body({ schema: H.statementAnswerRequest }) body: In<typeof H.statementAnswerRequest>,
    @CurrentUser() user: AuthUser,
  ) {
    return this.cases.answerStatement(id, statementId, body, user);
  }

  @Post(':id/propose')
  @HttpCode(200)
  propose(@Param('id', uuid) id: string, @Body({ schema: H.proposeRequest }) body: In<typeof H.proposeRequest>, @CurrentUser() user: AuthUser) {
    return this.cases.propose(id, body, user);
  }

  @Post(':id/decide')
  @HttpCode(200)
  decide(@Param('id', uuid) id: string, @Body({ schema: decideInput }) body: DecideInput, @CurrentUser() user: AuthUser) {
    return this.cases.decide(id, body, user);
  }

  @Post(':id/measures')
  @HttpCode(200)
  measures(@Param('id', uuid) id: string, @Body({ schema: H.measuresRequest }) body: In<typeof H.measuresRequest>, @CurrentUser() user: AuthUser) {
    return this.cases.recordMeasures(id, body, user);
  }

  @Post(':id/close')
  @HttpCode(200)
  close(@Param('id', uuid) id: string, @Body({ schema: H.closeRequest }) body: In<typeof H.closeRequest>, @CurrentUser() user: AuthUser) {
    return this.cases.close(id, body, user);
  }

  @Post(':id/inadmissible')
  @HttpCode(200)
  inadmissible(@Param('id', uuid) id: string, @Body({ schema: H.inadmissibleRequest }) body: In<typeof H.inadmissibleRequest>, @CurrentUser() user: AuthUser) {
    return this.cases.inadmissible(id, body, user);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  withdraw(@Param('id', uuid) id: string, @Body({ schema: H.withdrawRequest }) body: In<typeof H.withdrawRequest>, @CurrentUser() user: AuthUser) {
    return this.cases.withdraw(id, body, user);
  }

  @Post(':id/combine')
  @HttpCode(200)
  combine(@Param('id', uuid) id: string, @Body({ schema: H.combineRequest }) body: In<typeof H.combineRequest>, @CurrentUser() user: AuthUser) {
    return this.cases.combine(id, body, user);
  }

  @Post(':id/ahjo-link')
  @HttpCode(200)
  linkAhjo(@Param('id', uuid) id: string, @Body({ schema: H.ahjoLinkRequest }) body: In<typeof H.ahjoLinkRequest>, @CurrentUser() user: AuthUser) {
    return this.cases.linkAhjo(id, body, user);
  }
}
