import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser, CurrentUser, Public, Roles } from '@vaikuta/auth';
import { PremisesHttp } from '@vaikuta/contracts';
import { isMultipart, readMultipartForm, UuidPipe, ValidationProblem } from '@vaikuta/http';
import { SpacePhotosService } from './space-photos.service';

const uuid = new UuidPipe();

/** Alt text from the form's `alt.fi`, `alt.sv`, `alt.en` fields; a problem naming the field when it is not fit. */
function altOf(fields: Record<string, string | string[]>): PremisesHttp.PhotoAlt {
  const text = (lang: string) => {
    const value = fields[`alt.${lang}`];
    if (Array.isArray(value)) throw ValidationProblem.field(`alt.${lang}`, 'Give the text once');
    return value?.trim() ? value : undefined;
  };
  const parsed = PremisesHttp.photoAlt.safeParse({ fi: text('fi'), sv: text('sv'), en: text('en') });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw ValidationProblem.field(`alt.${String(issue.path[0])}`, issue.path[0] === 'fi' && !fields['alt.fi'] ? 'A Finnish description of the photo is required' : issue.message);
  }
  return parsed.data;
}

/** Photos of a space: anyone sees them; premises managers and admins add, order and delete them. */
@ApiTags('spaces')
@Controller('premises/spaces/:spaceId/photos')
export class SpacePhotosController {
  constructor(private readonly photos: SpacePhotosService) {}

  @Post()
  @Roles('premises_manager', 'admin')
  @ApiBearerAuth()
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: 'multipart: file (JPEG, PNG or WebP, ≤ 10 MB, type read from the bytes; re-encoded without metadata), alt.fi (required), alt.sv, alt.en. Appended last' })
  async add(@Param('spaceId', uuid) spaceId: string, @Req() request: FastifyRequest, @CurrentUser() user: AuthUser) {
    if (!isMultipart(request)) throw ValidationProblem.field('file', 'Send the photo as multipart/form-data', 415);
    const { fields, files } = await readMultipartForm(request);
    if (files.length > 1) throw ValidationProblem.field('file', 'One photo at a time');
    const alt = altOf(fields);
    return this.photos.add(spaceId, files[0]?.bytes, alt, user);
  }

  @Put('order')
  @Roles('premises_manager', 'admin')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Puts the photos in order { photoIds: every photo of the space, once }' })
  reorder(@Param('spaceId', uuid) spaceId: string, @Body({ schema: PremisesHttp.photoOrderRequest }) body: PremisesHttp.PhotoOrderRequest, @CurrentUser() user: AuthUser) {
    return this.photos.reorder(spaceId, body, user);
  }

  @Delete(':photoId')
  @Roles('premises_manager', 'admin')
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes a photo of the space' })
  async remove(@Param('spaceId', uuid) spaceId: string, @Param('photoId', uuid) photoId: string, @CurrentUser() user: AuthUser) {
    await this.photos.remove(spaceId, photoId, user);
  }

  @Get(':photoId')
  @Public()
  @ApiOperation({ summary: "A photo's bytes (JPEG, PNG or WebP), cacheable: a photo never changes under its id" })
  async file(@Param('spaceId', uuid) spaceId: string, @Param('photoId', uuid) photoId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const photo = await this.photos.file(spaceId, photoId);
    const etag = `"${photoId}"`;
    reply
      .header('Cache-Control', 'public, max-age=31536000, immutable')
      .header('ETag', etag)
      .header('X-Content-Type-Options', 'nosniff');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.header('Content-Type', photo.contentType).header('Content-Disposition', 'inline').send(photo.bytes);
  }
}
