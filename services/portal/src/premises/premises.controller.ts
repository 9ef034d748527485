import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PremisesHttp } from '@vaikuta/contracts';
import { GrantsClient } from '../clients/grants-client';
import { PremisesClient } from '../clients/premises-client';
import { queryString } from '../clients/service-client';
import { ServiceProblem } from '../clients/service-problem';
import { formatDate } from '../i18n/i18n';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireUser } from '../layout/portal-request';
import { Repeatable } from '../layout/single-values.guard';
import { PORTAL_CONFIG, PortalConfig } from '../portal-config';
import { accessView } from './booking-access-view';
import { spaceLocations, spaceMapView } from './space-map';
import { addDays, bookingTime, describeBooking, helsinkiInstant, helsinkiParts, helsinkiToday, isDate, isTime, premisesText, priceText, rulesInWords } from './premises-view';

interface BookForm {
  date?: string;
  start?: string;
  end?: string;
  purpose?: string;
  associationId?: string;
  idempotencyKey?: string;
}

/** Which booking rules the service may name in a 422, each with its own sentence. */
const RULES = ['booking_window', 'duration', 'interval', 'opening_hours', 'per_person_maximum', 'who_may_book', 'cancellation_deadline'];
const FEATURES = PremisesHttp.accessibilityFeature.options;
const list = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]).map(String);
const cursorOf = (value: unknown) => (typeof value === 'string' && value.length <= 200 ? value : undefined);

/** Not found as a page of its own (a space or booking id that does not exist, or is not the person's). */
export function premisesNotFound(pages: Pages, ctx: PortalContext, reply: FastifyReply, key: string) {
  pages.render(reply, ctx, 'premises/not-found', { title: ctx.t(key), nav: 'premises', status: 404 });
}

/** What `read` answers, or undefined once a 404 page (titled by `key`) is sent for the service's 404. */
export async function foundOrNotFound<T>(pages: Pages, ctx: PortalContext, reply: FastifyReply, key: string, read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (!(error instanceof ServiceProblem && error.status === 404)) throw error;
    premisesNotFound(pages, ctx, reply, key);
    return undefined;
  }
}

/**
 * Residents' premises pages: find a space by date, size and accessibility; a space's details,
 * rules and free times; book a time (confirmed or waiting for approval); my bookings with the
 * door code or key instructions, cancel, and the personal calendar feed.
 */
@Controller('premises')
export class PremisesController {
  constructor(
    private readonly pages: Pages,
    private readonly premises: PremisesClient,
    private readonly grants: GrantsClient,
    @Inject(PORTAL_CONFIG) private readonly config: PortalConfig,
  ) {}

  @Get()
  @Repeatable('feature')
  async find(@Ctx() ctx: PortalContext, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    const t = ctx.t;
    const capacity = typeof query.capacity === 'string' && /^\d{1,6}$/.test(query.capacity) && Number(query.capacity) >= 1 ? Number(query.capacity) : undefined;
    const features = list(query.feature).filter((f): f is PremisesHttp.AccessibilityFeature => (FEATURES as readonly string[]).includes(f));
    const date = isDate(query.date) ? query.date : undefined;
    const errors: Record<string, string> = {};
    if (query.capacity && capacity === undefined) errors.capacity = t('prem.find.capacityError');
    if (query.date && !date) errors.date = t('prem.find.dateError');
    const cursor = cursorOf(query.cursor);
    const page = await this.premises.spaces({ capacity, accessibility: features, cursor, limit: 20 });
    // With a date, a space shows how many free times it has then, and one with none is left out.
    const free = date ? await Promise.all(page.items.map((s) => this.premises.availability(s.id, date, date).then((a) => a.slots.length))) : undefined;
    // The map's pins come from the spaces' details; a detail that cannot be read only leaves its space off the map.
    const places = spaceLocations(page.items);
    const items = page.items
      .map((s, i) => ({
        id: s.id,
        href: `/premises/spaces/${s.id}${date ? `?date=${date}` : ''}`,
        name: premisesText(s.name, ctx.lang),
        unit: s.unit,
        address: s.address,
        capacity: t('prem.capacityN', { n: s.capacity }),
        features: s.accessibilityFeatures.map((f) => t(`prem.feature.${f}`)),
        access: t(`prem.access.${s.accessType}`),
        approval: t(s.requiresApproval ? 'prem.rule.approval' : 'prem.rule.direct'),
        price: priceText(t, ctx.lang, s.price),
        free: free ? t('prem.find.freeN', { n: free[i] }) : undefined,
        hasFree: free ? free[i] > 0 : true,
        place: places.get(s.id),
      }))
      .filter((s) => s.hasFree);
    const filters = { date, capacity, feature: features };
    this.pages.render(reply, ctx, 'premises/spaces', {
      title: t('prem.find.title'),
      nav: 'premises',
      values: { date: query.date ?? '', capacity: query.capacity ?? '' },
      errors,
      errorSummary: Object.entries(errors).map(([field, text]) => ({ href: `#prem-${field}`, text })),
      features: FEATURES.map((f) => ({ value: f, label: t(`prem.feature.${f}`), checked: features.includes(f) })),
      filtered: Boolean(date || capacity || features.length),
      dateLabel: date ? formatDate(`${date}T12:00:00Z`, ctx.lang, false) : undefined,
      items,
      // The map only when a listed space has a location: the list stays the page.
      map: items.some((s) => s.place) ? spaceMapView(this.config, t) : undefined,
      nextHref: page.nextCursor ? `/premises${queryString({ ...filters, cursor: page.nextCursor })}` : undefined,
      firstHref: cursor ? `/premises${queryString(filters)}` : undefined,
      manager: ctx.user?.roles.some((r) => r === 'premises_manager' || r === 'admin'),
    });
  }

