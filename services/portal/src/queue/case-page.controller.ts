import { Body, Controller, Get, NotFoundException, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { FeedbackHttp } from '@vaikuta/contracts';
import { CannedResponse, FeedbackClient } from '../clients/feedback-client';
import { ServiceProblem } from '../clients/service-problem';
import { problemToFormErrors } from '../feedback/problem-fields';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireStaff } from '../layout/portal-request';
import { actionBody, availableActions, caseAction } from './case-actions';

const uuid = new ParseUUIDPipe();

/** The forms a canned response can start, and the field of each it fills. */
const CANNED_TARGETS: Record<string, string> = { replies: 'body', resolve: 'resolution' };

/**
 * One case for its department's case workers: details, contact, photos, messages, audit
 * trail and every action as a small form. Each form carries the version the page showed;
 * a stale one comes back as "someone changed this, reload".
 */
@Controller('staff/cases')
export class CasePageController {
  constructor(
    private readonly pages: Pages,
    private readonly feedback: FeedbackClient,
  ) {}

  @Get(':id')
  async show(@Ctx() ctx: PortalContext, @Param('id', uuid) id: string, @Query() query: Record<string, string>, @Res() reply: FastifyReply) {
    await this.render(ctx, reply, id, {
      flash: caseAction(query.done) ? { kind: 'success', text: ctx.t(caseAction(query.done)!.done) } : undefined,
      stale: query.stale === '1',
      conflict: query.conflict === '1',
      // A canned response chosen without script: the page comes back with it in the field.
      cannedChoice: typeof query.canned === 'string' && CANNED_TARGETS[query.into] ? { id: query.canned, into: query.into } : undefined,
    });
  }

  @Post(':id/:action')
  async act(@Ctx() ctx: PortalContext, @Param('id', uuid) id: string, @Param('action') name: string, @Body() form: Record<string, unknown>, @Res() reply: FastifyReply) {
    const { token } = requireStaff(ctx);
    const action = caseAction(name);
    if (!action) throw new NotFoundException();
    try {
      await this.feedback.post(`/feedback/cases/${id}/${action.path}`, actionBody(action, form ?? {}), { token });
    } catch (error) {
      if (!(error instanceof ServiceProblem)) throw error;
      if (error.status === 409) {
        const stale = typeof error.problem.currentVersion === 'number';
        if (!stale) return reply.redirect(`/staff/cases/${id}?conflict=1`, 303);
        // Someone else changed the case meanwhile: keep what this case worker typed, and show
        // what changed since their page was drawn (the audit entries past the count it saw).
        const seen = Number(form?.seen);
        return this.render(ctx, reply, id, {
          status: 409,
          stale: true,
          seen: Number.isInteger(seen) && seen >= 0 ? seen : undefined,
          ...(action.fields.length ? { values: { [name]: form } } : {}),
        });
      }
      // The original of a merge is out of this case worker's reach (another department's case).
      if (error.status === 403 && name === 'merge') {
        const field = 'f-merge-originalTrackingCode';
        return this.render(ctx, reply, id, {
          status: 400,
          errors: { merge_originalTrackingCode: ctx.t('case.mergeForbidden') },
          errorSummary: [{ href: `#${field}`, text: ctx.t('case.mergeForbidden') }],
          values: { merge: form },
        });
      }
      // Forwarded away or taken out of reach: back to the queue it came from.
      if (error.status === 403 && name === 'forward') return reply.redirect('/staff/queue', 303);
      if (error.status !== 400) throw error;
      const order = action.fields.length ? action.fields : ['version'];
      const { errors, errorSummary } = problemToFormErrors(error.fieldErrors, ctx.t, {
        order,
        fallbackField: order[0],
        anchors: Object.fromEntries(order.map((f) => [f, `f-${name}-${f}`])),
      });
      return this.render(ctx, reply, id, {
        status: 400,
        errors: Object.fromEntries(Object.entries(errors).map(([f, m]) => [`${name}_${f}`, m])),
        errorSummary,
        values: { [name]: form },
      });
    }
    // A forwarded case leaves this department's reach: show the queue it left.
    if (name === 'forward') return reply.redirect(`/staff/queue?done=forward`, 303);
    reply.redirect(`/staff/cases/${id}?done=${name}#main`, 303);
  }

  @Get(':id/photos/:photoId')
  async photo(@Ctx() ctx: PortalContext, @Param('id', uuid) id: string, @Param('photoId', uuid) photoId: string, @Query('size') size: unknown, @Res() reply: FastifyReply) {
    const { token } = requireStaff(ctx);
    // thumb, display (the default) or the original; anything else is the default.
    const query = { size: typeof size === 'string' && ['thumb', 'display', 'original'].includes(size) ? size : undefined };
    const res = await this.feedback.raw(`/feedback/cases/${id}/photos/${photoId}`, { token, query });
    reply
      .header('Content-Type', res.headers.get('content-type') ?? 'application/octet-stream')
      .header('Cache-Control', 'private, max-age=300')
      .send(Buffer.from(await res.arrayBuffer()));
  }

