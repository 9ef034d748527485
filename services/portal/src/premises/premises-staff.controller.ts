import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { PremisesHttp } from '@vaikuta/contracts';
import { PremisesClient } from '../clients/premises-client';
import { ServiceProblem } from '../clients/service-problem';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext } from '../layout/portal-request';
import { Repeatable } from '../layout/single-values.guard';
import { foundOrNotFound, premisesNotFound } from './premises.controller';
import { bookingTime, helsinkiInstant, isDate, isTime, premisesText, requirePremisesManager } from './premises-view';
import { fieldOfPath, SpaceForm, spaceFormErrors, spaceFormValues, spaceRequestOf } from './space-form';

const LANGS = ['fi', 'sv', 'en'] as const;
const DONE = ['confirmed', 'denied', 'created', 'saved', 'behalf', 'blocked'];

interface TimeForm {
  date?: string;
  start?: string;
  end?: string;
  bookerSub?: string;
  reason?: string;
  purpose?: string;
  idempotencyKey?: string;
}

/**
 * Premises managers' pages (premises_manager and admin): the queue of bookings requiring
 * handling (confirm, or deny with a reason the booker is told), the spaces with their
 * details, opening hours, rules and access, and booking on a person's behalf or blocking a
 * time for maintenance.
 */
@Controller('staff/premises')
export class PremisesStaffController {
  constructor(
    private readonly pages: Pages,
    private readonly premises: PremisesClient,
  ) {}

  @Get()
  async queue(@Ctx() ctx: PortalContext, @Query('done') done: unknown, @Res() reply: FastifyReply) {
    return this.renderQueue(ctx, reply, { done: typeof done === 'string' && DONE.includes(done) ? done : undefined });
  }

  @Post('bookings/:id/confirm')
  async confirm(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: { version?: string }, @Res() reply: FastifyReply) {
    const { token } = requirePremisesManager(ctx);
    try {
      await this.premises.confirm(id, { version: Number(body.version) || 0 }, token);
      return reply.redirect('/staff/premises?done=confirmed', 303);
    } catch (error) {
      return this.refused(ctx, reply, error, id);
    }
  }

  @Post('bookings/:id/deny')
  async deny(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: { version?: string; reason?: string }, @Res() reply: FastifyReply) {
    const { token } = requirePremisesManager(ctx);
    const reason = String(body.reason ?? '').trim();
    if (!reason || reason.length > 1000) return this.renderQueue(ctx, reply, { denyErrors: { [id]: ctx.t('prem.staff.reasonError') }, status: 400 });
    try {
      await this.premises.deny(id, { version: Number(body.version) || 0, reason }, token);
      return reply.redirect('/staff/premises?done=denied', 303);
    } catch (error) {
      return this.refused(ctx, reply, error, id);
    }
  }

  @Get('spaces/new')
  newSpace(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply) {
    requirePremisesManager(ctx);
    return this.renderSpaceForm(ctx, reply, undefined, spaceFormValues(), {});
  }

  @Post('spaces')
  @Repeatable('feature')
  async createSpace(@Ctx() ctx: PortalContext, @Body() body: SpaceForm, @Res() reply: FastifyReply) {
    const { token } = requirePremisesManager(ctx);
    const checked = this.check(body, PremisesHttp.spaceRequest);
    if (!checked.ok) return this.renderSpaceForm(ctx, reply, undefined, body, { ...spaceFormErrors(ctx.t, checked.errors), status: 400 });
    const key = typeof body.idempotencyKey === 'string' && /^[0-9a-f-]{36}$/.test(body.idempotencyKey) ? body.idempotencyKey : randomUUID();
    try {
      const space = await this.premises.createSpace(checked.data, token, key);
      return reply.redirect(`/staff/premises/spaces/${space.id}/edit?done=created`, 303);
    } catch (error) {
      if (error instanceof ServiceProblem && (error.status === 400 || error.status === 422)) {
        return this.renderSpaceForm(ctx, reply, undefined, body, { ...spaceFormErrors(ctx.t, error.fieldErrors.map((e) => fieldOfPath(e.field))), status: 400 });
      }
      throw error;
    }
  }