  @Get('spaces/:id')
  async space(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    return this.renderSpace(ctx, reply, id, query, {});
  }

  /** The space's public busy times (no one's name or purpose), passed on from the service for calendar apps to subscribe to. */
  @Get('spaces/:id/calendar.ics')
  async calendar(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Query('lang') lang: unknown, @Res() reply: FastifyReply) {
    const feedLang = PremisesHttp.feedLanguage.safeParse(lang).data ?? ctx.lang;
    const res = await this.premises.raw(`/premises/spaces/${encodeURIComponent(id)}/calendar.ics`, { query: { lang: feedLang }, timeoutMs: 5000 });
    reply
      .header('Content-Type', res.headers.get('content-type') ?? 'text/calendar; charset=utf-8')
      .header('Cache-Control', 'public, max-age=300')
      .send(await res.text());
  }

  @Post('spaces/:id/book')
  async book(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: BookForm, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const t = ctx.t;
    const values = {
      date: String(body.date ?? ''),
      start: String(body.start ?? ''),
      end: String(body.end ?? ''),
      purpose: String(body.purpose ?? '').slice(0, 500),
      associationId: String(body.associationId ?? ''),
    };
    const errors: Record<string, string> = {};
    if (!isDate(values.date)) errors.date = t('prem.book.dateError');
    if (!isTime(values.start)) errors.start = t('prem.book.timeError');
    if (!isTime(values.end)) errors.end = t('prem.book.timeError');
    else if (isTime(values.start) && values.end <= values.start) errors.end = t('prem.book.endError');
    if (values.associationId && !/^[0-9a-f-]{36}$/i.test(values.associationId)) errors.associationId = t('prem.book.associationError');
    const query = { date: isDate(values.date) ? values.date : undefined };
    if (Object.keys(errors).length) return this.renderSpace(ctx, reply, id, query, { values, errors, status: 400 });
    const key = typeof body.idempotencyKey === 'string' && /^[0-9a-f-]{36}$/.test(body.idempotencyKey) ? body.idempotencyKey : randomUUID();
    try {
      const booking = await this.premises.book(
        id,
        { begin: helsinkiInstant(values.date, values.start), end: helsinkiInstant(values.date, values.end), ...(values.purpose.trim() ? { purpose: values.purpose.trim() } : {}), ...(values.associationId ? { associationId: values.associationId } : {}) },
        token,
        key,
      );
      return reply.redirect(`/premises/bookings/${booking.id}?done=booked`, 303);
    } catch (error) {
      if (!(error instanceof ServiceProblem)) throw error;
      if (error.status === 404) return premisesNotFound(this.pages, ctx, reply, 'prem.space.notFound');
      // The time was taken (or its buffer): say so and show the day's free times again.
      if (error.status === 409) return this.renderSpace(ctx, reply, id, query, { values, clash: t('prem.book.clash'), status: 409 });
      if (error.status === 400 || error.status === 422 || error.status === 403) {
        const rules = ((error.problem as { rules?: string[] }).rules ?? []).filter((r) => RULES.includes(r));
        const refusals = rules.length ? rules.map((r) => t(`prem.ruleBroken.${r}`)) : [t('prem.book.refused')];
        return this.renderSpace(ctx, reply, id, query, { values, refusals, status: error.status });
      }
      throw error;
    }
  }

