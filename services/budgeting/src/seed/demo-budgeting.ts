import { INestApplicationContext } from '@nestjs/common';
import { BudgetingHttp } from '@vaikuta/contracts';
import { FakeClock } from '@vaikuta/domain';
import { ProposalRepository } from '../proposals/proposal.repository';
import { ResultsService } from '../results/results.service';
import { RoundRecord, RoundRepository } from '../rounds/round.repository';
import { RoundService } from '../rounds/round.service';
import { DemoBallots } from './demo-ballots';
import { DemoRoundContent } from './demo-content';
import { CURRENT_ROUND } from './demo-current-round';
import { LAST_ROUND, LAST_ROUND_OVERRIDE, PROJECT_STAGES } from './demo-last-round';
import { currentRoundPhases, DemoCalendar, lastRoundPhases, nextRoundPhases } from './demo-phases';
import { DemoProjects } from './demo-projects';
import { DEMO_COORDINATOR, DemoRoundWriter } from './demo-round-writer';

export const DEMO_DISTRICTS: BudgetingHttp.District[] = [
  { code: 'keskinen', name: { fi: 'Keskinen suurpiiri', sv: 'Mellersta stordistriktet', en: 'Central district' }, budget: 600_000, cityWide: false },
  { code: 'pohjoinen', name: { fi: 'Pohjoinen suurpiiri', sv: 'Norra stordistriktet', en: 'Northern district' }, budget: 450_000, cityWide: false },
  { code: 'itainen', name: { fi: 'Itäinen suurpiiri', sv: 'Östra stordistriktet', en: 'Eastern district' }, budget: 700_000, cityWide: false },
  { code: 'city', name: { fi: 'Koko kaupunki', sv: 'Hela staden', en: 'City-wide' }, budget: 1_200_000, cityWide: true },
];

const COMMON = {
  ballotRule: { kind: 'knapsack' as const },
  // Helsinki's rule: residents who turn 12 during the voting year, signed in any way.
  eligibility: { minimumAge: 12, municipalities: ['091'], authMethods: [] },
  minimumVotes: 0,
  reconciliationPolicy: 'paper_first' as const,
  districts: DEMO_DISTRICTS,
};

const DAY = 24 * 60 * 60 * 1000;

/**
 * The demo city's budgeting, made through the real services so the audit trail and the events
 * are what live use would leave: this year's round in voting, with proposals, screening and
 * plans on the ballot; last year's round voted in every channel, published, its winners being
 * built. The services run on `clock`, which the seed walks through each round's phases and
 * sets back to `today` at the end.
 *
 * Idempotent: a round whose title is there and has proposals is left alone, so `seed-demo` can
 * run on every start. A round of an older seed that has none (an empty round) is re-dated
 * (audited as demo data) and filled.
 */
