import type { BudgetingHttp } from '@vaikuta/contracts';
import type { Explanation } from '../domain';

type Language = 'fi' | 'sv' | 'en';
type Text = BudgetingHttp.ResultText;

/** What the results page says about one plan, besides the rule's own explanation. */
export type PlanVerdict =
  | { kind: 'rule'; explanation: Explanation }
  | { kind: 'override'; decision: 'fund' | 'exclude'; reason: string; votes: number; cost: number; remaining?: number };

const LOCALES: Record<Language, string> = { fi: 'fi-FI', sv: 'sv-SE', en: 'en-GB' };

/** Whole euros as each language writes them: "38 000 €" (fi, sv), "€38,000" (en). */
export function euros(amount: number, language: Language): string {
  const number = new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 2 }).format(amount);
  return language === 'en' ? `€${number}` : `${number} €`;
}

const votes = (n: number, language: Language) =>
  language === 'fi' ? `${n} ${n === 1 ? 'ääni' : 'ääntä'}` : language === 'sv' ? `${n} ${n === 1 ? 'röst' : 'röster'}` : `${n} ${n === 1 ? 'vote' : 'votes'}`;

function each(render: (language: Language) => string): Text {
  return { fi: render('fi'), sv: render('sv'), en: render('en') };
}

/** The status field of the public plan result. */
export function statusOf(verdict: PlanVerdict): BudgetingHttp.PlanResultStatus {
  if (verdict.kind === 'override') return verdict.decision === 'fund' ? 'funded_by_override' : 'excluded_by_override';
  return verdict.explanation.status;
}

/**
 * Why a plan won or lost, in words, from the rule's explanation (services/budgeting/src/domain
 * results): the numbers are the rule's own, so a reader can redo the step by hand.
 * `titleOf` names another plan (the rival of an incompatible group) in the reader's language.
 */
export function explain(verdict: PlanVerdict, titleOf: (planId: string, language: Language) => string): Text {
  if (verdict.kind === 'override') {
    const { reason } = verdict;
    return verdict.decision === 'fund'
      ? each((l) =>
          l === 'fi'
            ? `Koordinaattori päätti rahoittaa suunnitelman ennen äänten laskemista (${euros(verdict.cost, l)} otettiin budjetista ensin): ${reason}`
            : l === 'sv'
              ? `Koordinatorn beslöt att finansiera planen före rösträkningen (${euros(verdict.cost, l)} togs först ur budgeten): ${reason}`
              : `A coordinator decided to fund this plan before the count (${euros(verdict.cost, l)} taken from the budget first): ${reason}`,
        )
      : each((l) =>
          l === 'fi'
            ? `Koordinaattori poisti suunnitelman laskennasta (${votes(verdict.votes, l)}): ${reason}`
            : l === 'sv'
              ? `Koordinatorn tog bort planen ur räkningen (${votes(verdict.votes, l)}): ${reason}`
              : `A coordinator removed this plan from the count (${votes(verdict.votes, l)}): ${reason}`,
        );
  }
  const e = verdict.explanation;
  switch (e.status) {
    case 'funded':
      if (e.by === 'equal_shares') {
        return each((l) =>
          l === 'fi'
            ? `Sai ${votes(e.votes, l)}; kannattajat maksoivat sen ${euros(e.cost, l)} tasaosuuksistaan (enintään ${euros(e.maxPayment ?? 0, l)} kukin); valintajärjestyksessä ${e.step}.`
            : l === 'sv'
              ? `Fick ${votes(e.votes, l)}; anhängarna betalade ${euros(e.cost, l)} ur sina lika andelar (högst ${euros(e.maxPayment ?? 0, l)} var), vald som nummer ${e.step}.`
              : `Got ${votes(e.votes, l)}; its supporters paid its ${euros(e.cost, l)} from their equal shares (at most ${euros(e.maxPayment ?? 0, l)} each), chosen ${ordinal(e.step)}.`,
        );
      }
      return each((l) =>
        l === 'fi'
          ? `Sai ${votes(e.votes, l)} ja mahtui jäljellä olevaan budjettiin (${euros(e.cost, l)}); valintajärjestyksessä ${e.step}.${e.by === 'completion' ? ' Lisättiin tasaosuuksien jälkeen äänimäärän mukaan.' : ''}`
          : l === 'sv'
            ? `Fick ${votes(e.votes, l)} och rymdes i den återstående budgeten (${euros(e.cost, l)}), vald som nummer ${e.step}.${e.by === 'completion' ? ' Tillagd efter de lika andelarna, efter röster.' : ''}`
            : `Got ${votes(e.votes, l)} and fitted in what was left of the budget (${euros(e.cost, l)}), chosen ${ordinal(e.step)}.${e.by === 'completion' ? ' Added after equal shares, by votes.' : ''}`,
      );
    case 'no_votes':
      return each((l) => (l === 'fi' ? 'Ei saanut yhtään ääntä.' : l === 'sv' ? 'Fick inga röster.' : 'Got no votes.'));
    case 'below_floor':
      return each((l) =>
        l === 'fi'
          ? `Sai ${votes(e.votes, l)}, vähemmän kuin vaadittu vähimmäismäärä ${e.minimumVotes}.`
          : l === 'sv'
            ? `Fick ${votes(e.votes, l)}, färre än det krävda minimiantalet ${e.minimumVotes}.`
            : `Got ${votes(e.votes, l)}, fewer than the required minimum of ${e.minimumVotes}.`,
      );
    case 'did_not_fit':
      return each((l) =>
        l === 'fi'
          ? `Sai ${votes(e.votes, l)}, mutta ei mahtunut: jäljellä oli ${euros(e.remaining, l)}, suunnitelma maksaa ${euros(e.cost, l)}.`
          : l === 'sv'
            ? `Fick ${votes(e.votes, l)} men rymdes inte: ${euros(e.remaining, l)} återstod, planen kostar ${euros(e.cost, l)}.`
            : `Got ${votes(e.votes, l)} but did not fit: ${euros(e.remaining, l)} left, costs ${euros(e.cost, l)}.`,
      );
    case 'incompatible':
      return each((l) =>
        l === 'fi'
          ? `Sai ${votes(e.votes, l)}, mutta vaihtoehtoinen suunnitelma "${titleOf(e.with, l)}" oli jo valittu; vain yksi niistä voi toteutua.`
          : l === 'sv'
            ? `Fick ${votes(e.votes, l)}, men den alternativa planen "${titleOf(e.with, l)}" hade redan valts; bara en av dem kan genomföras.`
            : `Got ${votes(e.votes, l)}, but the alternative plan "${titleOf(e.with, l)}" had already won; only one of them can be carried out.`,
      );
    case 'not_reached':
      return each((l) =>
        l === 'fi'
          ? `Sai ${votes(e.votes, l)}; kannattajilla oli jäljellä ${euros(e.supportersMoney, l)}, ei riittävästi sen ${euros(e.cost, l)} maksamiseen, eikä se mahtunut jäljellä olevaan ${euros(e.remaining, l)}.`
          : l === 'sv'
            ? `Fick ${votes(e.votes, l)}; anhängarna hade ${euros(e.supportersMoney, l)} kvar, inte nog för dess ${euros(e.cost, l)}, och den rymdes inte i återstående ${euros(e.remaining, l)}.`
            : `Got ${votes(e.votes, l)}; its supporters had ${euros(e.supportersMoney, l)} left, not enough for its ${euros(e.cost, l)}, and it did not fit in the ${euros(e.remaining, l)} left.`,
      );
  }
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}
