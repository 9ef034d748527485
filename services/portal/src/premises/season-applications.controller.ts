import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PremisesHttp } from '@vaikuta/contracts';
import { GrantsClient } from '../clients/grants-client';
import { PremisesClient } from '../clients/premises-client';
import { ServiceProblem } from '../clients/service-problem';
import { formatDate } from '../i18n/i18n';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireUser } from '../layout/portal-request';
import { foundOrNotFound } from './premises.controller';
import { isTime, premisesText } from './premises-view';

interface ApplyForm {
  associationId?: string;
  spaceId?: string;
  weekday?: string;
  begins?: string;
  ends?: string;
  purpose?: string;
  idempotencyKey?: string;
}

/** The form's fields in page order: the error summary links to them in this order. */
const FIELDS = ['associationId', 'spaceId', 'weekday', 'begins', 'ends', 'purpose'] as const;
const dayOf = (date: string, ctx: PortalContext) => formatDate(`${date}T12:00:00Z`, ctx.lang, false);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Season slots for associations, the representative's side: the seasons open for applications,
 * a season's apply form (a weekly slot in one of its spaces, for an association the person acts
 * for) and the applications of the person's associations with what allocation gave each.
 */
@Controller('premises/seasons')
export class SeasonApplicationsController {
  constructor(
    private readonly pages: Pages,
    private readonly premises: PremisesClient,
    private readonly grants: GrantsClient,
  ) {}

  @Get()
  async seasons(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply) {
    const { items } = await this.premises.seasons();
    const view = (s: PremisesHttp.Season) => ({
      href: `/premises/seasons/${s.id}`,
      name: premisesText(s.name, ctx.lang),
      dates: `${dayOf(s.startsOn, ctx)} – ${dayOf(s.endsOn, ctx)}`,
      state: ctx.t(`prem.season.state.${s.state}`),
    });
    this.pages.render(reply, ctx, 'premises/seasons', {
      title: ctx.t('prem.seasons.title'),
      nav: 'premises',
      open: items.filter((s) => s.state === 'open').map(view),
      earlier: items.filter((s) => s.state !== 'open').map(view),
    });
  }

  @Get(':id')
  async season(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Query('done') done: unknown, @Res() reply: FastifyReply) {
    const flash = done === 'applied' ? { kind: 'success', text: ctx.t('prem.apply.done') } : undefined;
    return this.render(ctx, reply, id, { flash });
  }

  @Post(':id/apply')
  async apply(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: ApplyForm, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const t = ctx.t;
    const values = Object.fromEntries(FIELDS.map((f) => [f, String(body[f] ?? '').slice(0, f === 'purpose' ? 600 : 40)])) as Record<(typeof FIELDS)[number], string>;
    const errors: Record<string, string> = {};
    if (!UUID.test(values.associationId)) errors.associationId = t('prem.apply.error.associationId');
    if (!UUID.test(values.spaceId)) errors.spaceId = t('prem.apply.error.spaceId');
    if (!(PremisesHttp.WEEKDAYS as readonly string[]).includes(values.weekday)) errors.weekday = t('prem.apply.error.weekday');
    if (!isTime(values.begins)) errors.begins = t('prem.apply.error.begins');
    if (!(isTime(values.ends) || values.ends === '24:00') || (isTime(values.begins) && values.ends <= values.begins)) errors.ends = t('prem.apply.error.ends');
    const purpose = values.purpose.trim();
    if (!purpose || purpose.length > 500) errors.purpose = t('prem.apply.error.purpose');
    if (Object.keys(errors).length) return this.render(ctx, reply, id, { values, errors, status: 400 });
    const key = typeof body.idempotencyKey === 'string' && UUID.test(body.idempotencyKey) ? body.idempotencyKey : randomUUID();
    const request = { ...values, weekday: values.weekday as PremisesHttp.SeasonApplicationRequest['weekday'], purpose };
    try {
      await this.premises.applyForSeason(id, request, token, key);
      return reply.redirect(`/premises/seasons/${id}?done=applied#mine-h`, 303);
    } catch (error) {
      if (!(error instanceof ServiceProblem)) throw error;
      // A 404 is the season or the association: rendering shows the not-found page only when the season is gone.
      if (error.status === 403 || error.status === 404) return this.render(ctx, reply, id, { values, errors: { associationId: t('prem.apply.forbidden') }, status: error.status });
      // A 409 is an association a grants officer has not verified, or a season no longer open.
      if (error.status === 409 && (error.problem as { verification?: string }).verification)
        return this.render(ctx, reply, id, { values, errors: { associationId: t('prem.apply.unverified') }, status: 409 });
      if (error.status === 409) return this.render(ctx, reply, id, { values, refusal: t('prem.apply.stale'), status: 409 });
      if (error.status === 400) {
        // The service names the field; the page says it in the person's language.
        const named = error.fieldErrors.map((p) => p.field).filter((f): f is (typeof FIELDS)[number] => (FIELDS as readonly string[]).includes(f));
        const fields = named.length ? named : (['spaceId'] as const);
        return this.render(ctx, reply, id, { values, errors: Object.fromEntries(fields.map((f) => [f, t(`prem.apply.error.${f}`)])), status: 400 });
      }
      throw error;
    }
  }

