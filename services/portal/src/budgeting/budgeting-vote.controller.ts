import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { BudgetingHttp } from '@vaikuta/contracts';
import { BudgetingClient } from '../clients/budgeting-client';
import { ServiceProblem } from '../clients/service-problem';
import { Pages } from '../layout/pages';
import { Ctx, PortalContext, requireUser } from '../layout/portal-request';
import { Repeatable } from '../layout/single-values.guard';
import { Lang, Translate } from '../i18n/i18n';
import { roundOrNotFound } from './budgeting-rounds.controller';
import { PartTally, tallyPart } from './ballot-tally';
import { euros, localText } from './budgeting-view';

interface BallotForm {
  districtCode?: string;
  district?: string | string[];
  cityWide?: string | string[];
  confirmed?: string;
  idempotencyKey?: string;
}

const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]).map(String);

/** What the person chose, checked against the round: a district of it, and plans of that district and city-wide only. */
interface Choice {
  district: BudgetingHttp.District;
  city?: BudgetingHttp.District;
  districtPlans: BudgetingHttp.Plan[];
  cityPlans: BudgetingHttp.Plan[];
  chosenDistrict: string[];
  chosenCity: string[];
}

/**
 * Under paper_first a ballot cast in person (paper or assisted) outranks any online one: when
 * that is the person's counting ballot, offering to "change" it online would promise what the
 * receipt then takes back. The vote page and the receipt both say so from this one answer.
 */
function inPersonBallotCounts(round: BudgetingHttp.RoundDetail, counting: BudgetingHttp.BallotReceipt | null | undefined): boolean {
  return Boolean(counting && counting.channel !== 'online' && round.reconciliationPolicy === 'paper_first');
}

/**
 * Voting without JavaScript: choose a district, tick plans, "check" shows the running totals
 * against each budget (computed here), then an explicit confirm posts `confirmed: true` with
 * the Idempotency-Key the confirm form carries, then the receipt. Changing the vote is the same
 * path with the current ballot ticked.
 */
@Controller('budgeting/:roundId/vote')
export class BudgetingVoteController {
  constructor(
    private readonly pages: Pages,
    private readonly budgeting: BudgetingClient,
  ) {}

  @Get()
  async form(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Query('district') districtParam: unknown, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const ready = await this.ready(ctx, reply, roundId, token);
    if (!ready) return;
    const { round, plans } = ready;
    const current = await this.budgeting.ballot(roundId, token);
    const wanted = typeof districtParam === 'string' ? districtParam : current?.districtCode;
    const choice = this.choice(round, plans, wanted, current && current.districtCode === wanted ? current : undefined);
    this.renderBallot(ctx, reply, round, choice, { current: Boolean(current), inPersonCounts: inPersonBallotCounts(round, current) });
  }

  @Post('check')
  @Repeatable('district', 'cityWide')
  async check(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: BallotForm, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const ready = await this.ready(ctx, reply, roundId, token);
    if (!ready) return;
    const choice = this.formChoice(ready.round, ready.plans, body);
    if (!choice) return this.renderBallot(ctx, reply, ready.round, this.choice(ready.round, ready.plans, undefined, undefined), { status: 400, stale: true });
    this.renderBallot(ctx, reply, ready.round, choice, { checked: true });
  }

  @Post('confirm')
  @Repeatable('district', 'cityWide')
  async confirm(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: BallotForm, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const ready = await this.ready(ctx, reply, roundId, token);
    if (!ready) return;
    const choice = this.formChoice(ready.round, ready.plans, body);
    if (!choice || body.confirmed !== 'true') return this.renderBallot(ctx, reply, ready.round, choice ?? this.choice(ready.round, ready.plans, undefined, undefined), { status: 400, stale: true });
    const key = typeof body.idempotencyKey === 'string' && /^[0-9a-f-]{36}$/.test(body.idempotencyKey) ? body.idempotencyKey : randomUUID();
    try {
      await this.budgeting.cast(roundId, { districtCode: choice.district.code, district: choice.chosenDistrict, cityWide: choice.chosenCity, confirmed: true }, token, key);
    } catch (error) {
      if (!(error instanceof ServiceProblem)) throw error;
      if (error.status === 403) return this.renderRefused(ctx, reply, ready.round, [{ code: 'refused', message: error.problem.detail ?? ctx.t('bud.vote.refused') }]);
      // Bad choice (400) or out of phase / stale (409): back to the check step with what the service said.
      if (error.status === 400 || error.status === 409) return this.renderBallot(ctx, reply, ready.round, choice, { checked: true, status: error.status, serviceError: error.problem.detail ?? ctx.t('bud.vote.stale') });
      throw error;
    }
    reply.redirect(`/budgeting/${roundId}/vote/receipt`, 303);
  }

