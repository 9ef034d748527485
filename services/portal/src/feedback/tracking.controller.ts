import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { FeedbackHttp } from '@vaikuta/contracts';
import type { FastifyReply } from 'fastify';
import { FeedbackClient } from '../clients/feedback-client';
import { ServiceProblem } from '../clients/service-problem';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext } from '../layout/portal-request';

/** Photo URLs of the feedback service (a size or the default), served to browsers through the portal's API route. */
export function portalPhotoUrl(serviceUrl: string | undefined): string {
  const match = /\/feedback\/photos\/([0-9a-f-]{36})(\?size=(?:thumb|display))?$/i.exec(serviceUrl ?? '');
  return match ? `/api/feedback/photos/${match[1]}${match[2] ?? ''}` : '';
}

/** The tracking page: status, public replies and timeline of one request. */
@Controller('feedback/track')
export class TrackingController {
  constructor(
    private readonly pages: Pages,
    private readonly feedback: FeedbackClient,
  ) {}

  @Get()
  lookup(@Ctx() ctx: PortalContext, @Query('code') code: string | undefined, @Res() reply: FastifyReply) {
    const clean = (code ?? '').trim();
    if (clean) return reply.redirect(`/feedback/track/${encodeURIComponent(clean)}`, 303);
    this.pages.render(reply, ctx, 'feedback/track-lookup', { title: ctx.t('track.lookupTitle'), nav: 'track' });
  }

  @Get(':idOrCode')
  async track(@Ctx() ctx: PortalContext, @Param('idOrCode') idOrCode: string, @Res() reply: FastifyReply) {
    let detail: FeedbackHttp.PublicRequestDetail;
    try {
      detail = await this.feedback.get<FeedbackHttp.PublicRequestDetail>(`/feedback/public/requests/${encodeURIComponent(idOrCode)}`, { query: { lang: ctx.lang } });
    } catch (error) {
      if (error instanceof ServiceProblem && error.status === 404) {
        return this.pages.render(reply, ctx, 'feedback/track-lookup', { title: ctx.t('track.lookupTitle'), nav: 'track', notFound: true, code: idOrCode, status: 404 });
      }
      throw error;
    }
    const t = ctx.t;
    this.pages.render(reply, ctx, 'feedback/track', {
      title: t('track.title', { code: detail.trackingCode }),
      nav: 'track',
      detail,
      kindLabel: t(`kind.${detail.kind}`),
      statusLabel: t(`status.${detail.status}`),
      closed: detail.status === 'resolved' || detail.status === 'rejected',
      // The thumbnail on the page (the display size on sharp screens), the display size behind the link.
      photos: (detail.photos as { url: string; thumbnailUrl?: string }[])
        .map((p, i) => ({ url: portalPhotoUrl(p.url), thumbUrl: portalPhotoUrl(p.thumbnailUrl) || portalPhotoUrl(p.url), alt: t('track.photoAlt', { n: i + 1 }) }))
        .filter((p) => p.url),
      timeline: (detail.timeline as { event: string; at: string; to?: string }[]).map((e) => ({
        at: e.at,
        text: t(`timeline.${e.event}`, { to: e.to ? t(`status.${e.to}`) : '' }),
      })),
    });
  }
}
