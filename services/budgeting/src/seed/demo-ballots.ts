import { INestApplicationContext } from '@nestjs/common';
import { AuthUser } from '@vaikuta/auth';
import { BudgetingHttp } from '@vaikuta/contracts';
import { BallotIntakeService } from '../ballots/ballot-intake.service';
import { DemoPlan } from './demo-content';
import { DemoCalendar } from './demo-phases';
import { DEMO_COORDINATOR } from './demo-round-writer';
import { DemoVoter, demoVoters, testIdentityCode } from './demo-voters';

/** The portal's dev sign-in makes "Aino" this subject (services/portal/src/account/login.controller.ts). */
export const DEMO_RESIDENT_AINO = 'demo-resident-aino';

/** A test code (individual number 998) of a person born 2010: 15 in last year's round, so eligible. */
export const DOUBLE_VOTER_CODE = '010110A9987';

const ONLINE_VOTERS = 320;
const ASSISTED_VOTERS = 16;
const PAPER_VOTERS = 28;
const CONCURRENT_BALLOTS = 6;
const DESKS = ['Oodi, Töölönlahdenkatu 4', 'Itäkeskuksen kirjasto', 'Malmin kirjasto', 'Vuosaaren kirjasto', 'Kampin palvelukeskus'];

export interface DemoBallotCounts {
  online: number;
  assisted: number;
  paper: number;
}

/**
 * Last year's ballots from every channel, cast through BallotIntakeService on the seed's
 * calendar: synthetic online voters of every age, people at library desks, paper sheets
 * entered after the close, the demo resident Aino, and a person who voted online and on paper.
 */
export class DemoBallots {
  private readonly intake: BallotIntakeService;

  constructor(
    app: INestApplicationContext,
    private readonly roundId: string,
    private readonly planIds: Map<string, string>,
  ) {
    this.intake = app.get(BallotIntakeService);
  }

  async cast(votingYear: number, plans: DemoPlan[], districts: BudgetingHttp.District[], calendar: DemoCalendar): Promise<DemoBallotCounts> {
    const budgets = new Map(districts.map((d) => [d.code, d.budget]));
    const online = demoVoters(ONLINE_VOTERS, votingYear, plans, budgets, 1);
    const assisted = demoVoters(ASSISTED_VOTERS, votingYear, plans, budgets, 2);
    // Every ballot of the voting weeks in time order, so the log's order and its times agree.
    const voting: { at: number; cast: () => Promise<unknown> }[] = [
      ...online.map((voter) => ({
        at: 0.02 + (0.95 * voter.index) / online.length,
        cast: () => this.intake.castOnline(this.roundId, this.ballot(voter.district, voter.districtPlans, voter.cityPlans), resident(`demo-voter-${voter.index + 1}`, voter)),
      })),
      ...assisted.map((voter) => ({
        at: 0.1 + (0.85 * voter.index) / assisted.length,
        cast: () =>
          this.intake.castAssisted(
            this.roundId,
            { ...this.ballot(voter.district, voter.districtPlans, voter.cityPlans), identityCode: testIdentityCode(voter.birth, voter.index), place: DESKS[voter.index % DESKS.length] },
            DEMO_COORDINATOR,
          ),
      })),
      {
        at: 0.13,
        cast: () => this.intake.castOnline(this.roundId, this.ballot('keskinen', ['k-playground'], ['c-trees']), resident(DEMO_RESIDENT_AINO, { birth: new Date('2000-01-01'), language: 'fi' })),
      },
      {
        // Strong identification gave this voter's token an identity code; their paper sheet below
        // carries the same code, so reconciliation meets them in two channels.
        at: 0.5,
        cast: () =>
          this.intake.castOnline(this.roundId, this.ballot('itainen', ['i-parkour'], ['c-hobbies']), {
            ...resident('demo-voter-double', { birth: new Date('2010-01-01'), language: 'fi' }),
            identityCode: DOUBLE_VOTER_CODE,
          }),
      },
    ];
    // A few at a time (different people, so no ballot waits for another's lock): the seed runs
    // on every start and must stay quick.
    voting.sort((a, b) => a.at - b.at);
    for (let i = 0; i < voting.length; i += CONCURRENT_BALLOTS) {
      const group = voting.slice(i, i + CONCURRENT_BALLOTS);
      calendar.during('voting', group[0].at);
      await Promise.all(group.map((ballot) => ballot.cast()));
    }

    // Sheets come by post and are entered in the days after the close.
    const paper = demoVoters(PAPER_VOTERS, votingYear, plans, budgets, 3);
    const sheets: { voter: Pick<DemoVoter, 'district' | 'districtPlans' | 'cityPlans'>; identityCode: string }[] = paper.map((voter) => ({
      voter,
      identityCode: testIdentityCode(voter.birth, 50 + voter.index),
    }));
    sheets.push({ voter: { district: 'itainen', districtPlans: ['i-parkour', 'i-cinema'], cityPlans: ['c-trees'] }, identityCode: DOUBLE_VOTER_CODE });
    // The first person helped at a desk also sent a sheet: under paper_first the later in-person one counts.
    sheets.push({ voter: assisted[0], identityCode: testIdentityCode(assisted[0].birth, 0) });
    for (const [i, { voter, identityCode }] of sheets.entries()) {
      calendar.during('results', 0.02 + (0.1 * i) / sheets.length);
      await this.intake.castPaper(
        this.roundId,
        { ...this.ballot(voter.district, voter.districtPlans, voter.cityPlans), identityCode, sheetId: `${votingYear}-${String(i + 1).padStart(4, '0')}` },
        DEMO_COORDINATOR,
      );
    }
    return { online: online.length + 2, assisted: assisted.length, paper: sheets.length };
  }

  private ballot(districtCode: string, district: string[], cityWide: string[]) {
    const ids = (keys: string[]) => keys.map((key) => this.planIds.get(key)!);
    return { districtCode, district: ids(district), cityWide: ids(cityWide), confirmed: true as const };
  }
}

/** A synthetic Helsinki resident signed in strongly; the birth date is all eligibility needs. */
function resident(sub: string, voter: Pick<DemoVoter, 'birth' | 'language'>): AuthUser {
  return {
    sub,
    roles: ['resident'],
    departments: [],
    associations: [],
    lang: voter.language,
    birthdate: voter.birth.toISOString().slice(0, 10),
    municipality: '091',
    authMethods: ['strong'],
  };
}