  @Get('receipt')
  async receipt(@Ctx() ctx: PortalContext, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Res() reply: FastifyReply) {
    const { token } = requireUser(ctx);
    const round = await roundOrNotFound(this.budgeting, this.pages, ctx, reply, roundId);
    if (!round) return;
    const [ballot, { items }] = await Promise.all([this.budgeting.ballot(roundId, token), this.budgeting.plans(roundId)]);
    const byId = new Map(items.map((p) => [p.id, p]));
    const rows = (ids: string[]) => ids.map((id) => byId.get(id)).filter((p): p is BudgetingHttp.Plan => Boolean(p)).map((p) => ({ title: localText(p.title, ctx.lang), cost: euros(p.cost, ctx.lang) }));
    const district = ballot ? round.districts.find((d) => d.code === ballot.districtCode) : undefined;
    const city = round.districts.find((d) => d.cityWide);
    // The counting ballot cast in person under paper_first cannot be changed online (the vote
    // page says so before voting): the receipt says why instead of offering a change that would not count.
    const inPersonCounts = inPersonBallotCounts(round, ballot);
    this.pages.render(reply, ctx, 'budgeting/receipt', {
      title: ctx.t('bud.vote.receiptTitle'),
      nav: 'budgeting',
      roundTitle: localText(round.title, ctx.lang),
      roundHref: `/budgeting/${round.id}`,
      ballot,
      districtName: district ? localText(district.name, ctx.lang) : undefined,
      cityName: city ? localText(city.name, ctx.lang) : undefined,
      districtRows: ballot ? rows(ballot.district) : [],
      cityRows: ballot ? rows(ballot.cityWide) : [],
      districtTotal: ballot ? euros(ballot.total.district, ctx.lang) : '',
      cityTotal: ballot ? euros(ballot.total.cityWide, ctx.lang) : '',
      inPersonCounts,
      changeHref: round.phase === 'voting' && !inPersonCounts ? `/budgeting/${round.id}/vote` : undefined,
    });
  }

  /** The round in voting, with the person eligible; otherwise the page saying why not (and null). */
  private async ready(ctx: PortalContext, reply: FastifyReply, roundId: string, token: string) {
    const round = await roundOrNotFound(this.budgeting, this.pages, ctx, reply, roundId);
    if (!round) return null;
    if (round.phase !== 'voting') {
      this.pages.render(reply, ctx, 'budgeting/vote', { title: ctx.t('bud.vote.title'), nav: 'budgeting', roundTitle: localText(round.title, ctx.lang), roundHref: `/budgeting/${round.id}`, closed: true, status: 409 });
      return null;
    }
    const eligibility = await this.budgeting.eligibility(roundId, ctx.lang, token);
    if (!eligibility.eligible) {
      this.renderRefused(ctx, reply, round, eligibility.refusals);
      return null;
    }
    const { items } = await this.budgeting.plans(roundId);
    return { round, plans: items };
  }

  private choice(round: BudgetingHttp.RoundDetail, plans: BudgetingHttp.Plan[], districtCode: string | undefined, ticked: BudgetingHttp.BallotChoice | undefined): Choice | undefined {
    const district = round.districts.find((d) => !d.cityWide && d.code === districtCode);
    if (!district) return undefined;
    const city = round.districts.find((d) => d.cityWide);
    return {
      district,
      city,
      districtPlans: plans.filter((p) => p.districtCode === district.code),
      cityPlans: city ? plans.filter((p) => p.districtCode === city.code) : [],
      chosenDistrict: ticked?.district ?? [],
      chosenCity: ticked?.cityWide ?? [],
    };
  }