export async function seedDemoBudgeting(app: INestApplicationContext, clock: FakeClock): Promise<string> {
  const today = clock.now();
  const year = today.getUTCFullYear();
  const rounds = app.get(RoundService);
  const existing = new Map((await app.get(RoundRepository).list()).map((r) => [r.round.title.fi, r]));
  const proposals = app.get(ProposalRepository);
  // A round of that title with proposals, or with other districts than the demo's, is someone's
  // own: left alone.
  const isFilled = async (record: RoundRecord | undefined) =>
    Boolean(record && (!sameDistricts(record.districts) || (await proposals.page(record.round.id, { limit: 1 })).items.length > 0));
  const done: string[] = [];
  try {
    const current: BudgetingHttp.CreateRoundRequest = {
      ...COMMON,
      title: { fi: `Kaupunkilaisten budjetti ${year}`, sv: `Invånarnas budget ${year}`, en: `Residents' budget ${year}` },
      description: {
        fi: 'Ehdota ja äänestä, mihin kaupunki käyttää osan budjetistaan omalla alueellasi ja koko kaupungissa.',
        sv: 'Föreslå och rösta om vad staden använder en del av sin budget till i ditt område och i hela staden.',
        en: 'Propose and vote on what the city spends part of its budget on in your area and city-wide.',
      },
      votingYear: year,
      rule: 'greedy',
      phases: currentRoundPhases(today),
    };
    if (!(await isFilled(existing.get(current.title.fi!)))) {
      const calendar = new DemoCalendar(clock, current.phases);
      const roundId = await roundFor(rounds, existing.get(current.title.fi!), current, calendar, today);
      await new DemoRoundWriter(app).write(roundId, CURRENT_ROUND, calendar);
      done.push(`this year's round: ${summary(CURRENT_ROUND)}`);
    }

    const last: BudgetingHttp.CreateRoundRequest = {
      ...COMMON,
      title: { fi: `Kaupunkilaisten budjetti ${year - 1}`, sv: `Invånarnas budget ${year - 1}`, en: `Residents' budget ${year - 1}` },
      description: {
        fi: 'Viime vuoden äänestys on päättynyt: katso tulokset ja miten voittaneet hankkeet etenevät.',
        sv: 'Förra årets omröstning är avslutad: se resultaten och hur de vinnande projekten framskrider.',
        en: "Last year's vote is over: see the results and how the winning projects are coming along.",
      },
      votingYear: year - 1,
      rule: 'mes',
      phases: lastRoundPhases(year - 1),
    };
    if (!(await isFilled(existing.get(last.title.fi!)))) {
      const calendar = new DemoCalendar(clock, last.phases);
      const roundId = await roundFor(rounds, existing.get(last.title.fi!), last, calendar, today);
      const planIds = await new DemoRoundWriter(app).write(roundId, LAST_ROUND, calendar);
      const ballots = await new DemoBallots(app, roundId, planIds).cast(year - 1, LAST_ROUND.plans, DEMO_DISTRICTS, calendar);
      await publishResults(app, roundId, planIds, calendar);
      const keyOf = new Map([...planIds].map(([key, id]) => [id, key]));
      const implementationFrom = new Date(last.phases.find((p) => p.phase === 'implementation')!.opensAt);
      const projects = await new DemoProjects(app).build(roundId, (id) => PROJECT_STAGES[keyOf.get(id)!] ?? 'designing', calendar, implementationFrom, today);
      done.push(`last year's round: ${summary(LAST_ROUND)}, ${ballots.online} online, ${ballots.assisted} assisted and ${ballots.paper} paper ballots, ${projects} projects`);
    }

    // Open for proposals now, so a newcomer can propose (issue 10's "Done when"); the youth
    // round of the next voting year, approval of up to five plans per part, empty until they do.
    const next: BudgetingHttp.CreateRoundRequest = {
      ...COMMON,
      ballotRule: { kind: 'approval', maxChoices: 5 },
      title: { fi: `Nuorten budjetti ${year + 1}`, sv: `Ungas budget ${year + 1}`, en: `Youth budget ${year + 1}` },
      description: {
        fi: 'Nuoret ideoivat ja äänestävät: ehdota nyt, mitä haluaisit omalle alueellesi tai koko kaupunkiin.',
        sv: 'Unga kommer med idéer och röstar: föreslå nu vad du vill ha i ditt område eller i hela staden.',
        en: 'Young people propose and vote: propose now what you would like in your area or city-wide.',
      },
      votingYear: year + 1,
      rule: 'mes',
      phases: nextRoundPhases(today),
    };
    if (!existing.has(next.title.fi!)) {
      clock.current = today;
      await rounds.create(next, DEMO_COORDINATOR);
      done.push("next year's youth round open for proposals");
    }
  } finally {
    clock.current = today;
  }
  return done.length ? `demo rounds filled — ${done.join('; ')}` : 'demo rounds already there';
}

/** The round to fill: created before its proposals open, or an empty one of an older seed re-dated. */
async function roundFor(rounds: RoundService, found: RoundRecord | undefined, request: BudgetingHttp.CreateRoundRequest, calendar: DemoCalendar, today: Date): Promise<string> {
  if (found) {
    calendar.set(today);
    await rounds.movePhases(found.round.id, { version: found.round.version, phases: request.phases, reason: 'demo data: the demo round is re-dated before it is filled' }, DEMO_COORDINATOR);
    return found.round.id;
  }
  calendar.set(new Date(Date.parse(request.phases[0].opensAt) - 3 * DAY));
  return (await rounds.create(request, DEMO_COORDINATOR)).id;
}

/** The coordinators' override, the computation after the paper sheets are in, and publication. */
async function publishResults(app: INestApplicationContext, roundId: string, planIds: Map<string, string>, calendar: DemoCalendar): Promise<void> {
  const results = app.get(ResultsService);
  calendar.during('results', 0.2);
  await results.override(roundId, { planId: planIds.get(LAST_ROUND_OVERRIDE.plan)!, decision: LAST_ROUND_OVERRIDE.decision, reason: LAST_ROUND_OVERRIDE.reason }, DEMO_COORDINATOR);
  calendar.during('results', 0.25);
  await results.compute(roundId, DEMO_COORDINATOR);
  calendar.during('results', 0.3);
  const { version } = await app.get(RoundService).detail(roundId);
  await results.publish(roundId, { version }, DEMO_COORDINATOR);
}

const sameDistricts = (districts: BudgetingHttp.District[]) =>
  districts.map((d) => d.code).sort().join() === DEMO_DISTRICTS.map((d) => d.code).sort().join();

const summary = (content: DemoRoundContent) => `${content.proposals.length} proposals, ${content.plans.length} plans`;