  @Get('bookings')
  async mine(@Ctx() ctx: PortalContext, @Query('cursor') cursor: unknown, @Res() reply: FastifyReply) {
    return this.renderMine(ctx, reply, cursorOf(cursor), {});
  }

  /** A new secret feed address (the old one stops working); shown once, as the service keeps only its hash. */
  @Post('calendar-token')
  async rotateFeed(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const feed = await this.premises.calendarToken(ctx.lang, token);
    return this.renderMine(ctx, reply, undefined, { feedUrl: feed.url });
  }

  @Get('bookings/:id')
  async booking(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Query('done') done: unknown, @Res() reply: FastifyReply) {
    return this.renderBooking(ctx, reply, id, { done: typeof done === 'string' ? done : undefined });
  }

  @Post('bookings/:id/cancel')
  async cancel(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: { version?: string }, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const version = Number(body.version);
    if (!Number.isInteger(version) || version < 1) return this.renderBooking(ctx, reply, id, { refusal: ctx.t('prem.cancel.stale'), status: 400 });
    try {
      await this.premises.cancel(id, { version }, token);
      return reply.redirect(`/premises/bookings/${id}?done=cancelled`, 303);
    } catch (error) {
      if (!(error instanceof ServiceProblem)) throw error;
      if (error.status === 404) return premisesNotFound(this.pages, ctx, reply, 'prem.booking.notFound');
      if (error.status === 422) return this.renderBooking(ctx, reply, id, { refusal: ctx.t('prem.ruleBroken.cancellation_deadline'), status: 422 });
      if (error.status === 409 || error.status === 400) return this.renderBooking(ctx, reply, id, { refusal: ctx.t('prem.cancel.stale'), status: 409 });
      throw error;
    }
  }

  private async renderSpace(ctx: PortalContext, reply: FastifyReply, id: string, query: Record<string, unknown>, extra: Record<string, unknown>) {
    const t = ctx.t;
    const space = await foundOrNotFound(this.pages, ctx, reply, 'prem.space.notFound', this.premises.space(id));
    if (!space) return;
    const today = helsinkiToday();
    const date = isDate(query.date) ? query.date : today;
    const week = query.view === 'week';
    const to = week ? addDays(date, 6) : date;
    const availability = await this.premises.availability(id, date, to);
    const base = `/premises/spaces/${id}`;
    // Each free window offers its first bookable time of the shortest length: a link that fills the form.
    const slots = availability.slots.map((s) => {
      const begin = helsinkiParts(s.begin);
      const end = helsinkiParts(s.end);
      const firstEnd = helsinkiParts(new Date(Date.parse(s.begin) + availability.minDurationMinutes * 60_000));
      const fill = { date: begin.date, start: begin.time, end: firstEnd.date === begin.date ? firstEnd.time : end.time };
      return { label: bookingTime(ctx.lang, s.begin, s.end), href: `${base}${queryString({ ...fill, view: week ? 'week' : undefined })}#book-h` };
    });
    const values = (extra.values as Record<string, string> | undefined) ?? {
      date: isDate(query.date) ? query.date : date,
      start: isTime(query.start) ? query.start : '',
      end: isTime(query.end) ? query.end : '',
      purpose: '',
    };
    const errors = (extra.errors as Record<string, string> | undefined) ?? {};
    const hours = PremisesHttp.WEEKDAYS.map((d) => ({
      weekday: t(`prem.weekday.${d}`),
      periods: (space.openingHours.weekly[d] ?? []).map((p) => `${p.opens}–${p.closes}`).join(', ') || t('prem.closed'),
    }));
    const exceptions = space.openingHours.exceptions
      .filter((e) => e.date >= today)
      .slice(0, 10)
      .map((e) => ({ on: formatDate(`${e.date}T12:00:00Z`, ctx.lang, false), periods: e.periods.map((p) => `${p.opens}–${p.closes}`).join(', ') || t('prem.closed'), note: e.note }));
    const signedIn = Boolean(ctx.user);
    // The associations the person acts for (a mandate or a representative's role), to book for one;
    // the page still works for booking oneself when the grants half cannot say.
    const associations =
      ctx.token && space.rules.whoMayBook !== 'staff' ? ((await this.grants.myAssociations(ctx.token).catch(() => undefined))?.items ?? []) : [];
    this.pages.render(reply, ctx, 'premises/space', {
      title: premisesText(space.name, ctx.lang).text,
      nav: 'premises',
      space,
      name: premisesText(space.name, ctx.lang),
      capacity: t('prem.capacityN', { n: space.capacity }),
      features: space.accessibility.features.map((f) => t(`prem.feature.${f}`)),
      accessibilityText: premisesText(space.accessibility.description, ctx.lang),
      access: t(`prem.access.${space.accessType}`),
      keyPickup: space.keyPickup ? { where: premisesText(space.keyPickup.where, ctx.lang), when: premisesText(space.keyPickup.when, ctx.lang) } : undefined,
      rules: rulesInWords(t, ctx.lang, space),
      hours,
      exceptions,
      calendarHref: `/premises/spaces/${id}/calendar.ics?lang=${ctx.lang}`,
      dayForm: { action: base, date, week },
      dateLabel: week ? t('prem.space.weekOf', { from: formatDate(`${date}T12:00:00Z`, ctx.lang, false), to: formatDate(`${to}T12:00:00Z`, ctx.lang, false) }) : formatDate(`${date}T12:00:00Z`, ctx.lang, false),
      prevHref: `${base}${queryString({ date: addDays(date, week ? -7 : -1), view: week ? 'week' : undefined })}`,
      nextHref: `${base}${queryString({ date: addDays(date, week ? 7 : 1), view: week ? 'week' : undefined })}`,
      otherViewHref: `${base}${queryString({ date, view: week ? undefined : 'week' })}`,
      slots,
      bookAction: `${base}/book`,
      signedIn,
      associations: associations.map((a) => ({ id: a.id, name: ctx.lang === 'sv' && a.nameSv ? a.nameSv : a.name })),
      associationsOnly: space.rules.whoMayBook === 'associations',
      loginHref: `/login?next=${encodeURIComponent(base)}`,
      step: availability.startIntervalMinutes * 60,
      idempotencyKey: randomUUID(),
      values,
      errors,
      errorSummary: Object.entries(errors).map(([field, text]) => ({ href: `#prem-${field}`, text })),
      ...extra,
    });
  }

