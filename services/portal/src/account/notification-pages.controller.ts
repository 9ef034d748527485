import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { NotificationsHttp } from '@vaikuta/contracts';
import { NotificationsClient } from '../clients/notifications-client';
import { ServiceProblem } from '../clients/service-problem';
import { problemToFormErrors } from '../feedback/problem-fields';
import { CsrfExempt } from '../layout/csrf.guard';
import { Repeatable } from '../layout/single-values.guard';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireUser } from '../layout/portal-request';

const CHANNELS = ['inapp', 'email', 'sms'];
const DIGESTS = ['immediate', 'daily', 'weekly'];
/** Topics a person can opt out of (the notification service's rules; feedback for now). */
const TOPICS = ['feedback'];
const PREFERENCE_FIELDS = ['language', 'channels', 'digest', 'optOuts', 'email', 'phone'];

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : []);

/**
 * The notification pages: preferences, the in-app inbox and the unsubscribe landing page
 * (the link in every email; GET only asks, POST stops the messages, as RFC 8058 wants).
 */
type PreferenceValues = Partial<Record<keyof NotificationsHttp.Preferences, unknown>>;

@Controller('notifications')
export class NotificationPagesController {
  constructor(
    private readonly pages: Pages,
    private readonly notifications: NotificationsClient,
  ) {}

  @Get('preferences')
  async preferences(
    @Ctx() ctx: PortalContext,
    @Query('done') done: string | undefined,
    @Query('token') linkToken: unknown,
    @Res() reply: FastifyReply,
  ) {
    // The signed link in a message opens that recipient's settings, signed in or not.
    if (linkToken !== undefined) return this.linkPreferences(ctx, reply, linkToken, done);
    const { token } = requireUser(ctx);
    const prefs = await this.notifications.get<NotificationsHttp.Preferences>('/notifications/preferences', { token }).catch((e) => this.unavailable(e));
    if (!prefs) return this.renderUnavailable(ctx, reply, 'nav.preferences');
    this.renderPreferences(ctx, reply, prefs, { flash: done ? { kind: 'success', text: ctx.t('done.saved') } : undefined });
  }

  @Post('preferences')
  @Repeatable('channels', 'topics')
  async savePreferences(@Ctx() ctx: PortalContext, @Body() form: Record<string, unknown>, @Res() reply: FastifyReply) {
    if (form.linkToken !== undefined) return this.saveLinkPreferences(ctx, reply, form);
    const { token } = requireUser(ctx);
    const body = {
      language: form.language,
      channels: list(form.channels).filter((c) => CHANNELS.includes(c)),
      digest: form.digest,
      optOuts: TOPICS.filter((topic) => !list(form.topics).includes(topic)),
      email: String(form.email ?? '').trim(),
      phone: String(form.phone ?? '').trim(),
    };
    try {
      await this.notifications.put('/notifications/preferences', body, { token });
      reply.redirect('/notifications/preferences?done=1', 303);
    } catch (error) {
      if (!(error instanceof ServiceProblem) || error.status !== 400) throw error;
      const errors = problemToFormErrors(error.fieldErrors, ctx.t, { order: PREFERENCE_FIELDS, fallbackField: 'channels', anchors: { channels: 'f-channels-inapp', digest: 'f-digest-immediate', language: 'f-language' } });
      this.renderPreferences(ctx, reply, body, { ...errors, status: 400 });
    }
  }

  private async linkPreferences(ctx: PortalContext, reply: FastifyReply, linkToken: unknown, done: string | undefined) {
    const token = typeof linkToken === 'string' ? linkToken : '';
    let prefs: NotificationsHttp.LinkPreferences | undefined;
    try {
      prefs = await this.notifications.get<NotificationsHttp.LinkPreferences>('/notifications/preferences/link', { query: { token } });
    } catch (error) {
      return this.linkRefused(ctx, reply, error);
    }
    this.renderPreferences(ctx, reply, this.linkValues(prefs!), {
      link: this.linkView(ctx, prefs!, token),
      flash: done ? { kind: 'success', text: ctx.t('done.saved') } : undefined,
    });
  }

