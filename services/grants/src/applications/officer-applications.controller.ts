import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '@vaikuta/auth';
import { GrantsHttp } from '@vaikuta/contracts';
import { UuidPipe } from '@vaikuta/http';
import { ApplicationReader } from './application-reader.service';
import { OfficerApplicationsService } from './officer-applications.service';

const uuid = new UuidPipe();

/** Grants officers (and admins) handle submitted applications: queue, receive, review, score, ask, decide, pay, close. */
@ApiTags('applications')
@ApiBearerAuth()
@Controller('grants/applications')
export class OfficerApplicationsController {
  constructor(
    private readonly officer: OfficerApplicationsService,
    private readonly reader: ApplicationReader,
  ) {}

  @Get()
  @Roles('grants_officer', 'admin')
  @ApiOperation({ summary: 'The queue: submitted applications, oldest first ?roundId&state&type&department&limit&cursor (keyset)' })
  queue(@Query({ schema: GrantsHttp.queueQuery }) query: GrantsHttp.QueueQuery) {
    return this.reader.queue(query);
  }

  @Post(':applicationId/receive')
  @Roles('grants_officer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Marks a submitted application received { version }' })
  receive(@Param('applicationId', uuid) id: string, @Body({ schema: GrantsHttp.stepRequest }) body: GrantsHttp.StepRequest, @CurrentUser() user: AuthUser) {
    return this.officer.receive(id, body, user);
  }

  @Post(':applicationId/review')
  @Roles('grants_officer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Starts the review of a received application { version }' })
  review(@Param('applicationId', uuid) id: string, @Body({ schema: GrantsHttp.stepRequest }) body: GrantsHttp.StepRequest, @CurrentUser() user: AuthUser) {
    return this.officer.startReview(id, body, user);
  }

  @Post(':applicationId/scores')
  @Roles('grants_officer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: "Scores against the round's criteria { version, scores: [{ criterion, score 0–5, note? }] } (in review)" })
  score(@Param('applicationId', uuid) id: string, @Body({ schema: GrantsHttp.scoreRequest }) body: GrantsHttp.ScoreRequest, @CurrentUser() user: AuthUser) {
    return this.officer.score(id, body, user);
  }

  @Post(':applicationId/information-requests')
  @Roles('grants_officer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Asks the applicant for more information { version, message }; the applicant answers on the application' })
  requestInformation(@Param('applicationId', uuid) id: string, @Body({ schema: GrantsHttp.messageRequest }) body: GrantsHttp.MessageRequest, @CurrentUser() user: AuthUser) {
    return this.officer.requestInformation(id, body, user);
  }

  @Post(':applicationId/decision')
  @Roles('grants_officer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decides { version, outcome: granted (grantedCents ≤ requested, reportDue) | rejected (reasons), ahjoDecisionId? }' })
  decide(@Param('applicationId', uuid) id: string, @Body({ schema: GrantsHttp.decisionRequest }) body: GrantsHttp.DecisionRequest, @CurrentUser() user: AuthUser) {
    return this.officer.decide(id, body, user);
  }

  @Post(':applicationId/payment')
  @Roles('grants_officer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Marks a grant paid { version }' })
  pay(@Param('applicationId', uuid) id: string, @Body({ schema: GrantsHttp.stepRequest }) body: GrantsHttp.StepRequest, @CurrentUser() user: AuthUser) {
    return this.officer.markPaid(id, body, user);
  }

  @Post(':applicationId/close')
  @Roles('grants_officer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Closes a rejection, or a grant whose report was received { version }' })
  close(@Param('applicationId', uuid) id: string, @Body({ schema: GrantsHttp.stepRequest }) body: GrantsHttp.StepRequest, @CurrentUser() user: AuthUser) {
    return this.officer.close(id, body, user);
  }
}