  @Get('spaces/:id/edit')
  async editSpace(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Query('done') done: unknown, @Res() reply: FastifyReply) {
    requirePremisesManager(ctx);
    const space = await this.spaceOrNotFound(ctx, reply, id);
    if (!space) return;
    const flash = done === 'created' || done === 'saved' ? { kind: 'success', text: ctx.t(`prem.staff.done.${done}`) } : undefined;
    return this.renderSpaceForm(ctx, reply, space, spaceFormValues(space), { flash });
  }

  @Post('spaces/:id')
  @Repeatable('feature')
  async updateSpace(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: SpaceForm, @Res() reply: FastifyReply) {
    const { token } = requirePremisesManager(ctx);
    const space = await this.spaceOrNotFound(ctx, reply, id);
    if (!space) return;
    const checked = this.check(body, PremisesHttp.updateSpaceRequest, { version: Number(body.version) || 0 });
    if (!checked.ok) return this.renderSpaceForm(ctx, reply, space, body, { ...spaceFormErrors(ctx.t, checked.errors), status: 400 });
    try {
      await this.premises.updateSpace(id, checked.data, token);
      return reply.redirect(`/staff/premises/spaces/${id}/edit?done=saved`, 303);
    } catch (error) {
      if (!(error instanceof ServiceProblem)) throw error;
      if (error.status === 409) return this.renderSpaceForm(ctx, reply, space, body, { refusal: ctx.t('prem.staff.stale'), status: 409 });
      if (error.status === 400 || error.status === 422) {
        return this.renderSpaceForm(ctx, reply, space, body, { ...spaceFormErrors(ctx.t, error.fieldErrors.map((e) => fieldOfPath(e.field))), status: 400 });
      }
      throw error;
    }
  }

  @Get('spaces/:id/schedule')
  async schedule(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Query('done') done: unknown, @Res() reply: FastifyReply) {
    requirePremisesManager(ctx);
    const flash = done === 'behalf' || done === 'blocked' ? { kind: 'success', text: ctx.t(`prem.staff.done.${done}`) } : undefined;
    return this.renderSchedule(ctx, reply, id, { flash });
  }

  @Post('spaces/:id/behalf')
  async bookOnBehalf(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: TimeForm, @Res() reply: FastifyReply) {
    const { token } = requirePremisesManager(ctx);
    const bookerSub = String(body.bookerSub ?? '').trim();
    const time = this.readTime(ctx, body, 'behalf');
    if (!bookerSub || bookerSub.length > 200) time.errors['behalf-bookerSub'] = ctx.t('prem.staff.bookerError');
    if (Object.keys(time.errors).length) return this.renderSchedule(ctx, reply, id, { errors: time.errors, behalf: body, status: 400 });
    const purpose = String(body.purpose ?? '').trim().slice(0, 500);
    try {
      await this.premises.staffBook(id, { begin: time.begin!, end: time.end!, bookerSub, ...(purpose ? { purpose } : {}) }, token, randomUUID());
      return reply.redirect(`/staff/premises/spaces/${id}/schedule?done=behalf`, 303);
    } catch (error) {
      return this.scheduleRefused(ctx, reply, error, id, { behalf: body });
    }
  }

  @Post('spaces/:id/block')
  async block(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: TimeForm, @Res() reply: FastifyReply) {
    const { token } = requirePremisesManager(ctx);
    const reason = String(body.reason ?? '').trim();
    const time = this.readTime(ctx, body, 'block');
    if (!reason || reason.length > 500) time.errors['block-reason'] = ctx.t('prem.staff.reasonError');
    if (Object.keys(time.errors).length) return this.renderSchedule(ctx, reply, id, { errors: time.errors, block: body, status: 400 });
    try {
      await this.premises.block(id, { begin: time.begin!, end: time.end!, reason }, token, randomUUID());
      return reply.redirect(`/staff/premises/spaces/${id}/schedule?done=blocked`, 303);
    } catch (error) {
      return this.scheduleRefused(ctx, reply, error, id, { block: body });
    }
  }