  private async saveLinkPreferences(ctx: PortalContext, reply: FastifyReply, form: Record<string, unknown>) {
    const token = typeof form.linkToken === 'string' ? form.linkToken : '';
    const body = {
      language: form.language,
      channels: list(form.channels).filter((c) => CHANNELS.includes(c)),
      digest: form.digest,
      optOuts: TOPICS.filter((topic) => !list(form.topics).includes(topic)),
    };
    try {
      await this.notifications.put('/notifications/preferences/link', body, { query: { token } });
      reply.redirect(`/notifications/preferences?token=${encodeURIComponent(token)}&done=1`, 303);
    } catch (error) {
      if (!(error instanceof ServiceProblem) || error.status !== 400) return this.linkRefused(ctx, reply, error);
      const prefs = await this.notifications.get<NotificationsHttp.LinkPreferences>('/notifications/preferences/link', { query: { token } }).catch((e) => this.linkRefused(ctx, reply, e));
      if (!prefs) return;
      const errors = problemToFormErrors(error.fieldErrors, ctx.t, { order: PREFERENCE_FIELDS, fallbackField: 'channels', anchors: { channels: 'f-channels-email', digest: 'f-digest-immediate', language: 'f-language' } });
      this.renderPreferences(ctx, reply, { ...prefs, ...body }, { ...errors, link: this.linkView(ctx, prefs, token), status: 400 });
    }
  }

  /** A link that is old, altered or for an erased recipient: say so, and offer the sign-in. */
  private linkRefused(ctx: PortalContext, reply: FastifyReply, error: unknown): void {
    if (!(error instanceof ServiceProblem) || ![400, 403, 404].includes(error.status)) throw error;
    this.pages.render(reply, ctx, 'account/preferences-link-invalid', {
      title: ctx.t('nav.preferences'),
      message: ctx.t(error.status === 404 ? 'pref.linkGone' : 'pref.linkInvalid'),
      status: error.status === 404 ? 404 : 403,
    });
  }

  /** Stopped all messages: the form shows no channel chosen, so saving one is the way back. */
  private linkValues(prefs: NotificationsHttp.LinkPreferences): NotificationsHttp.LinkPreferences {
    return prefs.unsubscribedAll ? { ...prefs, channels: [] } : prefs;
  }

  private linkView(ctx: PortalContext, prefs: NotificationsHttp.LinkPreferences, token: string) {
    return {
      token,
      lead: ctx.t('pref.linkLead', { address: [prefs.email, prefs.phone].filter(Boolean).join(', ') }),
      stoppedAll: prefs.unsubscribedAll === true,
      available: list(prefs.availableChannels),
    };
  }

  @Get('inbox')
  async inbox(@Ctx() ctx: PortalContext, @Query('before') before: string | undefined, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const page = await this.notifications
      .get<NotificationsHttp.InboxPage>('/notifications/inbox', { token, query: { before, limit: 20 } })
      .catch((e) => this.unavailable(e));
    if (!page) return this.renderUnavailable(ctx, reply, 'nav.inbox');
    this.pages.render(reply, ctx, 'account/inbox', {
      title: ctx.t('nav.inbox'),
      nav: 'inbox',
      items: page.items.map((i) => ({ ...i, unread: !i.readAt, link: typeof i.link === 'string' && /^(https?:\/\/|\/)/.test(i.link) ? i.link : null })),
      unread: page.items.some((i) => !i.readAt),
      nextHref: page.items.length === 20 && page.nextBefore ? `/notifications/inbox?before=${encodeURIComponent(page.nextBefore)}` : undefined,
      firstHref: before ? '/notifications/inbox' : undefined,
    });
  }

  @Post('inbox/read-all')
  async readAll(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    await this.notifications.post('/notifications/inbox/read-all', {}, { token });
    reply.redirect('/notifications/inbox', 303);
  }

