import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PremisesHttp } from '@vaikuta/contracts';
import { PremisesClient } from '../clients/premises-client';
import { ServiceProblem } from '../clients/service-problem';
import { formatDate } from '../i18n/i18n';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext } from '../layout/portal-request';
import { foundOrNotFound, premisesNotFound } from './premises.controller';
import { premisesText, requirePremisesManager } from './premises-view';

const dayOf = (date: string, ctx: PortalContext) => formatDate(`${date}T12:00:00Z`, ctx.lang, false);

/**
 * Managers' season allocation: the seasons, and a season's applications with what allocation
 * gave each (a slot, or why not: the rules, the hours, or an earlier application's clash);
 * allocate again while the season is open or allocated, then publish it into weekly series.
 */
@Controller('staff/premises/seasons')
export class PremisesSeasonsController {
  constructor(
    private readonly pages: Pages,
    private readonly premises: PremisesClient,
  ) {}

  @Get()
  async seasons(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply) {
    requirePremisesManager(ctx);
    const { items } = await this.premises.seasons();
    this.pages.render(reply, ctx, 'premises/staff-seasons', {
      title: ctx.t('prem.season.title'),
      nav: 'premisesStaff',
      items: items.map((s) => ({
        href: `/staff/premises/seasons/${s.id}`,
        name: premisesText(s.name, ctx.lang),
        dates: `${dayOf(s.startsOn, ctx)} – ${dayOf(s.endsOn, ctx)}`,
        state: ctx.t(`prem.season.state.${s.state}`),
      })),
    });
  }

  @Get(':id')
  async season(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Query('done') done: unknown, @Res() reply: FastifyReply) {
    const flash =
      done === 'allocated' || done === 'published'
        ? { kind: 'success', text: ctx.t(`prem.season.done.${done}`) }
        : done === 'cancelled'
          ? { kind: 'success', text: ctx.t('prem.series.done') }
          : undefined;
    return this.renderSeason(ctx, reply, id, { flash });
  }

  @Post(':id/allocate')
  async allocate(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: { version?: string }, @Res() reply: FastifyReply) {
    return this.step(ctx, reply, id, 'allocated', (token) => this.premises.allocate(id, { version: Number(body.version) || 0 }, token));
  }

  @Post(':id/publish')
  async publish(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: { version?: string }, @Res() reply: FastifyReply) {
    return this.step(ctx, reply, id, 'published', (token) => this.premises.publish(id, { version: Number(body.version) || 0 }, token));
  }

  /** Cancels one allocated slot's weekly bookings still to come; the booker is told the reason. */
  @Post(':id/cancel-series')
  async cancelSeries(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: { applicationId?: string; reason?: string }, @Res() reply: FastifyReply) {
    const { token } = requirePremisesManager(ctx);
    const series = { applicationId: String(body.applicationId ?? '').slice(0, 40), reason: String(body.reason ?? '').slice(0, 1100) };
    const errors: Record<string, string> = {};
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(series.applicationId)) errors.applicationId = ctx.t('prem.series.error.applicationId');
    const reason = series.reason.trim();
    if (!reason || reason.length > 1000) errors.reason = ctx.t('prem.series.error.reason');
    const invalid = (fields: Record<string, string>) =>
      this.renderSeason(ctx, reply, id, { series, errors: fields, errorSummary: Object.entries(fields).map(([f, text]) => ({ href: `#series-${f}`, text })), status: 400 });
    if (Object.keys(errors).length) return invalid(errors);
    try {
      await this.premises.cancelSeries(id, series.applicationId, { reason }, token);
      return reply.redirect(`/staff/premises/seasons/${id}?done=cancelled`, 303);
    } catch (error) {
      if (!(error instanceof ServiceProblem)) throw error;
      // An application not in this season is a wrong choice in the form, not a missing page.
      if (error.status === 404) return invalid({ applicationId: ctx.t('prem.series.error.applicationId') });
      if (error.status === 400) return invalid({ reason: ctx.t('prem.series.error.reason') });
      throw error;
    }
  }

  private async step(ctx: PortalContext, reply: FastifyReply, id: string, done: string, call: (token: string) => Promise<unknown>) {
    const { token } = requirePremisesManager(ctx);
    try {
      await call(token);
      return reply.redirect(`/staff/premises/seasons/${id}?done=${done}`, 303);
    } catch (error) {
      if (!(error instanceof ServiceProblem)) throw error;
      if (error.status === 404) return premisesNotFound(this.pages, ctx, reply, 'prem.season.notFound');
      // Someone allocated or published first: the season as it is now, with why.
      if (error.status === 409 || error.status === 400) return this.renderSeason(ctx, reply, id, { refusal: ctx.t('prem.season.stale'), status: 409 });
      throw error;
    }
  }

  private async renderSeason(ctx: PortalContext, reply: FastifyReply, id: string, extra: Record<string, unknown>) {
    const { token } = requirePremisesManager(ctx);
    const t = ctx.t;
    const season = await foundOrNotFound(this.pages, ctx, reply, 'prem.season.notFound', this.premises.season(id));
    if (!season) return;
    const [applications, spaces] = await Promise.all([this.premises.seasonApplications(id, token), Promise.all(season.spaceIds.map((s) => this.premises.space(s).catch(() => undefined)))]);
    const names = new Map(spaces.filter((s): s is PremisesHttp.SpaceDetail => Boolean(s)).map((s) => [s.id, premisesText(s.name, ctx.lang)]));
    const order = new Map(applications.items.map((a, i) => [a.id, i + 1]));
    this.pages.render(reply, ctx, 'premises/staff-season', {
      title: premisesText(season.name, ctx.lang).text,
      nav: 'premisesStaff',
      dates: `${dayOf(season.startsOn, ctx)} – ${dayOf(season.endsOn, ctx)}`,
      skipDates: season.skipDates.map((d) => dayOf(d, ctx)),
      state: t(`prem.season.state.${season.state}`),
      seasonId: season.id,
      version: season.version,
      canAllocate: season.state !== 'published',
      canPublish: season.state === 'allocated',
      // Only a published season has series; each allocated slot's can be cancelled as a whole.
      cancellable:
        season.state === 'published'
          ? applications.items.filter((a) => a.state === 'allocated').map((a) => ({ id: a.id, label: `${order.get(a.id)}. ${names.get(a.spaceId)?.text ?? ''} ${t(`prem.weekday.${a.weekday}`)} ${a.begins}–${a.ends}` }))
          : [],
      items: applications.items.map((a) => ({
        n: order.get(a.id),
        space: names.get(a.spaceId),
        slot: `${t(`prem.weekday.${a.weekday}`)} ${a.begins}–${a.ends}`,
        purpose: a.purpose,
        state: t(`prem.season.appState.${a.state}`),
        refusal: a.refusal ? t(`prem.season.refusal.${a.refusal}`, { n: a.clashesWith ? (order.get(a.clashesWith) ?? '?') : '?' }) : undefined,
      })),
      ...extra,
    });
  }
}