  /** The form read into a request and checked by the contract; the fields to show errors on otherwise. */
  private check<T>(body: SpaceForm, schema: z.ZodType<T>, extra: object = {}): { ok: true; data: T } | { ok: false; errors: string[] } {
    const { request, unreadable } = spaceRequestOf(body);
    const parsed = schema.safeParse({ ...(request as object), ...extra });
    const errors = [...unreadable, ...(parsed.success ? [] : parsed.error.issues.map((i) => fieldOfPath(i.path as (string | number)[])))];
    return parsed.success && !errors.length ? { ok: true, data: parsed.data } : { ok: false, errors };
  }

  private readTime(ctx: PortalContext, body: TimeForm, form: 'behalf' | 'block') {
    const errors: Record<string, string> = {};
    const date = String(body.date ?? '');
    const start = String(body.start ?? '');
    const end = String(body.end ?? '');
    if (!isDate(date)) errors[`${form}-date`] = ctx.t('prem.book.dateError');
    if (!isTime(start)) errors[`${form}-start`] = ctx.t('prem.book.timeError');
    if (!isTime(end)) errors[`${form}-end`] = ctx.t('prem.book.timeError');
    else if (isTime(start) && end <= start) errors[`${form}-end`] = ctx.t('prem.book.endError');
    const ok = !Object.keys(errors).length;
    return { errors, begin: ok ? helsinkiInstant(date, start) : undefined, end: ok ? helsinkiInstant(date, end) : undefined };
  }

  private async refused(ctx: PortalContext, reply: FastifyReply, error: unknown, id: string) {
    if (!(error instanceof ServiceProblem)) throw error;
    if (error.status === 404) return premisesNotFound(this.pages, ctx, reply, 'prem.booking.notFound');
    // Someone handled it first, or it was withdrawn: the queue again, with why.
    if (error.status === 409 || error.status === 400) return this.renderQueue(ctx, reply, { refusal: ctx.t('prem.staff.handledElsewhere'), refusedId: id, status: 409 });
    throw error;
  }

  private scheduleRefused(ctx: PortalContext, reply: FastifyReply, error: unknown, id: string, extra: Record<string, unknown>) {
    if (!(error instanceof ServiceProblem)) throw error;
    if (error.status === 404) return premisesNotFound(this.pages, ctx, reply, 'prem.space.notFound');
    if (error.status === 409) return this.renderSchedule(ctx, reply, id, { ...extra, refusal: ctx.t('prem.book.clash'), status: 409 });
    if (error.status === 400 || error.status === 422) return this.renderSchedule(ctx, reply, id, { ...extra, refusal: ctx.t('prem.book.refused'), status: error.status });
    throw error;
  }

  private spaceOrNotFound(ctx: PortalContext, reply: FastifyReply, id: string) {
    return foundOrNotFound(this.pages, ctx, reply, 'prem.space.notFound', this.premises.space(id));
  }

  private async renderQueue(ctx: PortalContext, reply: FastifyReply, extra: { done?: string; refusal?: string; refusedId?: string; denyErrors?: Record<string, string>; status?: number }) {
    const { token } = requirePremisesManager(ctx);
    const t = ctx.t;
    const [queue, spaces] = await Promise.all([this.premises.queue(token), this.premises.spaces({ limit: 100 })]);
    const names = new Map(spaces.items.map((s) => [s.id, premisesText(s.name, ctx.lang)]));
    this.pages.render(reply, ctx, 'premises/staff-queue', {
      title: t('prem.staff.title'),
      nav: 'premisesStaff',
      status: extra.status,
      flash: extra.done ? { kind: 'success', text: t(`prem.staff.done.${extra.done}`) } : undefined,
      refusal: extra.refusal,
      items: queue.items.map((b) => ({
        id: b.id,
        version: b.version,
        when: bookingTime(ctx.lang, b.begin, b.end),
        space: names.get(b.spaceId),
        booker: b.bookerSub,
        purpose: b.purpose,
        denyError: extra.denyErrors?.[b.id],
      })),
      spaces: spaces.items.map((s) => ({ id: s.id, name: premisesText(s.name, ctx.lang), unit: s.unit, access: t(`prem.access.${s.accessType}`) })),
    });
  }