  private async render(ctx: PortalContext, reply: FastifyReply, id: string, extra: { values?: Record<string, string>; errors?: Record<string, string>; [k: string]: unknown }) {
    const t = ctx.t;
    const season = await foundOrNotFound(this.pages, ctx, reply, 'prem.season.notFound', this.premises.season(id));
    if (!season) return;
    const token = ctx.user ? ctx.token : undefined;
    const [spaces, associations, mine] = await Promise.all([
      Promise.all(season.spaceIds.map((s) => this.premises.space(s).catch(() => undefined))),
      token ? this.grants.myAssociations(token).then((a) => a.items).catch(() => []) : Promise.resolve([]),
      token ? this.premises.mySeasonApplications(id, token).then((a) => a.items) : Promise.resolve([]),
    ]);
    const named = spaces.filter((s): s is PremisesHttp.SpaceDetail => Boolean(s)).map((s) => ({ id: s.id, name: premisesText(s.name, ctx.lang), href: `/premises/spaces/${s.id}` }));
    const spaceName = new Map(named.map((s) => [s.id, s.name]));
    const associationName = new Map(associations.map((a) => [a.id, ctx.lang === 'sv' && a.nameSv ? a.nameSv : a.name]));
    const errors = extra.errors ?? {};
    this.pages.render(reply, ctx, 'premises/season', {
      title: premisesText(season.name, ctx.lang).text,
      nav: 'premises',
      name: premisesText(season.name, ctx.lang),
      dates: `${dayOf(season.startsOn, ctx)} – ${dayOf(season.endsOn, ctx)}`,
      skipDates: season.skipDates.map((d) => dayOf(d, ctx)),
      state: t(`prem.season.state.${season.state}`),
      spaces: named,
      open: season.state === 'open',
      signedIn: Boolean(token),
      loginHref: `/login?next=${encodeURIComponent(`/premises/seasons/${id}`)}`,
      action: `/premises/seasons/${id}/apply`,
      associations: associations.map((a) => ({ id: a.id, name: associationName.get(a.id) })),
      weekdays: PremisesHttp.WEEKDAYS.map((d) => ({ value: d, label: t(`prem.weekday.${d}`) })),
      idempotencyKey: randomUUID(),
      values: extra.values ?? {},
      errors,
      errorSummary: FIELDS.filter((f) => errors[f]).map((f) => ({ href: `#sf-${f}`, text: errors[f] })),
      mine: mine.map((a) => ({
        association: associationName.get(a.associationId) ?? '',
        space: spaceName.get(a.spaceId),
        slot: `${t(`prem.weekday.${a.weekday}`)} ${a.begins}–${a.ends}`,
        purpose: a.purpose,
        state: t(`prem.season.appState.${a.state}`),
        // Another association's application is not this person's to see: a clash says only that there was one.
        refusal: a.refusal === 'clash' ? t('prem.apply.clash') : a.refusal ? t(`prem.season.refusal.${a.refusal}`) : undefined,
      })),
      ...extra,
    });
  }
}
