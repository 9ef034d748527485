import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { InitiativesClient } from '../clients/initiatives-client';
import { queryString } from '../clients/service-client';
import { ServiceProblem } from '../clients/service-problem';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext } from '../layout/portal-request';
import { describe, INITIATIVE_STATUSES, INITIATIVE_TYPES, SOURCES, timelineText } from './initiative-view';

const pick = <T extends string>(value: unknown, allowed: readonly T[]) => (typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined);
/** The search words; blank is no search (the service refuses more than 200 characters). */
const words = (value: unknown) => (typeof value === 'string' && value.trim() && value.length <= 200 ? value.trim() : undefined);
const FIRST_YEAR = 2015;

/** The years the filter offers: this one back to the first the city tracks. */
export function filterYears(now = new Date()): number[] {
  const years: number[] = [];
  for (let y = now.getFullYear(); y >= FIRST_YEAR; y--) years.push(y);
  return years;
}

/**
 * Initiatives for everyone: the list with filters, search and keyset paging, and one
 * initiative's page with its public timeline and a follow button.
 */
@Controller('initiatives')
export class InitiativesBrowseController {
  constructor(
    private readonly pages: Pages,
    private readonly initiatives: InitiativesClient,
  ) {}

  @Get()
  async list(@Ctx() ctx: PortalContext, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    const years = filterYears();
    const filters = {
      q: words(query.q),
      type: pick(query.type, INITIATIVE_TYPES),
      status: pick(query.status, INITIATIVE_STATUSES),
      year: pick(query.year, years.map(String)),
      source: pick(query.source, SOURCES),
    };
    const cursor = typeof query.cursor === 'string' && query.cursor.length <= 300 ? query.cursor : undefined;
    const page = await this.initiatives.list({ ...filters, cursor, lang: ctx.lang, limit: 20 });
    const t = ctx.t;
    this.pages.render(reply, ctx, 'initiatives/browse', {
      title: t('ini.browse.title'),
      nav: 'initiatives',
      filters,
      types: INITIATIVE_TYPES.map((value) => ({ value, label: t(`ini.type.${value}`) })),
      statuses: INITIATIVE_STATUSES.map((value) => ({ value, label: t(`ini.status.${value}`) })),
      sources: SOURCES.map((value) => ({ value, label: t(`ini.source.${value}`) })),
      years,
      items: page.items.map((item) => describe(t, ctx.lang, item)),
      nextHref: page.nextCursor ? `/initiatives${queryString({ ...filters, cursor: page.nextCursor })}` : undefined,
      firstHref: cursor ? `/initiatives${queryString(filters)}` : undefined,
      filtered: Object.values(filters).some(Boolean),
      reportHref: `/initiatives/reports/${new Date().getFullYear()}`,
    });
  }

  @Get(':id')
  async show(@Ctx() ctx: PortalContext, @Param('id', new ParseUUIDPipe()) id: string, @Query('done') done: unknown, @Res() reply: FastifyReply) {
    let initiative;
    try {
      initiative = await this.initiatives.detail(id, ctx.lang);
    } catch (error) {
      if (error instanceof ServiceProblem && error.status === 404) {
        return this.pages.render(reply, ctx, 'initiatives/not-found', { title: ctx.t('ini.notFound'), nav: 'initiatives', status: 404 });
      }
      throw error;
    }
    const t = ctx.t;
    const view = describe(t, ctx.lang, initiative);
    this.pages.render(reply, ctx, 'initiatives/initiative', {
      title: view.titleText.text,
      titleLang: view.titleText.lang,
      nav: 'initiatives',
      i: view,
      decisionBodyLabel: initiative.decision ? t(`ini.body.${initiative.decision.body}`) : undefined,
      proposedToLabel: initiative.proposedTo ? t(`ini.body.${initiative.proposedTo}`) : undefined,
      timeline: initiative.timeline.map((entry) => ({ at: entry.at, text: timelineText(t, entry), note: entry.note })),
      statements: initiative.statements.map((s) => ({ ...s, pending: !s.answeredAt })),
      followed: done === 'followed',
      loginHref: `/login?next=${encodeURIComponent(`/initiatives/${id}`)}`,
      sourceLink: initiative.source?.url && /^https:\/\//.test(initiative.source.url) ? initiative.source.url : undefined,
      flash: done === 'followed' ? { kind: 'success', text: t('ini.followed') } : undefined,
    });
  }
}
