import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import * as BudgetingHttp from './budgeting';
import * as GrantsHttp from './grants';
import * as InitiativesHttp from './initiatives';
import * as PremisesHttp from './premises';
import { planningDate } from './dates';
import { localizedText, visibleText } from './text';

const ZERO_WIDTH = '\u200B\u200C\u200D\u2060\uFEFF';

/** The fields a refused parse names, as the services' problem+json does (`title.fi`). */
function refusedFields(schema: z.ZodType, input: unknown): string[] {
  const parsed = schema.safeParse(input);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => i.path.join('.'));
}

describe('visible text', () => {
  const title = visibleText({ min: 3, max: 200 });

  it('refuses a text of only whitespace or invisible format characters', () => {
    for (const blank of ['', '   ', '\u200B\u200B\u200B\u200B', ZERO_WIDTH, '\u00A0\u3000\u2028', ` ${ZERO_WIDTH}\t`]) {
      expect(title.safeParse(blank).success).toBe(false);
    }
  });

  it('trims whitespace and invisible characters at the ends, and keeps the text between', () => {
    expect(title.parse(`\u200B  Puisto\u200Dpenkki \uFEFF`)).toBe('Puisto\u200Dpenkki');
  });

  it('counts the minimum without format characters and the maximum on what is kept', () => {
    expect(title.safeParse('a\u200B\u200Bb').error?.issues[0].message).toBe('At least 3 characters');
    expect(title.parse('abc')).toBe('abc');
    expect(title.safeParse('x'.repeat(201)).error?.issues[0].message).toBe('At most 200 characters');
    expect(title.parse(` ${'x'.repeat(200)} `)).toHaveLength(200);
  });
});

describe('localized text', () => {
  const text = localizedText({ max: 200 });

  it('refuses a text with no language visible, and leaves out a blank language', () => {
    expect(text.safeParse({ fi: '', sv: ' ' }).success).toBe(false);
    expect(text.safeParse({ fi: '\u200B\u200B' }).success).toBe(false);
    expect(text.safeParse({}).success).toBe(false);
    expect(text.parse({ fi: ' Puisto ', sv: ' ', en: '\u200B' })).toEqual({ fi: 'Puisto' });
  });

  it('names the over-long language', () => {
    expect(refusedFields(text, { fi: 'x'.repeat(900_000), sv: 'Park' })).toEqual(['fi']);
  });

  it('requires a required language to be visible', () => {
    const finnish = localizedText({ max: 200, required: 'fi' });
    expect(refusedFields(finnish, { fi: ZERO_WIDTH, sv: 'Park' })).toEqual(['fi']);
    expect(finnish.parse({ fi: 'Puisto', sv: '' })).toEqual({ fi: 'Puisto' });
  });
});

describe('planning dates', () => {
  it('refuses a day that does not exist or lies outside 2000–2100', () => {
    for (const bad of ['0001-01-01', '1999-12-31', '2101-01-01', '9999-12-31', '2026-02-30', '2026-13-01', '20260101']) {
      expect(planningDate().safeParse(bad).success).toBe(false);
    }
    for (const good of ['2000-01-01', '2028-02-29', '2100-12-31']) expect(planningDate().parse(good)).toBe(good);
  });
});