  private async render(ctx: PortalContext, reply: FastifyReply, id: string, extra: Record<string, unknown>) {
    const { user, token } = requireStaff(ctx);
    const c = await this.feedback.get<FeedbackHttp.CaseDetail>(`/feedback/cases/${id}`, { token });
    const [catalog, staff] = await Promise.all([
      this.feedback.catalog(ctx.lang),
      this.feedback.get<{ items: { id: string; name: string }[] }>('/feedback/staff', { token, query: { department: c.departmentCode } }),
    ]);
    const t = ctx.t;
    const can = availableActions(c as never, user.sub);
    const name = (list: { code: string; name: string }[], code: string | null) => (code ? (list.find((x) => x.code === code)?.name ?? code) : '');
    const people = (c.people ?? {}) as Record<string, { name: string; role: string }>;
    const roleLabel = (role: string) => {
      const label = t(`role.${role}`);
      return label === `role.${role}` ? role : label;
    };
    /** A staff member by name; someone the directory does not know, by id (never a resident: they act as roles). */
    const person = (id: string | null | undefined) => (!id ? '' : id === user.sub ? t('assignee.you') : people[id]?.name || id);
    // Canned responses are titled in the page's language but written into the field in the
    // feedback's: the answer goes to the resident, who wrote in that language.
    const replyLanguage = ['fi', 'sv', 'en'].includes(c.language) ? (c.language as string) : 'fi';
    const canned = (c.cannedResponses ?? []) as Pick<CannedResponse, 'id' | 'title' | 'body'>[];
    const choice = extra.cannedChoice as { id: string; into: string } | undefined;
    const chosen = choice ? canned.find((r) => r.id === choice.id) : undefined;
    if (choice && chosen) {
      extra = {
        ...extra,
        values: { ...((extra.values as object) ?? {}), [choice.into]: { [CANNED_TARGETS[choice.into]]: chosen.body[replyLanguage] } },
        flash: { kind: 'info', text: t('case.cannedUsed') },
      };
    }
    this.pages.render(reply, ctx, 'queue/case', {
      title: t('case.title', { code: c.trackingCode }),
      nav: 'queue',
      c,
      can: Object.fromEntries([...can].map((a) => [a, true])),
      kindLabel: t(`kind.${c.kind}`),
      statusLabel: t(`status.${c.status}`),
      channelLabel: t(`channel.${c.channel}`),
      categoryName: name(catalog.categories, c.categoryCode),
      departmentName: name(catalog.departments, c.departmentCode),
      districtName: name(catalog.districts, c.districtCode),
      assigneeLabel: c.assigneeId ? (c.assigneeId === user.sub ? t('assignee.you') : person(c.assigneeId)) : t('case.unassigned'),
      // Colleagues from the staff directory, the current assignee chosen.
      colleagues: staff.items.map((s) => ({ id: s.id, name: s.id === user.sub ? `${s.name || s.id} (${t('assignee.you')})` : s.name || s.id })),
      selectedAssignee: (extra.values as Record<string, Record<string, unknown>> | undefined)?.assign?.assigneeId ?? c.assigneeId,
      otherDepartments: catalog.departments.filter((d) => d.code !== c.departmentCode && d.active !== false),
      photos: (c.photos as { id: string }[]).map((p, i) => {
        const url = `/staff/cases/${id}/photos/${p.id}`;
        return { thumbUrl: `${url}?size=thumb`, displayUrl: url, originalUrl: `${url}?size=original`, alt: t('track.photoAlt', { n: i + 1 }) };
      }),
      messages: (c.messages as { visibility: string; authorId: string | null }[]).map((m) => ({ ...m, internal: m.visibility === 'internal', author: person(m.authorId) })),
      // In the page's language, with people's names and departments' names, not raw ids and codes.
      audit: (c.audit as { action: string; details: Record<string, unknown>; actorId: string | null; actorRole: string }[]).map((a) => ({
        at: (a as { at?: string }).at,
        label: auditLabel(t, a.action, a.details),
        details: auditDetails(t, a.action, a.details ?? {}, person, (code) => name(catalog.departments, code)),
        actor: people[a.actorId ?? ''] ? person(a.actorId) : roleLabel(a.actorRole),
      })),
      cannedOptions: canned.map((r) => ({ id: r.id, title: r.title[ctx.lang] || r.title.fi, selected: r.id === chosen?.id })),
      replyLanguageName: t(`language.${replyLanguage}` as never),
      supporterCount: typeof c.supporterCount === 'number' ? c.supporterCount : undefined,
      queueHref: `/staff/queue/${encodeURIComponent(c.departmentCode)}`,
      auditCount: (c.audit as unknown[]).length,
      ...extra,
      changes:
        typeof extra.seen === 'number'
          ? (c.audit as { action: string; details: Record<string, unknown>; at: string }[]).slice(extra.seen).map((a) => ({ at: a.at, label: auditLabel(t, a.action, a.details) }))
          : undefined,
    });
  }
}

/** The facts of an audit entry a case worker needs, in words: whom it went to, where, what was said. */
function auditDetails(
  t: PortalContext['t'],
  action: string,
  d: Record<string, unknown>,
  person: (id: string | null | undefined) => string,
  department: (code: string | null) => string,
): string {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (action) {
    case 'assigned':
      return d.to ? t('auditDetail.assigned', { to: person(text(d.to)) }) : '';
    case 'unassigned':
      return d.from ? t('auditDetail.unassigned', { from: person(text(d.from)) }) : '';
    case 'forwarded':
      return t('auditDetail.forwarded', { from: department(text(d.from)), to: department(text(d.to)) });
    case 'merged':
      return d.originalTrackingCode ? t('auditDetail.merged', { code: text(d.originalTrackingCode) }) : '';
    case 'resolved':
      return text(d.resolution);
    case 'rejected':
      return text(d.reason);
    default:
      return '';
  }
}

function auditLabel(t: PortalContext['t'], action: string, details: Record<string, unknown>): string {
  const key = `audit.${action}`;
  const text = t(key, { to: typeof details?.to === 'string' ? t(`status.${details.to}`) : '' });
  return text === key ? action : text;
}
