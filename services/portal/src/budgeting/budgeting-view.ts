import { BudgetingHttp } from '@vaikuta/contracts';
import { formatDate, Lang, Translate } from '../i18n/i18n';
import type { PortalContext } from '../layout/portal-request';

/** Budgeting's coordinators (and admins), as the service's staff routes accept them. */
export const isBudgetingCoordinator = (ctx: PortalContext) => Boolean(ctx.user?.roles.some((r) => r === 'coordinator' || r === 'admin'));

/** A text in the reader's language, else Finnish, Swedish, English; `lang` set when it is not the reader's. */
export function localText(text: BudgetingHttp.BudgetingText | null | undefined, lang: Lang): { text: string; lang?: string } {
  if (!text) return { text: '' };
  if (text[lang]) return { text: text[lang]! };
  for (const other of ['fi', 'sv', 'en'] as const) if (text[other]) return { text: text[other]!, lang: other };
  return { text: '' };
}

const EUROS: Record<Lang, Intl.NumberFormat> = {
  fi: new Intl.NumberFormat('fi-FI', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }),
  sv: new Intl.NumberFormat('sv-FI', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }),
};
export const euros = (amount: number | null | undefined, lang: Lang) => (amount === null || amount === undefined ? '' : EUROS[lang].format(amount));

/** The round's phases in order, the one open now marked (the timeline highlights it). */
export function phaseTimeline(t: Translate, lang: Lang, round: BudgetingHttp.RoundDetail) {
  return BudgetingHttp.ROUND_PHASES.map((phase) => {
    const window = round.phases.find((p) => p.phase === phase);
    return {
      phase,
      label: t(`bud.phase.${phase}`),
      opens: formatDate(window?.opensAt, lang, false),
      closes: formatDate(window?.closesAt, lang, false),
      current: round.phase === phase,
    };
  });
}

export function districtRows(lang: Lang, round: BudgetingHttp.RoundDetail) {
  return round.districts.map((d) => ({ code: d.code, name: localText(d.name, lang), budget: euros(d.budget, lang), cityWide: d.cityWide }));
}

/** The round's summary line as the list shows it. */
export function describeRound(t: Translate, lang: Lang, round: BudgetingHttp.RoundSummary) {
  return {
    id: round.id,
    title: localText(round.title, lang),
    phaseLabel: t(`bud.phase.${round.phase}`),
    phase: round.phase,
    votingOpens: formatDate(round.votingOpensAt, lang, false),
    votingCloses: formatDate(round.votingClosesAt, lang, false),
    total: euros(round.totalBudget, lang),
    resultsPublished: round.resultsPublished,
  };
}