  @Post('inbox/:id/read')
  async read(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    await this.notifications.post(`/notifications/inbox/${id}/read`, {}, { token });
    reply.redirect('/notifications/inbox', 303);
  }

  /** The unsubscribe link's landing page. The token is the only credential; no sign-in needed. */
  @Get('unsubscribe')
  async unsubscribePage(@Ctx() ctx: PortalContext, @Query('token') token: string | undefined, @Res() reply: FastifyReply) {
    const valid = await this.checkToken(token);
    this.pages.render(reply, ctx, 'account/unsubscribe', { title: ctx.t('unsub.title'), token, valid, status: valid ? 200 : 400 });
  }

  /**
   * Stops the messages. Two senders: the landing page's button (the token in the form) and a
   * mail client's RFC 8058 one-click POST to the link itself (`?token=…`, body
   * `List-Unsubscribe=One-Click`, no cookies) — hence no CSRF check: the token is the credential.
   */
  @Post('unsubscribe')
  @CsrfExempt()
  async unsubscribe(@Ctx() ctx: PortalContext, @Query('token') linkToken: string | undefined, @Body() form: { token?: string } | undefined, @Res() reply: FastifyReply) {
    const token = String(form?.token || linkToken || '');
    try {
      if (!token) throw new ServiceProblem(400, {}, 'notifications');
      // The service answers with its own small HTML page; only the status matters here.
      await this.notifications.post('/notifications/unsubscribe', undefined, { query: { token } });
    } catch (error) {
      if (!(error instanceof ServiceProblem) || error.status !== 400) throw error;
      return this.pages.render(reply, ctx, 'account/unsubscribe', { title: ctx.t('unsub.title'), valid: false, status: 400 });
    }
    this.pages.render(reply, ctx, 'account/unsubscribe', { title: ctx.t('unsub.title'), done: true });
  }

  private async checkToken(token: string | undefined): Promise<boolean> {
    if (!token) return false;
    try {
      await this.notifications.raw('/notifications/unsubscribe', { query: { token } });
      return true;
    } catch (error) {
      if (error instanceof ServiceProblem && error.status === 400) return false;
      throw error;
    }
  }

  private unavailable(error: unknown): undefined {
    if (error instanceof ServiceProblem && (error.status === 503 || error.status === 404)) return undefined;
    throw error;
  }

  private renderUnavailable(ctx: PortalContext, reply: FastifyReply, titleKey: string) {
    this.pages.render(reply, ctx, 'account/notifications-unavailable', { title: ctx.t(titleKey), status: 503 });
  }

  /** `prefs` as the service has them, or as the form sent them back (a refused save). */
  private renderPreferences(ctx: PortalContext, reply: FastifyReply, prefs: PreferenceValues, extra: Record<string, unknown>) {
    const t = ctx.t;
    const channels = list(prefs.channels);
    const optOuts = list(prefs.optOuts);
    // Through a message's link only the channels this recipient can be reached on are offered.
    const offered = (extra.link as { available?: string[] } | undefined)?.available ?? CHANNELS;
    this.pages.render(reply, ctx, 'account/preferences', {
      title: t('nav.preferences'),
      nav: 'inbox',
      values: prefs,
      languages: [
        { value: 'fi', label: 'Suomi' },
        { value: 'sv', label: 'Svenska' },
        { value: 'en', label: 'English' },
      ],
      channels: CHANNELS.filter((c) => offered.includes(c)).map((c) => ({ value: c, label: t(`pref.channel.${c}`), checked: channels.includes(c) })),
      digests: DIGESTS.map((d) => ({ value: d, label: t(`pref.digest.${d}`), checked: (prefs.digest ?? 'immediate') === d })),
      topics: TOPICS.map((topic) => ({ value: topic, label: t(`pref.topic.${topic}`), checked: !optOuts.includes(topic) })),
      ...extra,
    });
  }
}
