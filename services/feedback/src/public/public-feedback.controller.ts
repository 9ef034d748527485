import { Controller, Get, Header, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@vaikuta/auth';
import { PhotoFiles } from '../photos/photo-files.service';
import { publicPhotoQuerySchema, PublicPhotoQuery } from '../photos/photo-query.schemas';
import { PublicFeedbackService } from './public-feedback.service';
import { publicListQuerySchema, PublicListQuery, publicMapQuerySchema, PublicMapQuery } from './public-feedback.schemas';

@ApiTags('public')
@Controller('feedback')
@Public()
export class PublicFeedbackController {
  constructor(
    private readonly feedback: PublicFeedbackService,
    private readonly photos: PhotoFiles,
  ) {}

  /** Published feedback, newest first, without personal data. */
  @Get('public/requests')
  list(@Query({ schema: publicListQuerySchema }) query: PublicListQuery) {
    return this.feedback.list(query);
  }

  /** Published feedback with a location, as GeoJSON points for a map; the list's filters apply. */
  @Get('public/map')
  @Header('Content-Type', 'application/geo+json; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=30')
  map(@Query({ schema: publicMapQuerySchema }) query: PublicMapQuery) {
    return this.feedback.map(query);
  }

  /** The tracking page's data: status, public replies and timeline. */
  @Get('public/requests/:idOrCode')
  detail(@Param('idOrCode') idOrCode: string, @Query('lang') lang?: string) {
    return this.feedback.detail(idOrCode, lang === 'sv' || lang === 'en' ? lang : 'fi');
  }

  /** A published request's photo, re-encoded without metadata: `size=thumb` (≈320 px) or `display` (≈1280 px). */
  @Get('photos/:photoId')
  async photo(@Param('photoId') photoId: string, @Query({ schema: publicPhotoQuerySchema }) query: PublicPhotoQuery, @Res() reply: FastifyReply) {
    const photo = await this.photos.read(photoId, query.size, { published: true });
    if (!photo) throw new NotFoundException('No such photo');
    reply.header('Content-Type', photo.contentType).header('Cache-Control', 'public, max-age=3600').send(photo.bytes);
  }
}
