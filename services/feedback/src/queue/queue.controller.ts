import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, CurrentUser, Roles } from '@vaikuta/auth';
import { UuidPipe } from '@vaikuta/http';
import { PhotoFiles } from '../photos/photo-files.service';
import { staffPhotoQuerySchema, StaffPhotoQuery } from '../photos/photo-query.schemas';
import {
  assignSchema,
  forwardSchema,
  mergeSchema,
  noteSchema,
  queueQuerySchema,
  QueueQuery,
  rejectSchema,
  replySchema,
  resolveSchema,
  staffQuerySchema,
  StaffQuery,
  versionOnly,
} from './case-work.schemas';
import { StaffDirectory } from './staff-directory.service';
import { StaffPresence } from './staff-presence.interceptor';
import { FeedbackCaseService } from './feedback-case.service';
import { FeedbackQueueService } from './feedback-queue.service';
import { z } from 'zod';

type Body<S extends z.ZodType> = z.infer<S>;
// Names the parameter in its 400 (`errors: [{field: "id"}]`); Nest's ParseUUIDPipe does not.
const uuid = new UuidPipe();

@ApiTags('case work')
@ApiBearerAuth()
@Controller('feedback')
@Roles('case_worker', 'admin')
@UseInterceptors(StaffPresence)
export class QueueController {
  constructor(
    private readonly queue: FeedbackQueueService,
    private readonly cases: FeedbackCaseService,
    private readonly photos: PhotoFiles,
    private readonly staff: StaffDirectory,
  ) {}

  /** The staff directory: colleagues who have signed in, to assign to by name. */
  @Get('staff')
  staffList(@Query({ schema: staffQuerySchema }) query: StaffQuery, @CurrentUser() user: AuthUser) {
    return this.staff.list(user, query.department).then((items) => ({ items }));
  }

  /** A department's queue, most urgent first; `nextCursor` fetches the following page. */
  @Get('queues/:department')
  list(@Param('department') department: string, @Query({ schema: queueQuerySchema }) query: QueueQuery, @CurrentUser() user: AuthUser) {
    return this.queue.queue(department, query, user);
  }

  @Get('cases/:id')
  detail(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    return this.queue.caseDetail(id, user);
  }

  /** Staff may see photos before a request is published, and open the (stripped) original: `size=original`. */
  @Get('cases/:id/photos/:photoId')
  async photo(
    @Param('id', uuid) id: string,
    @Param('photoId', uuid) photoId: string,
    @Query({ schema: staffPhotoQuerySchema }) query: StaffPhotoQuery,
    @CurrentUser() user: AuthUser,
    @Res() reply: FastifyReply,
  ) {
    await this.queue.caseDetail(id, user); // the department check
    const photo = await this.photos.read(photoId, query.size, { requestId: id });
    if (!photo) throw new NotFoundException('No such photo');
    reply.header('Content-Type', photo.contentType).header('Cache-Control', 'private, max-age=300').send(photo.bytes);
  }

  @Post('cases/:id/claim')
  @HttpCode(200)
  claim(@Param('id', uuid) id: string, @Body({ schema: versionOnly }) body: Body<typeof versionOnly>, @CurrentUser() user: AuthUser) {
    return this.cases.claim(id, body.version, user);
  }

  @Post('cases/:id/assign')
  @HttpCode(200)
  assign(@Param('id', uuid) id: string, @Body({ schema: assignSchema }) body: Body<typeof assignSchema>, @CurrentUser() user: AuthUser) {
    return this.cases.assign(id, body.version, body.assigneeId, user);
  }

  @Post('cases/:id/unassign')
  @HttpCode(200)
  unassign(@Param('id', uuid) id: string, @Body({ schema: versionOnly }) body: Body<typeof versionOnly>, @CurrentUser() user: AuthUser) {
    return this.cases.unassign(id, body.version, user);
  }

  @Post('cases/:id/start')
  @HttpCode(200)
  start(@Param('id', uuid) id: string, @Body({ schema: versionOnly }) body: Body<typeof versionOnly>, @CurrentUser() user: AuthUser) {
    return this.cases.start(id, body.version, user);
  }

  @Post('cases/:id/resolve')
  @HttpCode(200)
  resolve(@Param('id', uuid) id: string, @Body({ schema: resolveSchema }) body: Body<typeof resolveSchema>, @CurrentUser() user: AuthUser) {
    return this.cases.resolve(id, body.version, body.resolution, user);
  }

  @Post('cases/:id/reject')
  @HttpCode(200)
  reject(@Param('id', uuid) id: string, @Body({ schema: rejectSchema }) body: Body<typeof rejectSchema>, @CurrentUser() user: AuthUser) {
    return this.cases.reject(id, body.version, body.reason, user);
  }

  @Post('cases/:id/reopen')
  @HttpCode(200)
  reopen(@Param('id', uuid) id: string, @Body({ schema: versionOnly }) body: Body<typeof versionOnly>, @CurrentUser() user: AuthUser) {
    return this.cases.reopen(id, body.version, user);
  }

  @Post('cases/:id/replies')
  @HttpCode(201)
  reply(@Param('id', uuid) id: string, @Body({ schema: replySchema }) body: Body<typeof replySchema>, @CurrentUser() user: AuthUser) {
    return this.cases.reply(id, body.version, body.body, user);
  }

  @Post('cases/:id/notes')
  @HttpCode(201)
  note(@Param('id', uuid) id: string, @Body({ schema: noteSchema }) body: Body<typeof noteSchema>, @CurrentUser() user: AuthUser) {
    return this.cases.note(id, body.body, user);
  }

  @Post('cases/:id/forward')
  @HttpCode(200)
  forward(@Param('id', uuid) id: string, @Body({ schema: forwardSchema }) body: Body<typeof forwardSchema>, @CurrentUser() user: AuthUser) {
    return this.cases.forward(id, body.version, body.departmentCode, body.note, user);
  }

  @Post('cases/:id/merge')
  @HttpCode(200)
  merge(@Param('id', uuid) id: string, @Body({ schema: mergeSchema }) body: Body<typeof mergeSchema>, @CurrentUser() user: AuthUser) {
    const original = body.originalId
      ? { id: body.originalId, field: 'originalId' as const }
      : { trackingCode: body.originalTrackingCode, field: 'originalTrackingCode' as const };
    return this.cases.merge(id, body.version, original, user);
  }

  @Post('cases/:id/publish')
  @HttpCode(200)
  publish(@Param('id', uuid) id: string, @Body({ schema: versionOnly }) body: Body<typeof versionOnly>, @CurrentUser() user: AuthUser) {
    return this.cases.publish(id, body.version, user);
  }

  @Post('cases/:id/unpublish')
  @HttpCode(200)
  unpublish(@Param('id', uuid) id: string, @Body({ schema: versionOnly }) body: Body<typeof versionOnly>, @CurrentUser() user: AuthUser) {
    return this.cases.unpublish(id, body.version, user);
  }
}
