import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PremisesClient } from '../clients/premises-client';
import { ServiceProblem } from '../clients/service-problem';

/**
 * A space's photo at the same path as the grants service gives it in `photos[].url`, so the
 * space page's <img> loads from the portal's own origin. Photos are public and never change
 * under their id, so the service's caching headers are passed on as they are.
 */
@Controller('premises/spaces')
export class SpacePhotosController {
  constructor(private readonly premises: PremisesClient) {}

  @Get(':id/photos/:photoId')
  async photo(@Param('id', new ParseUUIDPipe()) id: string, @Param('photoId', new ParseUUIDPipe()) photoId: string, @Res() reply: FastifyReply) {
    try {
      const res = await this.premises.raw(`/premises/spaces/${encodeURIComponent(id)}/photos/${encodeURIComponent(photoId)}`, { timeoutMs: 10_000 });
      reply
        .header('Content-Type', res.headers.get('content-type') ?? 'application/octet-stream')
        .header('Cache-Control', res.headers.get('cache-control') ?? 'public, max-age=3600')
        .header('X-Content-Type-Options', 'nosniff');
      const etag = res.headers.get('etag');
      if (etag) reply.header('ETag', etag);
      return reply.send(Buffer.from(await res.arrayBuffer()));
    } catch (error) {
      if (error instanceof ServiceProblem && error.status === 404) return reply.code(404).header('Cache-Control', 'no-store').send();
      throw error;
    }
  }
}
