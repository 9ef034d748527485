import { INestApplicationContext } from '@nestjs/common';
import { AuthUser } from '@vaikuta/auth';
import { BudgetingHttp } from '@vaikuta/contracts';
import { Clock } from '@vaikuta/domain';
import { RoundRepository } from '../rounds/round.repository';
import { RoundService } from '../rounds/round.service';

const SEEDER: AuthUser = { sub: 'demo-seed', roles: ['admin'], departments: [], associations: [] };
const DAY = 24 * 60 * 60 * 1000;

/** Phase windows laid out from the voting phase's opening, `votingStartsInDays` from now (negative: past). */
function phasesAround(now: Date, votingStartsInDays: number, votingDays: number): BudgetingHttp.PhaseWindow[] {
  const at = (days: number) => new Date(now.getTime() + (votingStartsInDays + days) * DAY).toISOString();
  return [
    { phase: 'proposals', opensAt: at(-120), closesAt: at(-90) },
    { phase: 'screening', opensAt: at(-90), closesAt: at(-45) },
    { phase: 'costing', opensAt: at(-45), closesAt: at(-7) },
    { phase: 'voting', opensAt: at(0), closesAt: at(votingDays) },
    { phase: 'results', opensAt: at(votingDays), closesAt: at(votingDays + 30) },
    { phase: 'implementation', opensAt: at(votingDays + 30), closesAt: null },
  ];
}

const DISTRICTS: BudgetingHttp.District[] = [
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
  districts: DISTRICTS,
};

/**
 * The demo city's rounds: this year's in voting, last year's finished. Idempotent: a round
 * whose title is already there is left alone, so `seed-demo` can run on every start.
 */
export async function seedDemoBudgeting(app: INestApplicationContext): Promise<string> {
  const rounds = app.get(RoundService);
  const existing = new Set((await app.get(RoundRepository).list()).map((r) => r.round.title.fi));
  const now = app.get(Clock).now();
  const year = now.getUTCFullYear();
  const demo: BudgetingHttp.CreateRoundRequest[] = [
    {
      ...COMMON,
      title: { fi: `Kaupunkilaisten budjetti ${year}`, sv: `Invånarnas budget ${year}`, en: `Residents' budget ${year}` },
      description: {
        fi: 'Ehdota ja äänestä, mihin kaupunki käyttää osan budjetistaan omalla alueellasi ja koko kaupungissa.',
        sv: 'Föreslå och rösta om vad staden använder en del av sin budget till i ditt område och i hela staden.',
        en: 'Propose and vote on what the city spends part of its budget on in your area and city-wide.',
      },
      votingYear: year,
      rule: 'greedy',
      phases: phasesAround(now, -3, 17),
    },
    {
      ...COMMON,
      title: { fi: `Kaupunkilaisten budjetti ${year - 1}`, sv: `Invånarnas budget ${year - 1}`, en: `Residents' budget ${year - 1}` },
      description: {
        fi: 'Viime vuoden äänestys on päättynyt: katso tulokset ja miten voittaneet hankkeet etenevät.',
        sv: 'Förra årets omröstning är avslutad: se resultaten och hur de vinnande projekten framskrider.',
        en: "Last year's vote is over: see the results and how the winning projects are coming along.",
      },
      votingYear: year - 1,
      rule: 'mes',
      phases: phasesAround(now, -300, 14),
    },
  ];
  let created = 0;
  for (const round of demo) {
    if (existing.has(round.title.fi)) continue;
    await rounds.create(round, SEEDER);
    created++;
  }
  return `${created} demo rounds created, ${demo.length - created} already there`;
}
