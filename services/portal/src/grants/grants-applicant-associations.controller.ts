import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { GrantsHttp } from '@vaikuta/contracts';
import { GrantsClient } from '../clients/grants-client';
import { FieldProblem, ServiceProblem } from '../clients/service-problem';
import { Translate } from '../i18n/i18n';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireUser } from '../layout/portal-request';
import { formErrors } from './grants-applicant-view';

type Form = Record<string, string | undefined>;

/** The registration form's fields in page order (the error summary follows it). */
const REGISTER_FIELDS = ['identification', 'businessId', 'registrationNumber', 'name', 'nameSv', 'address.street', 'address.postalCode', 'address.city', 'iban', 'email', 'role', 'representativeName'];
const EDIT_FIELDS = ['name', 'nameSv', 'address.street', 'address.postalCode', 'address.city', 'iban', 'email', 'version'];
const REPRESENTATIVE_FIELDS = ['sub', 'role', 'name', 'version'];
const anchor = (prefix: string) => (field: string) => `${prefix}-${field.replace('.', '-')}`;
const IDEMPOTENCY_KEY = /^[0-9a-f-]{36}$/;

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
const versionOf = (value: unknown) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN);

/** The address when any part of it is typed (then all three are needed); none at all is no address. */
function addressOf(form: Form): GrantsHttp.PostalAddress | undefined {
  const [street, postalCode, city] = [form.street, form.postalCode, form.city].map((v) => String(v ?? ''));
  return street.trim() || postalCode.trim() || city.trim() ? { street, postalCode, city } : undefined;
}

const problemsOf = (issues: readonly { path: PropertyKey[]; message: string }[]): FieldProblem[] => issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));

/** One of the page's two forms' errors under its own name; the summary on top is the page's. */
const namedErrors = (form: 'edit' | 'rep', { errors, errorSummary }: { errors: Record<string, string>; errorSummary: unknown[] }) => ({ [`${form}Errors`]: errors, errorSummary });

/** What a done step says at the top of the association's page (post-redirect-get). */
function flashOf(t: Translate, done: unknown) {
  const known = ['registered', 'saved', 'added', 'removed', 'conflict'];
  if (typeof done !== 'string' || !known.includes(done)) return undefined;
  return { kind: done === 'conflict' ? 'error' : 'success', text: t(`ga.assoc.done.${done}`) };
}

/**
 * An association's own people: register one (business ID through a Suomi.fi mandate, a
 * registered-association number, or an unregistered group), list mine, see one with its
 * representatives, change its details with the version seen, add and remove representatives.
 */
@Controller('grants/associations')
export class GrantsApplicantAssociationsController {
  constructor(
    private readonly pages: Pages,
    private readonly grants: GrantsClient,
  ) {}

  @Get()
  async mine(@Ctx() ctx: PortalContext, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const mine = await this.grants.myAssociations(token);
    this.pages.render(reply, ctx, 'grants/associations', {
      title: ctx.t('ga.assoc.mine'),
      nav: 'grants',
      items: mine.items.map((a) => ({ ...a, href: `/grants/associations/${a.id}`, identification: ctx.t(`ga.ident.${a.identification}`) })),
      unregistered: mine.unregisteredBusinessIds.map((businessId) => ({ businessId, href: `/grants/associations/new?businessId=${encodeURIComponent(businessId)}` })),
    });
  }

  @Get('new')
  async form(@Ctx() ctx: PortalContext, @Query('businessId') businessId: unknown, @Res() reply: FastifyReply) {
    requireUser(ctx);
    const offered = typeof businessId === 'string' && /^\d{7}-\d$/.test(businessId) ? businessId : undefined;
    return this.renderRegister(ctx, reply, { values: { identification: 'business_id', businessId: offered, role: 'contact' } });
  }

