import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { GrantsClient } from '../clients/grants-client';
import { ServiceProblem } from '../clients/service-problem';
import { Lang } from '../i18n/i18n';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext } from '../layout/portal-request';
import { centsAsEuros, roundText } from './grants-applicant-view';

const MONTH_LOCALES: Record<Lang, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

/** The year shown: the one asked for if it is a plausible year, else this year in Helsinki. */
function yearOf(asked: unknown, now: Date): number {
  const year = Number(asked);
  if (typeof asked === 'string' && /^\d{4}$/.test(asked) && year >= 2000 && year <= 2100) return year;
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Helsinki', year: 'numeric' }).format(now));
}

/** The vuosikello (the year's grant rounds and their dates, with its iCalendar feed) and each round's page with "apply". */
@Controller('grants')
export class GrantsApplicantController {
  constructor(
    private readonly pages: Pages,
    private readonly grants: GrantsClient,
  ) {}

  @Get()
  async vuosikello(@Ctx() ctx: PortalContext, @Query('year') asked: unknown, @Res() reply: FastifyReply) {
    const year = yearOf(asked, new Date());
    const calendar = await this.grants.calendar(year);
    const t = ctx.t;
    const monthName = new Intl.DateTimeFormat(MONTH_LOCALES[ctx.lang], { month: 'long', timeZone: 'UTC' });
    const months = new Map<string, { name: string; entries: unknown[] }>();
    for (const entry of calendar.entries) {
      const month = entry.date.slice(0, 7);
      if (!months.has(month)) {
        const name = monthName.format(new Date(`${month}-01T12:00:00Z`));
        months.set(month, { name: name.charAt(0).toLocaleUpperCase(MONTH_LOCALES[ctx.lang]) + name.slice(1), entries: [] });
      }
      months.get(month)!.entries.push({
        kindLabel: t(`ga.cal.${entry.kind}`),
        at: entry.at,
        withTime: entry.kind !== 'report_due',
        title: roundText(entry.title, ctx.lang),
        href: `/grants/rounds/${entry.roundId}`,
        type: t(`ga.type.${entry.type}`),
      });
    }
    const open = calendar.rounds.filter((r) => r.openNow);
    this.pages.render(reply, ctx, 'grants/vuosikello', {
      title: t('ga.cal.title', { year }),
      nav: 'grants',
      year,
      previousHref: `/grants?year=${year - 1}`,
      nextHref: `/grants?year=${year + 1}`,
      icsHref: `/api/grants/calendar.ics?year=${year}`,
      months: [...months.values()],
      open: open.map((r) => ({ title: roundText(r.title, ctx.lang), href: `/grants/rounds/${r.id}`, type: t(`ga.type.${r.type}`), closesAt: r.closesAt, continuous: r.continuous })),
      rounds: calendar.rounds.map((r) => ({
        title: roundText(r.title, ctx.lang),
        href: `/grants/rounds/${r.id}`,
        type: t(`ga.type.${r.type}`),
        department: r.department,
        budget: centsAsEuros(r.budgetCents, ctx.lang),
        openNow: r.openNow,
        opensAt: r.opensAt,
        closesAt: r.closesAt,
        continuous: r.continuous,
      })),
      signedIn: Boolean(ctx.user),
    });
  }

  @Get('rounds/:roundId')
  async round(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Res() reply: FastifyReply) {
    const round = await roundOrNotFound(this.grants, this.pages, ctx, reply, roundId);
    if (!round) return;
    const t = ctx.t;
    const lang = ctx.lang;
    this.pages.render(reply, ctx, 'grants/round', {
      title: roundText(round.title, lang).text,
      titleLang: roundText(round.title, lang).lang,
      nav: 'grants',
      r: round,
      type: t(`ga.type.${round.type}`),
      budget: centsAsEuros(round.budgetCents, lang),
      description: roundText(round.description, lang),
      criteria: round.criteria.map((c) => ({ label: roundText(c.label, lang), weight: c.weight })),
      attachments: round.requiredAttachments.map((a) => roundText(a.label, lang)),
      fields: round.formFields.map((f) => ({
        label: roundText(f.label, lang),
        kind: t(`ga.kind.${f.kind}`),
        required: f.required,
        choices: (f.choices ?? []).map((c) => roundText(c.label, lang).text).join(', '),
      })),
      applyHref: round.openNow ? `/grants/rounds/${round.id}/apply` : undefined,
    });
  }
}

/** The round, or its 404 page (rendered here) and undefined. */
export async function roundOrNotFound(grants: GrantsClient, pages: Pages, ctx: PortalContext, reply: FastifyReply, roundId: string) {
  try {
    return await grants.round(roundId);
  } catch (error) {
    if (error instanceof ServiceProblem && error.status === 404) {
      pages.render(reply, ctx, 'grants/not-found', { title: ctx.t('ga.round.notFound'), nav: 'grants', status: 404 });
      return undefined;
    }
    throw error;
  }
}