  private async renderMine(ctx: PortalContext, reply: FastifyReply, cursor: string | undefined, extra: Record<string, unknown>) {
    const { token } = requireUser(ctx);
    const page = await this.premises.mine(token, cursor);
    const names = await this.spaceNames(ctx, page.items.map((b) => b.spaceId));
    this.pages.render(reply, ctx, 'premises/bookings', {
      title: ctx.t('prem.mine.title'),
      nav: 'premises',
      items: page.items.map((b) => describeBooking(ctx.t, ctx.lang, b, names.get(b.spaceId))),
      nextHref: page.nextCursor ? `/premises/bookings${queryString({ cursor: page.nextCursor })}` : undefined,
      firstHref: cursor ? '/premises/bookings' : undefined,
      ...extra,
    });
  }

  private async renderBooking(ctx: PortalContext, reply: FastifyReply, id: string, extra: { done?: string; refusal?: string; status?: number }) {
    const { token } = requireUser(ctx);
    const t = ctx.t;
    const booking = await foundOrNotFound(this.pages, ctx, reply, 'prem.booking.notFound', this.premises.booking(id, token));
    if (!booking) return;
    const [space, access] = await Promise.all([this.premises.space(booking.spaceId), this.premises.access(id, token)]);
    const held = booking.state === 'confirmed' || booking.state === 'requires_handling';
    const beforeDeadline = Date.now() < Date.parse(booking.cancellableUntil);
    const flash =
      extra.done === 'booked'
        ? { kind: 'success', text: t(booking.state === 'confirmed' ? 'prem.done.confirmed' : 'prem.done.requested') }
        : extra.done === 'cancelled'
          ? { kind: 'success', text: t('prem.done.cancelled') }
          : undefined;
    this.pages.render(reply, ctx, 'premises/booking', {
      title: t('prem.booking.title'),
      nav: 'premises',
      flash,
      refusal: extra.refusal,
      status: extra.status,
      b: describeBooking(t, ctx.lang, booking, premisesText(space.name, ctx.lang)),
      spaceHref: `/premises/spaces/${space.id}`,
      address: space.address,
      reason: booking.reason,
      access: accessView(t, ctx.lang, access, booking.state),
      cancellableUntil: formatDate(booking.cancellableUntil, ctx.lang),
      canCancel: held && beforeDeadline,
      deadlinePassed: held && !beforeDeadline,
      version: booking.version,
    });
  }

  /** The spaces' names for a list of bookings (one request per distinct space). */
  private async spaceNames(ctx: PortalContext, ids: string[]) {
    const unique = [...new Set(ids)];
    const spaces = await Promise.all(unique.map((id) => this.premises.space(id).catch(() => undefined)));
    return new Map(spaces.filter((s): s is PremisesHttp.SpaceDetail => Boolean(s)).map((s) => [s.id, premisesText(s.name, ctx.lang)]));
  }
}