  @Post('new')
  async register(@Ctx() ctx: PortalContext, @Body() body: Form, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const ident = body.identification;
    const request = {
      name: String(body.name ?? ''),
      nameSv: text(body.nameSv),
      address: addressOf(body),
      iban: text(body.iban),
      email: text(body.email),
      // Only the chosen kind's identifier goes: a number typed and then left for another choice is not sent.
      businessId: ident === 'business_id' ? String(body.businessId ?? '') : undefined,
      registrationNumber: ident === 'registered_association' ? String(body.registrationNumber ?? '') : undefined,
      unregisteredGroup: ident === 'unregistered_group' ? (true as const) : undefined,
      role: body.role,
      representativeName: text(body.representativeName),
    };
    const checked = GrantsHttp.registerAssociationRequest.safeParse(request);
    if (!checked.success) return this.renderRegister(ctx, reply, { values: body, problems: problemsOf(checked.error.issues), status: 400 });
    const key = body.idempotencyKey && IDEMPOTENCY_KEY.test(body.idempotencyKey) ? body.idempotencyKey : randomUUID();
    try {
      const association = await this.grants.registerAssociation(checked.data, token, key);
      return reply.redirect(`/grants/associations/${association.id}?done=registered`, 303);
    } catch (error) {
      if (!(error instanceof ServiceProblem) || ![400, 403, 409].includes(error.status)) throw error;
      // A refused mandate (403) or a business ID already registered (409) is about the business ID.
      const problems = error.fieldErrors.length ? error.fieldErrors : [{ field: 'businessId', message: error.problem.detail ?? '' }];
      return this.renderRegister(ctx, reply, { values: body, problems, status: error.status });
    }
  }

  @Get(':associationId')
  async detail(@Ctx() ctx: PortalContext, @Param('associationId', new ParseUUIDPipe()) id: string, @Query('done') done: unknown, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    return this.renderDetail(ctx, reply, await this.grants.association(id, token), { flash: flashOf(ctx.t, done) });
  }

  @Post(':associationId')
  async update(@Ctx() ctx: PortalContext, @Param('associationId', new ParseUUIDPipe()) id: string, @Body() body: Form, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    // Emptied optional fields are removed (null), as the contract has it.
    const request = {
      version: versionOf(body.version),
      name: String(body.name ?? ''),
      nameSv: text(body.nameSv) ?? null,
      address: addressOf(body) ?? null,
      iban: text(body.iban) ?? null,
      email: text(body.email) ?? null,
    };
    const checked = GrantsHttp.updateAssociationRequest.safeParse(request);
    const refuse = async (problems: FieldProblem[], status: number) =>
      this.renderDetail(ctx, reply, await this.grants.association(id, token), { editValues: body, ...namedErrors('edit', formErrors(ctx.t, problems, EDIT_FIELDS, anchor('ga-edit'))), status });
    if (!checked.success) return refuse(problemsOf(checked.error.issues), 400);
    try {
      await this.grants.updateAssociation(id, checked.data, token);
      return reply.redirect(`/grants/associations/${id}?done=saved`, 303);
    } catch (error) {
      if (error instanceof ServiceProblem && error.status === 409) return reply.redirect(`/grants/associations/${id}?done=conflict`, 303);
      if (error instanceof ServiceProblem && error.status === 400) return refuse(error.fieldErrors, 400);
      throw error;
    }
  }

