import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { GrantsClient } from '../clients/grants-client';
import { formatDate } from '../i18n/i18n';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext } from '../layout/portal-request';
import { formRefusal, isStale, requireGrantsOfficer } from './grants-officer-view';

const uuid = new ParseUUIDPipe();
const NAV = 'grantsOfficer';
type Decision = 'verify' | 'reject';
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

interface DecisionRefusal {
  form: Decision;
  status: number;
  error?: string;
  refusal?: string;
  stale?: boolean;
  value: string;
}

/**
 * Grants officers' check of associations registered without a Suomi.fi mandate (issue 11,
 * ADR 0013): the queue of pending registrations and, per association, verify (with what was
 * checked) or reject (with a reason the registrant sees). Plain forms, no JavaScript.
 */
@Controller('staff/grants/associations')
export class GrantsOfficerAssociationsController {
  constructor(
    private readonly pages: Pages,
    private readonly grants: GrantsClient,
  ) {}

  @Get()
  async queue(@Ctx() ctx: PortalContext, @Query('done') done: unknown, @Res() reply: FastifyReply) {
    const { token } = requireGrantsOfficer(ctx);
    const { items } = await this.grants.officerAssociations({ verification: 'pending_verification' }, token);
    const t = ctx.t;
    this.pages.render(reply, ctx, 'grants/officer-associations', {
      title: t('gro.assoc.title'),
      nav: NAV,
      flash: done === 'verified' || done === 'rejected' ? { kind: 'success', text: t(`gro.assoc.done.${done}`) } : undefined,
      associations: items.map((a) => ({ id: a.id, name: a.name, identification: this.identification(ctx, a) })),
    });
  }

  @Get(':id')
  association(@Ctx() ctx: PortalContext, @Param('id', uuid) id: string, @Res() reply: FastifyReply) {
    requireGrantsOfficer(ctx);
    return this.renderAssociation(ctx, reply, id);
  }

  @Post(':id/verify')
  verify(@Ctx() ctx: PortalContext, @Param('id', uuid) id: string, @Body() body: Record<string, unknown>, @Res() reply: FastifyReply) {
    const { token } = requireGrantsOfficer(ctx);
    const note = text(body?.note);
    return this.decide(ctx, reply, id, 'verify', note, () => this.grants.verifyAssociation(id, { version: Number(body?.version), note }, token));
  }

  @Post(':id/reject')
  reject(@Ctx() ctx: PortalContext, @Param('id', uuid) id: string, @Body() body: Record<string, unknown>, @Res() reply: FastifyReply) {
    const { token } = requireGrantsOfficer(ctx);
    const reason = text(body?.reason);
    return this.decide(ctx, reply, id, 'reject', reason, () => this.grants.rejectAssociation(id, { version: Number(body?.version), reason }, token));
  }

  private async decide(ctx: PortalContext, reply: FastifyReply, id: string, form: Decision, value: string, send: () => Promise<unknown>) {
    try {
      await send();
    } catch (error) {
      if (isStale(error)) return this.renderAssociation(ctx, reply, id, { form, status: 409, stale: true, refusal: ctx.t('gro.err.stale'), value });
      const problem = formRefusal(error);
      // The only field an officer types is the note or the reason; a bad version is a stale page.
      const typed = problem.fieldErrors.some((p) => p.field === 'note' || p.field === 'reason');
      return this.renderAssociation(ctx, reply, id, {
        form,
        status: problem.status,
        value,
        error: typed ? ctx.t(`gro.assoc.err.${form}`) : undefined,
        refusal: typed ? undefined : (problem.problem.detail ?? ctx.t('gro.err.other')),
      });
    }
    reply.redirect(`/staff/grants/associations?done=${form === 'verify' ? 'verified' : 'rejected'}`, 303);
  }

  private async renderAssociation(ctx: PortalContext, reply: FastifyReply, id: string, refused?: DecisionRefusal) {
    const { token } = requireGrantsOfficer(ctx);
    const a = await this.grants.association(id, token);
    const t = ctx.t;
    const errorId = refused?.form === 'verify' ? 'note' : 'reason';
    this.pages.render(reply, ctx, 'grants/officer-association', {
        status: refused?.status,
        title: a.name,
        nav: NAV,
        a,
        identification: this.identification(ctx, a),
        verificationLabel: t(`gro.assoc.status.${a.verification}`),
        pending: a.verification === 'pending_verification',
        registered: formatDate(a.createdAt, ctx.lang),
        representatives: a.representatives.map((r) => ({ name: r.name, role: t(`gro.assoc.role.${r.role}`) })),
        refused,
        errors: refused?.error ? { [errorId]: refused.error } : {},
        errorSummary: refused?.error ? [{ href: `#${errorId}`, text: refused.error }] : undefined,
    });
  }

  private identification(ctx: PortalContext, a: { identification: string; businessId: string | null; registrationNumber: string | null }): string {
    const id = a.businessId ?? a.registrationNumber;
    return `${ctx.t(`gro.assoc.id.${a.identification}`)}${id ? ` ${id}` : ''}`;
  }
}