  /** The posted choice, or undefined when it names a district or a plan that is not on this round's ballot there. */
  private formChoice(round: BudgetingHttp.RoundDetail, plans: BudgetingHttp.Plan[], body: BallotForm): Choice | undefined {
    const choice = this.choice(round, plans, String(body.districtCode ?? ''), undefined);
    if (!choice) return undefined;
    const chosenDistrict = [...new Set(list(body.district))];
    const chosenCity = [...new Set(list(body.cityWide))];
    const inPart = (ids: string[], part: BudgetingHttp.Plan[]) => ids.every((id) => part.some((p) => p.id === id));
    if (!inPart(chosenDistrict, choice.districtPlans) || !inPart(chosenCity, choice.cityPlans)) return undefined;
    return { ...choice, chosenDistrict, chosenCity };
  }

  private renderRefused(ctx: PortalContext, reply: FastifyReply, round: BudgetingHttp.RoundDetail, refusals: { code: string; message: string }[]) {
    this.pages.render(reply, ctx, 'budgeting/vote', {
      title: ctx.t('bud.vote.title'),
      nav: 'budgeting',
      roundTitle: localText(round.title, ctx.lang),
      roundHref: `/budgeting/${round.id}`,
      refusals,
      status: 403,
    });
  }

  private renderBallot(ctx: PortalContext, reply: FastifyReply, round: BudgetingHttp.RoundDetail, choice: Choice | undefined, options: { current?: boolean; inPersonCounts?: boolean; checked?: boolean; status?: number; stale?: boolean; serviceError?: string }) {
    const { t, lang } = ctx;
    const part = (district: BudgetingHttp.District, plans: BudgetingHttp.Plan[], chosen: string[], field: 'district' | 'cityWide') => {
      const tally = tallyPart(round.ballotRule, district.budget, plans, chosen);
      const name = localText(district.name, lang);
      return {
        code: district.code,
        field,
        name,
        budget: euros(district.budget, lang),
        plans: plans.map((p) => ({ id: p.id, title: localText(p.title, lang), cost: euros(p.cost, lang), checked: chosen.includes(p.id) })),
        totalText: t('bud.vote.total', { part: name.text, total: euros(tally.total, lang), budget: euros(district.budget, lang) }),
        problems: problemTexts(t, lang, name.text, tally),
        blank: chosen.length === 0,
      };
    };
    const parts = choice ? [part(choice.district, choice.districtPlans, choice.chosenDistrict, 'district'), ...(choice.city ? [part(choice.city, choice.cityPlans, choice.chosenCity, 'cityWide')] : [])] : [];
    const valid = parts.every((p) => p.problems.length === 0);
    this.pages.render(reply, ctx, 'budgeting/vote', {
      title: options.checked ? t('bud.vote.confirmTitle') : t('bud.vote.title'),
      nav: 'budgeting',
      status: options.status,
      roundTitle: localText(round.title, lang),
      roundHref: `/budgeting/${round.id}`,
      base: `/budgeting/${round.id}/vote`,
      districts: round.districts.filter((d) => !d.cityWide).map((d) => ({ code: d.code, name: localText(d.name, lang).text })),
      districtCode: choice?.district.code,
      parts,
      current: options.current,
      inPersonCounts: options.inPersonCounts,
      checked: options.checked,
      // The confirm step appears only after a check that found nothing to fix.
      confirm: options.checked && valid && choice ? { districtCode: choice.district.code, district: choice.chosenDistrict, cityWide: choice.chosenCity, idempotencyKey: randomUUID() } : undefined,
      stale: options.stale,
      serviceError: options.serviceError,
    });
  }
}

function problemTexts(t: Translate, lang: Lang, part: string, tally: PartTally): string[] {
  return tally.problems.map((p) =>
    p.code === 'over'
      ? t('bud.vote.over', { part, total: euros(p.total, lang), budget: euros(p.budget, lang) })
      : p.code === 'under'
        ? t('bud.vote.under', { part, total: euros(p.total, lang), minimum: euros(p.minimum, lang) })
        : t('bud.vote.tooMany', { part, max: p.max }),
  );
}
