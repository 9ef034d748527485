import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { FeedbackHttp, NotificationsHttp } from '@vaikuta/contracts';
import { FeedbackClient } from '../clients/feedback-client';
import { NotificationsClient } from '../clients/notifications-client';
import { ServiceProblem } from '../clients/service-problem';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireUser } from '../layout/portal-request';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What can be followed from the portal, and the page of a followed item (own keys only). */
const FOLLOWED_PAGES: Record<string, ((id: string) => string) | undefined> = Object.assign(Object.create(null), {
  feedback: (id: string) => `/feedback/track/${id}`,
  initiative: (id: string) => `/initiatives/${id}`,
});

/** How long a section of "my participation" waits for its service before showing its notice. */
const SECTION_TIMEOUT_MS = 3000;

/**
 * A section's service is unavailable when it did not answer, timed out or failed (5xx, 502 for
 * an answer outside the contract): undefined, for the section's notice. Any other error — a
 * 401 for a session the service no longer accepts — is the whole page's, and is thrown.
 */
function unlessUnavailable(error: unknown): undefined {
  if (error instanceof ServiceProblem && error.status >= 500) return undefined;
  throw error;
}

/** "My participation": what I sent (feedback service) and what I follow (notification service). */
@Controller('my')
export class MyParticipationController {
  constructor(
    private readonly pages: Pages,
    private readonly feedback: FeedbackClient,
    private readonly notifications: NotificationsClient,
  ) {}

  @Get()
  async mine(@Ctx() ctx: PortalContext, @Query('done') done: string | undefined, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const t = ctx.t;
    // Each section stands alone: a service that is down, slow or not deployed leaves a notice
    // in its section, and the rest of the page is still shown.
    const [sent, follows] = await Promise.all([
      this.feedback
        .get<z.infer<typeof FeedbackHttp.myRequestList>>('/feedback/my/requests', { token, query: { lang: ctx.lang }, timeoutMs: SECTION_TIMEOUT_MS })
        .catch(unlessUnavailable),
      this.notifications.get<NotificationsHttp.FollowList>('/notifications/follows', { token, timeoutMs: SECTION_TIMEOUT_MS }).catch(unlessUnavailable),
    ]);
    this.pages.render(reply, ctx, 'account/my', {
      title: t('my.title'),
      nav: 'my',
      sentAvailable: Boolean(sent),
      sent: (sent?.items ?? []).map((i) => ({ ...i, kindLabel: t(`kind.${i.kind}`), statusLabel: t(`status.${i.status}`) })),
      followsAvailable: Boolean(follows),
      // The item's public title (a tracking code) beside its kind; never the raw item key.
      follows: (follows?.items ?? []).map((f) => {
        const [itemType, itemId] = f.itemKey.split(':');
        const typeLabel = t(`my.itemType.${itemType}`);
        return {
          since: f.since,
          itemType,
          itemId,
          label: f.title ? `${typeLabel} ${f.title}` : typeLabel,
          href: FOLLOWED_PAGES[itemType]?.(itemId),
        };
      }),
      flash: done === 'followed' || done === 'unfollowed' ? { kind: 'success', text: t('done.saved') } : undefined,
    });
  }

  /**
   * Follow a feedback (its tracking page) or an initiative (its page, which it returns to):
   * the notification service tells followers of each step.
   */
  @Post('follows')
  async follow(@Ctx() ctx: PortalContext, @Body() body: { itemType?: string; itemId?: string }, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const itemType = body.itemType === undefined ? 'feedback' : body.itemType;
    const page = FOLLOWED_PAGES[itemType];
    if (!page || !UUID.test(body.itemId ?? '')) return reply.redirect('/my', 303);
    await this.notifications.post('/notifications/follows', { itemType, itemId: body.itemId }, { token });
    reply.redirect(itemType === 'feedback' ? '/my?done=followed' : `${page(body.itemId!)}?done=followed`, 303);
  }

  @Post('follows/remove')
  async unfollow(@Ctx() ctx: PortalContext, @Body() body: { itemType?: string; itemId?: string }, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    try {
      await this.notifications.delete(`/notifications/follows/${encodeURIComponent(body.itemType ?? '')}/${encodeURIComponent(body.itemId ?? '')}`, { token });
    } catch (error) {
      if (!(error instanceof ServiceProblem) || error.status !== 404) throw error;
    }
    reply.redirect('/my?done=unfollowed', 303);
  }

  /** "Delete my contact details": first a page that says what it does, then (POST) the erasure. */
  @Get('erasure')
  erasure(@Ctx() ctx: PortalContext, @Query('erased') erased: string | undefined, @Res() reply: FastifyReply) {
    requireUser(ctx);
    const done = /^\d+$/.test(erased ?? '');
    this.pages.render(reply, ctx, 'account/erasure', {
      title: ctx.t(done ? 'erasure.myHeading' : 'erasure.myTitle'),
      nav: 'my',
      done: done ? ctx.t('erasure.myDone', { n: erased }) : undefined,
    });
  }

  @Post('erasure')
  async erase(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    // The feedback service erases what it holds and passes the request on to the other services.
    const { erasedRequests } = await this.feedback.post<{ erasedRequests: number }>('/feedback/my/erasure', {}, { token });
    reply.redirect(`/my/erasure?erased=${erasedRequests}`, 303);
  }
}
