import { Controller, Get, Inject, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@vaikuta/auth';
import { PHOTO_STORAGE, PhotoStorage } from '../photos/photo-storage';
import { PublicFeedbackService } from './public-feedback.service';
import { publicListQuerySchema, PublicListQuery } from './public-feedback.schemas';

@ApiTags('public')
@Controller('feedback')
@Public()
export class PublicFeedbackController {
  constructor(
    private readonly feedback: PublicFeedbackService,
    @Inject(PHOTO_STORAGE) private readonly photos: PhotoStorage,
  ) {}

  /** Published feedback, newest first, without personal data. */
  @Get('public/requests')
  list(@Query({ schema: publicListQuerySchema }) query: PublicListQuery) {
    return this.feedback.list(query);
  }

  /** The tracking page's data: status, public replies and timeline. */
  @Get('public/requests/:idOrCode')
  detail(@Param('idOrCode') idOrCode: string, @Query('lang') lang?: string) {
    return this.feedback.detail(idOrCode, lang === 'sv' || lang === 'en' ? lang : 'fi');
  }

  @Get('photos/:photoId')
  async photo(@Param('photoId') photoId: string, @Res() reply: FastifyReply) {
    const photo = await this.feedback.publishedPhoto(photoId);
    const bytes = photo && (await this.photos.get(photo.storageKey));
    if (!photo || !bytes) throw new NotFoundException('No such photo');
    reply.header('Content-Type', photo.contentType).header('Cache-Control', 'public, max-age=3600').send(bytes);
  }
}
