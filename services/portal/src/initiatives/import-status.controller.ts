import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { InitiativesClient } from '../clients/initiatives-client';
import { ServiceProblem } from '../clients/service-problem';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireAdmin } from '../layout/portal-request';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COUNT = /^\d{1,9}$/;

/**
 * The kuntalaisaloite.fi import for admins: its latest runs (scheduled or asked for) and a
 * "run now" button. The form carries an Idempotency-Key, so a double click runs it once.
 */
@Controller('admin/initiatives/imports')
export class ImportStatusController {
  constructor(
    private readonly pages: Pages,
    private readonly initiatives: InitiativesClient,
  ) {}

  @Get()
  async status(@Ctx() ctx: PortalContext, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    const t = ctx.t;
    let runs;
    try {
      runs = await this.initiatives.imports(token);
    } catch (error) {
      if (!(error instanceof ServiceProblem) || error.status !== 503) throw error;
    }
    const result = ['created', 'updated', 'unchanged', 'failed'].every((k) => typeof query[k] === 'string' && COUNT.test(query[k] as string))
      ? { created: query.created, updated: query.updated, unchanged: query.unchanged, failed: query.failed }
      : undefined;
    this.pages.render(reply, ctx, 'initiatives/imports', {
      title: t('ini.imports.title'),
      nav: 'admin',
      available: Boolean(runs),
      runs: (runs ?? []).map((run) => ({ ...run, triggerLabel: t(`ini.imports.trigger.${run.trigger}`) })),
      idempotencyKey: randomUUID(),
      flash: result
        ? { kind: Number(result.failed) > 0 ? 'error' : 'success', text: t('ini.imports.result', result) }
        : query.busy === '1'
          ? { kind: 'info', text: t('ini.imports.busy') }
          : undefined,
    });
  }

  @Post()
  async run(@Ctx() ctx: PortalContext, @Body() form: Record<string, unknown>, @Res() reply: FastifyReply) {
    const { token } = requireAdmin(ctx);
    const key = typeof form?.idempotencyKey === 'string' && UUID.test(form.idempotencyKey) ? form.idempotencyKey : randomUUID();
    let result;
    try {
      result = await this.initiatives.runImport(token, key);
    } catch (error) {
      // One is running already (a schedule's, or another admin's): it will be in the list.
      if (error instanceof ServiceProblem && error.status === 409) return reply.redirect('/admin/initiatives/imports?busy=1', 303);
      throw error;
    }
    const params = new URLSearchParams(Object.entries(result).map(([k, v]) => [k, String(v)]));
    reply.redirect(`/admin/initiatives/imports?${params}`, 303);
  }
}