/** The attack pass's findings, against the request contracts themselves. */
describe('request contracts', () => {
  const now = '2027-01-01T00:00:00+02:00';
  const phases = BudgetingHttp.ROUND_PHASES.map((phase) => ({ phase, opensAt: now, closesAt: null }));
  const round = (changes: object) => ({
    title: { fi: 'Kaupunkilaisten budjetti' },
    votingYear: 2027,
    rule: 'greedy',
    ballotRule: { kind: 'knapsack' },
    eligibility: { minimumAge: 12, municipalities: [], authMethods: [] },
    phases,
    districts: [{ code: 'city', name: { fi: 'Koko kaupunki' }, budget: 1000, cityWide: true }],
    ...changes,
  });

  it('budgeting round: a 900 KB title, a blank title and a blank district name are refused', () => {
    expect(refusedFields(BudgetingHttp.createRoundRequest, round({}))).toEqual([]);
    expect(refusedFields(BudgetingHttp.createRoundRequest, round({ title: { fi: 'x'.repeat(900_000) } }))).toEqual(['title.fi']);
    expect(refusedFields(BudgetingHttp.createRoundRequest, round({ title: { fi: '', sv: ' ' } }))).toEqual(['title']);
    expect(refusedFields(BudgetingHttp.createRoundRequest, round({ description: { fi: 'x'.repeat(5001) } }))).toEqual(['description.fi']);
    const districts = [{ code: 'city', name: { fi: ZERO_WIDTH }, budget: 1000, cityWide: true }];
    expect(refusedFields(BudgetingHttp.createRoundRequest, round({ districts }))).toEqual(['districts.0.name']);
  });

  it('budgeting round: a phase dated in year 1 is refused', () => {
    const early = phases.map((p, i) => (i === 0 ? { ...p, opensAt: '0001-01-01T00:00:00Z' } : p));
    expect(refusedFields(BudgetingHttp.createRoundRequest, round({ phases: early }))).toEqual(['phases.0.opensAt']);
  });

  it('budgeting proposal: a title of four zero-width spaces is refused', () => {
    const proposal = { title: '\u200B\u200B\u200B\u200B', description: 'Penkkejä puistoon, kiitos.', language: 'fi', districtCode: 'city' };
    expect(refusedFields(BudgetingHttp.submitProposalRequest, proposal)).toEqual(['title']);
  });

  it('budgeting plan: invisible titles are refused', () => {
    const plan = { title: { fi: ZERO_WIDTH }, description: { fi: 'Kuvaus' }, districtCode: 'city', proposalIds: [randomUUID()] };
    expect(refusedFields(BudgetingHttp.createPlanRequest, plan)).toEqual(['title']);
    expect(refusedFields(BudgetingHttp.updatePlanRequest, { version: 1, description: { en: 'x'.repeat(5001) } })).toEqual(['description.en']);
  });

  it('budgeting milestone: a due date of 0001-01-01 is refused, and an invisible title', () => {
    expect(refusedFields(BudgetingHttp.addMilestoneRequest, { version: 1, title: { fi: 'Valmis' }, dueDate: '0001-01-01' })).toEqual(['dueDate']);
    expect(refusedFields(BudgetingHttp.addMilestoneRequest, { version: 1, title: { fi: '\u200B\u200B\u200B' } })).toEqual(['title.fi']);
    expect(refusedFields(BudgetingHttp.addMilestoneRequest, { version: 1, title: { fi: 'Valmis' }, dueDate: '2027-06-30' })).toEqual([]);
  });

  it('initiatives: an invisible title is refused', () => {
    const filing = { type: 'resident', language: 'fi', title: ZERO_WIDTH, body: 'Lisää penkkejä.', initiatorName: 'Maija' };
    expect(refusedFields(InitiativesHttp.fileInitiativeRequest, filing)).toEqual(['title']);
  });

  it('grants: an invisible round title and a report date in year 1 are refused', () => {
    const grantRound = { type: 'small', title: { fi: 'Pienavustukset' }, department: 'KUVA', budgetCents: 1000, opensAt: now };
    expect(refusedFields(GrantsHttp.createGrantRoundRequest, grantRound)).toEqual([]);
    expect(refusedFields(GrantsHttp.createGrantRoundRequest, { ...grantRound, title: { fi: ZERO_WIDTH } })).toEqual(['title.fi']);
    expect(refusedFields(GrantsHttp.createGrantRoundRequest, { ...grantRound, reportDue: '0001-01-01' })).toEqual(['reportDue']);
    expect(refusedFields(GrantsHttp.createApplicationRequest, { associationId: randomUUID(), title: '\u200B\u200B\u200B\u200B', requestedCents: 100 })).toEqual(['title']);
  });

  it('premises: a season named with invisible characters only is refused, and an over-long name', () => {
    const season = { name: { fi: 'Syyskausi' }, spaceIds: [randomUUID()], startsOn: '2027-08-01', endsOn: '2027-12-20' };
    expect(refusedFields(PremisesHttp.seasonRequest, season)).toEqual([]);
    expect(refusedFields(PremisesHttp.seasonRequest, { ...season, name: { fi: ZERO_WIDTH } })).toEqual(['name']);
    expect(refusedFields(PremisesHttp.seasonRequest, { ...season, name: { sv: 'x'.repeat(201) } })).toEqual(['name.sv']);
  });
});
