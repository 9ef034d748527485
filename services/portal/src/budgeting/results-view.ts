import { BudgetingHttp } from '@vaikuta/contracts';
import { formatDate, Lang, Translate } from '../i18n/i18n';
import { euros, localText } from './budgeting-view';

/** Won or lost: the two statuses that put a plan among the winners. */
const WINNING: readonly BudgetingHttp.PlanResultStatus[] = ['funded', 'funded_by_override'];

const districtName = (lang: Lang, round: BudgetingHttp.RoundDetail | null, code: string) => {
  const district = round?.districts.find((d) => d.code === code);
  return district ? localText(district.name, lang) : { text: code };
};

/**
 * One district of the results: its budget, what was spent and how many ballots counted, then
 * the winners in the order they were funded and the other plans by votes, each with its status
 * and the rule's explanation in the reader's language (the service writes all three).
 */
export function districtResultView(t: Translate, lang: Lang, round: BudgetingHttp.RoundDetail, district: BudgetingHttp.DistrictResult) {
  const order = new Map(district.winners.map((id, i) => [id, i]));
  const plans = [...district.plans].sort((a, b) => (order.get(a.id) ?? Infinity) - (order.get(b.id) ?? Infinity) || b.votes - a.votes);
  return {
    code: district.code,
    name: districtName(lang, round, district.code),
    budget: euros(district.budget, lang),
    spent: euros(district.cost, lang),
    ballots: district.ballots,
    plans: plans.map((p) => ({
      id: p.id,
      title: localText(p.title, lang),
      votes: p.votes,
      cost: euros(p.cost, lang),
      status: p.status,
      statusLabel: t(`budr.status.${p.status}`),
      won: WINNING.includes(p.status),
      explanation: p.explanation[lang],
    })),
  };
}

/** Turnout as three small tables: by district (named), by age band and by channel. */
export function turnoutView(t: Translate, lang: Lang, round: BudgetingHttp.RoundDetail, turnout: BudgetingHttp.Turnout) {
  return {
    total: t('budr.turnout.total', { n: turnout.ballots }),
    byDistrict: turnout.byDistrict.map((d) => ({ name: districtName(lang, round, d.code), ballots: d.ballots })),
    byAgeBand: turnout.byAgeBand.map((a) => ({ label: a.band === 'unknown' ? t('budr.turnout.age.unknown') : t('budr.turnout.ageBand', { band: a.band }), ballots: a.ballots })),
    byChannel: turnout.byChannel.map((c) => ({ label: t(`budr.channel.${c.channel}`), ballots: c.ballots })),
  };
}

export function milestoneView(lang: Lang, m: BudgetingHttp.ProjectMilestone) {
  return {
    id: m.id,
    title: localText(m.title, lang),
    due: formatDate(m.dueDate, lang, false),
    // A reached milestone's day; ISO dates are read in the city's time zone like every date.
    reached: formatDate(m.reachedAt, lang, false),
    note: m.note,
  };
}

/** A project's line on the list, and the head of its own page: status, progress in words and as a bar, next milestone. */
export function projectSummaryView(t: Translate, lang: Lang, p: BudgetingHttp.ProjectSummary, round: BudgetingHttp.RoundDetail | null) {
  const progress = Math.min(100, Math.max(0, p.progress));
  return {
    id: p.id,
    href: `/budgeting/projects/${p.id}`,
    title: localText(p.title, lang),
    district: districtName(lang, round, p.districtCode),
    cost: euros(p.cost, lang),
    status: p.status,
    statusLabel: t(`bud.project.${p.status}`),
    progress,
    progressText: t('budr.projects.progress', { n: progress }),
    next: p.nextMilestone ? { title: localText(p.nextMilestone.title, lang), due: p.nextMilestone.dueDate ? t('budr.projects.due', { date: formatDate(p.nextMilestone.dueDate, lang, false) }) : undefined } : undefined,
  };
}