  private renderSpaceForm(ctx: PortalContext, reply: FastifyReply, space: PremisesHttp.SpaceDetail | undefined, values: SpaceForm, extra: Record<string, unknown>) {
    const t = ctx.t;
    const v = (name: string) => {
      const value = values[name];
      return Array.isArray(value) ? value[0] : (value ?? '');
    };
    const features = ([] as string[]).concat(values.feature ?? []);
    this.pages.render(reply, ctx, 'premises/staff-space', {
      title: space ? t('prem.staff.editTitle', { name: premisesText(space.name, ctx.lang).text }) : t('prem.staff.newTitle'),
      nav: 'premisesStaff',
      action: space ? `/staff/premises/spaces/${space.id}` : '/staff/premises/spaces',
      scheduleHref: space ? `/staff/premises/spaces/${space.id}/schedule` : undefined,
      publicHref: space ? `/premises/spaces/${space.id}` : undefined,
      values: Object.fromEntries(Object.keys(values).map((k) => [k, v(k)])),
      version: space ? v('version') || String(space.version) : undefined,
      idempotencyKey: space ? undefined : randomUUID(),
      langs: LANGS.map((l) => ({ l, name: v(`name_${l}`), desc: v(`desc_${l}`), keyWhere: v(`keyWhere_${l}`), keyWhen: v(`keyWhen_${l}`), label: t(`prem.sf.lang.${l}`) })),
      weekdays: PremisesHttp.WEEKDAYS.map((d) => ({ d, label: t(`prem.weekday.${d}`), value: v(`${d}_hours`) })),
      features: PremisesHttp.accessibilityFeature.options.map((f) => ({ value: f, label: t(`prem.feature.${f}`), checked: features.includes(f) })),
      intervals: [15, 30, 60].map((n) => ({ value: n, label: t('prem.min', { n }) })),
      whoOptions: PremisesHttp.whoMayBook.options.map((w) => ({ value: w, label: t(`prem.who.${w}`) })),
      priceKinds: ['free', 'hourly', 'fixed'].map((k) => ({ value: k, label: t(`prem.sf.price.${k}`) })),
      accessTypes: PremisesHttp.accessType.options.map((a) => ({ value: a, label: t(`prem.access.${a}`) })),
      errors: {},
      errorSummary: [],
      ...extra,
    });
  }

  private async renderSchedule(ctx: PortalContext, reply: FastifyReply, id: string, extra: Record<string, unknown>) {
    const space = await this.spaceOrNotFound(ctx, reply, id);
    if (!space) return;
    const errors = (extra.errors as Record<string, string> | undefined) ?? {};
    this.pages.render(reply, ctx, 'premises/staff-schedule', {
      title: ctx.t('prem.staff.scheduleTitle', { name: premisesText(space.name, ctx.lang).text }),
      nav: 'premisesStaff',
      spaceHref: `/premises/spaces/${id}`,
      editHref: `/staff/premises/spaces/${id}/edit`,
      behalfAction: `/staff/premises/spaces/${id}/behalf`,
      blockAction: `/staff/premises/spaces/${id}/block`,
      behalf: {},
      block: {},
      step: space.rules.startIntervalMinutes * 60,
      errorSummary: Object.entries(errors).map(([field, text]) => ({ href: `#${field}`, text })),
      ...extra,
      errors,
    });
  }
}