  @Post(':associationId/representatives')
  async addRepresentative(@Ctx() ctx: PortalContext, @Param('associationId', new ParseUUIDPipe()) id: string, @Body() body: Form, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const checked = GrantsHttp.addRepresentativeRequest.safeParse({ version: versionOf(body.version), sub: String(body.sub ?? ''), role: body.role, name: text(body.name) });
    const refuse = async (problems: FieldProblem[], status: number) =>
      this.renderDetail(ctx, reply, await this.grants.association(id, token), { repValues: body, ...namedErrors('rep', formErrors(ctx.t, problems, REPRESENTATIVE_FIELDS, anchor('ga-rep'))), status });
    if (!checked.success) return refuse(problemsOf(checked.error.issues), 400);
    try {
      await this.grants.addRepresentative(id, checked.data, token);
      return reply.redirect(`/grants/associations/${id}?done=added`, 303);
    } catch (error) {
      if (error instanceof ServiceProblem && error.status === 409 && !error.fieldErrors.length && error.problem.currentVersion !== undefined) {
        return reply.redirect(`/grants/associations/${id}?done=conflict`, 303);
      }
      if (error instanceof ServiceProblem && (error.status === 400 || error.status === 409)) return refuse(error.fieldErrors.length ? error.fieldErrors : [{ field: 'sub', message: '' }], error.status);
      throw error;
    }
  }

  @Post(':associationId/representatives/remove')
  async removeRepresentative(@Ctx() ctx: PortalContext, @Param('associationId', new ParseUUIDPipe()) id: string, @Body() body: Form, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const sub = String(body.sub ?? '');
    const version = versionOf(body.version);
    if (!sub || !Number.isInteger(version)) return reply.redirect(`/grants/associations/${id}?done=conflict`, 303);
    try {
      await this.grants.removeRepresentative(id, sub, version, token);
      return reply.redirect(`/grants/associations/${id}?done=removed`, 303);
    } catch (error) {
      // A changed version, or the last representative of a group: the page tells it as it is now.
      if (error instanceof ServiceProblem && (error.status === 409 || error.status === 400)) {
        return this.renderDetail(ctx, reply, await this.grants.association(id, token), { refusal: ctx.t(error.status === 409 && error.problem.currentVersion !== undefined ? 'ga.assoc.done.conflict' : 'ga.rep.removeRefused'), status: error.status });
      }
      throw error;
    }
  }

  private renderRegister(ctx: PortalContext, reply: FastifyReply, state: { values: Form; problems?: FieldProblem[]; status?: number }) {
    const t = ctx.t;
    const { errors, errorSummary } = formErrors(t, state.problems ?? [], REGISTER_FIELDS, anchor('ga-reg'));
    this.pages.render(reply, ctx, 'grants/association-new', {
      title: t('ga.reg.title'),
      nav: 'grants',
      values: state.values,
      errors,
      errorSummary,
      roles: GrantsHttp.REPRESENTATIVE_ROLES.map((role) => ({ role, label: t(`ga.role.${role}`) })),
      mandate: ctx.user?.actingFor?.join(', '),
      idempotencyKey: randomUUID(),
      status: state.status,
    });
  }

  private renderDetail(ctx: PortalContext, reply: FastifyReply, a: GrantsHttp.AssociationDetail, extra: Record<string, unknown> & { status?: number; editValues?: Form }) {
    const t = ctx.t;
    const values = extra.editValues ?? { name: a.name, nameSv: a.nameSv ?? '', street: a.address?.street, postalCode: a.address?.postalCode, city: a.address?.city, iban: a.iban ?? '', email: a.email ?? '' };
    const mayEdit = a.access !== 'officer';
    this.pages.render(reply, ctx, 'grants/association', {
      title: a.name,
      nav: 'grants',
      a,
      identification: t(`ga.ident.${a.identification}`),
      access: t(`ga.access.${a.access}`),
      // What a registration without a Suomi.fi mandate may do until an officer has checked it.
      pendingVerification: a.verification === 'pending_verification',
      rejected: a.verification === 'rejected',
      mayEdit,
      values,
      me: ctx.user?.sub,
      representatives: a.representatives.map((r) => ({ ...r, roleLabel: t(`ga.role.${r.role}`), isMe: r.sub === ctx.user?.sub })),
      roles: GrantsHttp.REPRESENTATIVE_ROLES.map((role) => ({ role, label: t(`ga.role.${role}`) })),
      applyHref: '/grants',
      ...extra,
    });
  }
}
