import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuthUser, OptionalUser, Public } from '@vaikuta/auth';
import { Idempotent, IdempotentRequestId, parseWithSchema, RateLimitClass } from '@vaikuta/http';
import { inspectPhotos } from '../photos/photo-inspector';
import { isMultipart, readMultipartForm } from '../photos/multipart-form';
import { FeedbackIntakeService, SubmittedFeedback, Submitter } from './feedback-intake.service';
import { submitFeedbackSchema } from './submit-feedback.schema';

const STAFF_ROLES = ['case_worker', 'admin'];

@ApiTags('intake')
@Controller('feedback/requests')
export class IntakeController {
  constructor(private readonly intake: FeedbackIntakeService) {}

  /**
   * Anyone may send feedback, signed in or not. Staff entering feedback for a resident
   * (phone, service desk) send it with their own token, and it is recorded as such.
   */
  @Post()
  @Public()
  @RateLimitClass('anonymous-intake')
  @Idempotent()
  @HttpCode(201)
  @ApiBearerAuth()
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiOperation({ summary: 'Send feedback, a development idea or a fault report (photos as multipart `photos`)' })
  async submit(
    @Req() request: FastifyRequest,
    @OptionalUser() user: AuthUser | undefined,
    @Body() body: unknown,
    @IdempotentRequestId() requestId: string | undefined,
  ): Promise<SubmittedFeedback> {
    let fields: unknown = body;
    let files: Awaited<ReturnType<typeof readMultipartForm>>['files'] = [];
    if (isMultipart(request)) {
      ({ fields, files } = await readMultipartForm(request));
    }
    const input = parseWithSchema(submitFeedbackSchema, fields ?? {});
    const photos = await inspectPhotos(files);
    const staff = user?.roles.some((r) => STAFF_ROLES.includes(r));
    const submitter: Submitter = {
      channel: staff ? 'staff' : 'web',
      actorId: user?.sub,
      actorRole: staff ? user!.roles.find((r) => STAFF_ROLES.includes(r)) : user ? 'resident' : undefined,
    };
    return this.intake.submit(input, photos, submitter, requestId);
  }
}
