import { BudgetingHttp } from '@vaikuta/contracts';
import { translator } from '../i18n/i18n';
import { districtResultView, projectSummaryView } from './results-view';

const round = {
  districts: [{ code: 'keskinen', name: { fi: 'Keskinen suurpiiri', sv: 'Mellersta stordistriktet' }, budget: 500_000, cityWide: false }],
} as unknown as BudgetingHttp.RoundDetail;

const result = (id: string, votes: number, status: BudgetingHttp.PlanResultStatus): BudgetingHttp.PlanResult => ({
  id,
  title: { fi: `Suunnitelma ${id}` },
  cost: 100_000,
  votes,
  status,
  explanation: { fi: `Miksi ${id}`, sv: `Varför ${id}`, en: `Why ${id}` },
});

describe('the results page view', () => {
  // Winners in the order funded (an override first, whatever its votes), then the others by votes.
  const district: BudgetingHttp.DistrictResult = {
    code: 'keskinen',
    budget: 500_000,
    winners: ['o', 'b', 'a'],
    cost: 300_000,
    ballots: 12,
    plans: [result('x', 1, 'did_not_fit'), result('a', 4, 'funded'), result('y', 9, 'excluded_by_override'), result('b', 7, 'funded'), result('o', 0, 'funded_by_override')],
  };

  it('lists the winners in the order funded, then the rest by votes, with statuses and explanations in the reader language', () => {
    const view = districtResultView(translator('sv'), 'sv', round, district);
    expect(view.plans.map((p) => p.id)).toEqual(['o', 'b', 'a', 'y', 'x']);
    expect(view.plans.map((p) => p.won)).toEqual([true, true, true, false, false]);
    expect(view.plans[0]).toMatchObject({ statusLabel: 'Vann genom koordinatorns beslut', explanation: 'Varför o', title: { text: 'Suunnitelma o', lang: 'fi' } });
    expect(view.name).toEqual({ text: 'Mellersta stordistriktet' });
  });

  it('keeps a project progress inside 0–100 for the bar and says it in words', () => {
    const project = { id: 'p', roundId: 'r', title: { fi: 'Hanke' }, districtCode: 'keskinen', cost: 1000, status: 'in_progress', progress: 130, nextMilestone: null, version: 1, updatedAt: '' } as BudgetingHttp.ProjectSummary;
    expect(projectSummaryView(translator('fi'), 'fi', project, round)).toMatchObject({ progress: 100, progressText: 'Valmiina 100 %', statusLabel: 'Käynnissä', next: undefined });
  });
});
