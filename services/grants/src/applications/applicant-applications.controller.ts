import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, AuthUser, CurrentUser } from '@vaikuta/auth';
import { GrantsHttp } from '@vaikuta/contracts';
import { Idempotent, IdempotentRequestId, isMultipart, readMultipartForm, UuidPipe, ValidationProblem } from '@vaikuta/http';
import { ApplicantApplicationsService } from './applicant-applications.service';
import { ApplicationAttachmentsService } from './application-attachments.service';
import { ApplicationReader } from './application-reader.service';

const uuid = new UuidPipe();

/**
 * An association's representatives apply: draft, edit, attach, submit, answer the officers,
 * report the use of funds, withdraw. Officers and admins read the same application pages.
 */
@ApiTags('applications')
@ApiBearerAuth()
@Controller('grants')
export class ApplicantApplicationsController {
  constructor(
    private readonly applicant: ApplicantApplicationsService,
    private readonly reader: ApplicationReader,
    private readonly attachments: ApplicationAttachmentsService,
  ) {}

  @Post('rounds/:roundId/applications')
  @Authenticated()
  @Idempotent()
  @HttpCode(201)
  @ApiOperation({ summary: "A representative makes a draft for an open round on the association's behalf (Idempotency-Key)" })
  create(
    @Param('roundId', uuid) roundId: string,
    @Body({ schema: GrantsHttp.createApplicationRequest }) body: GrantsHttp.CreateApplicationRequest,
    @CurrentUser() user: AuthUser,
    @IdempotentRequestId() requestId: string | undefined,
  ) {
    return this.applicant.create(roundId, body, user, requestId);
  }

  @Get('applications/mine')
  @Authenticated()
  @ApiOperation({ summary: 'The applications of the associations the caller acts for, newest first' })
  mine(@CurrentUser() user: AuthUser) {
    return this.reader.mine(user);
  }

  @Get('applications/:applicationId')
  @Authenticated()
  @ApiOperation({ summary: "An application with its thread and attachments: the association's representatives, officers and admins (404 for anyone else)" })
  detail(@Param('applicationId', uuid) id: string, @CurrentUser() user: AuthUser) {
    return this.reader.detail(id, user);
  }

  @Patch('applications/:applicationId')
  @Authenticated()
  @ApiOperation({ summary: 'Edits a draft { version, title?, requestedCents?, answers? }' })
  update(@Param('applicationId', uuid) id: string, @Body({ schema: GrantsHttp.updateApplicationRequest }) body: GrantsHttp.UpdateApplicationRequest, @CurrentUser() user: AuthUser) {
    return this.applicant.update(id, body, user);
  }

  @Post('applications/:applicationId/submit')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({ summary: "Submits a draft { version }: every required field and attachment of the round's form, else 400 naming each" })
  submit(@Param('applicationId', uuid) id: string, @Body({ schema: GrantsHttp.stepRequest }) body: GrantsHttp.StepRequest, @CurrentUser() user: AuthUser) {
    return this.applicant.submit(id, body, user);
  }

  @Post('applications/:applicationId/withdraw')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraws the application { version } (until the decision)' })
  withdraw(@Param('applicationId', uuid) id: string, @Body({ schema: GrantsHttp.stepRequest }) body: GrantsHttp.StepRequest, @CurrentUser() user: AuthUser) {
    return this.applicant.withdraw(id, body, user);
  }

  @Post('applications/:applicationId/answers')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({ summary: 'Answers a request for information { version, message }; the application is back in review' })
  answer(@Param('applicationId', uuid) id: string, @Body({ schema: GrantsHttp.messageRequest }) body: GrantsHttp.MessageRequest, @CurrentUser() user: AuthUser) {
    return this.applicant.answer(id, body, user);
  }

  @Post('applications/:applicationId/report')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({ summary: 'The report on the use of funds { version, text } (after payment)' })
  report(@Param('applicationId', uuid) id: string, @Body({ schema: GrantsHttp.reportRequest }) body: GrantsHttp.ReportRequest, @CurrentUser() user: AuthUser) {
    return this.applicant.report(id, body, user);
  }

  @Post('applications/:applicationId/attachments')
  @Authenticated()
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: "multipart: purpose (a required attachment's key, other, or report) and file (PDF, PNG or JPEG, ≤ 10 MB, type read from the bytes)" })
  async attach(@Param('applicationId', uuid) id: string, @Req() request: FastifyRequest, @CurrentUser() user: AuthUser) {
    if (!isMultipart(request)) throw ValidationProblem.field('file', 'Send the file as multipart/form-data', 415);
    const { fields, files } = await readMultipartForm(request);
    const purpose = typeof fields.purpose === 'string' ? fields.purpose : '';
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(purpose)) throw ValidationProblem.field('purpose', "A required attachment's key, other, or report");
    if (files.length > 1) throw ValidationProblem.field('file', 'One file at a time');
    return this.attachments.add(id, purpose, files[0], user);
  }

  @Get('applications/:applicationId/attachments/:attachmentId')
  @Authenticated()
  @ApiOperation({ summary: "An attachment's file: the association's representatives, officers and admins (404 for anyone else)" })
  async file(@Param('applicationId', uuid) id: string, @Param('attachmentId', uuid) attachmentId: string, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    const file = await this.attachments.file(id, attachmentId, user);
    reply
      .header('Content-Type', file.contentType)
      .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('Cache-Control', 'private, no-store')
      .send(file.bytes);
  }

  @Delete('applications/:applicationId/attachments/:attachmentId')
  @Authenticated()
  @HttpCode(204)
  @ApiOperation({ summary: "Takes an attachment away from a draft (the association's representatives)" })
  async detach(@Param('applicationId', uuid) id: string, @Param('attachmentId', uuid) attachmentId: string, @CurrentUser() user: AuthUser) {
    await this.attachments.remove(id, attachmentId, user);
  }
}
