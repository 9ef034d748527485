import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { FeedbackClient } from '../clients/feedback-client';
import { queryString } from '../clients/service-client';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext } from '../layout/portal-request';
import { PORTAL_CONFIG, PortalConfig } from '../portal-config';
import { publicMapAssetUrls } from './public-map-assets';
import { portalPhotoUrl } from './tracking.controller';

const pick = (value: unknown, allowed: string[]) => (typeof value === 'string' && allowed.includes(value) ? value : undefined);
const text = (value: unknown) => (typeof value === 'string' && value.length <= 64 ? value : undefined);
/** The search words; blank is no search (the service refuses more than 200 characters). */
const words = (value: unknown) => (typeof value === 'string' && value.trim() && value.length <= 200 ? value.trim() : undefined);

/** What the map's script says, in the page's language. */
const PUBLIC_MAP_TEXT_KEYS = [
  'publicMap.none', 'publicMap.one', 'publicMap.many', 'publicMap.truncated', 'publicMap.failed', 'map.tilesFailed',
  'status.received', 'status.in_process', 'status.resolved', 'status.rejected',
] as const;

/**
 * Published feedback, newest first, with filters, search and keyset paging (next / first
 * page). With JavaScript, a map above the list shows the same reports (public-map.js).
 */
@Controller('feedback')
export class BrowseController {
  constructor(
    private readonly pages: Pages,
    private readonly feedback: FeedbackClient,
    @Inject(PORTAL_CONFIG) private readonly config: PortalConfig,
  ) {}

  @Get()
  async list(@Ctx() ctx: PortalContext, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    const filters = {
      q: words(query.q),
      kind: pick(query.kind, ['feedback', 'idea', 'fault']),
      category: text(query.category),
      district: text(query.district),
      status: pick(query.status, ['open', 'closed']),
    };
    const cursor = typeof query.cursor === 'string' && query.cursor.length <= 200 ? query.cursor : undefined;
    const [page, catalog] = await Promise.all([
      this.feedback.publicRequests({ ...filters, cursor, lang: ctx.lang, limit: 20 }),
      this.feedback.catalog(ctx.lang),
    ]);
    const t = ctx.t;
    this.pages.render(reply, ctx, 'feedback/browse', {
      title: t('browse.title'),
      nav: 'browse',
      filters,
      kinds: ['feedback', 'idea', 'fault'].map((k) => ({ value: k, label: t(`kind.${k}`) })),
      statuses: ['open', 'closed'].map((s) => ({ value: s, label: t(`status.${s}`) })),
      categories: catalog.categories,
      districts: catalog.districts,
      items: page.items.map((item) => ({
        ...item,
        kindLabel: t(`kind.${item.kind}`),
        statusLabel: t(`status.${item.status}`),
        thumbUrl: portalPhotoUrl(item.photo?.thumbnailUrl),
      })),
      nextHref: page.nextCursor ? `/feedback${queryString({ ...filters, cursor: page.nextCursor })}` : undefined,
      firstHref: cursor ? `/feedback${queryString(filters)}` : undefined,
      filtered: Object.values(filters).some(Boolean),
      map: {
        tileUrl: this.config.map.tileUrl,
        attribution: this.config.map.attribution,
        start: `${this.config.map.start.lat},${this.config.map.start.lon},${this.config.map.start.zoom}`,
        // The map shows what the list shows: the same filters, every page of them.
        query: queryString({ ...filters, lang: ctx.lang }),
        assets: publicMapAssetUrls(),
        text: JSON.stringify(Object.fromEntries(PUBLIC_MAP_TEXT_KEYS.map((k) => [k, t(k)]))).replace(/</g, '\\u003c'),
      },
    });
  }
}
