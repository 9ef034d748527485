import type { BudgetingHttp } from '@vaikuta/contracts';

export type BallotChannel = 'online' | 'assisted' | 'paper';

/** What the policy needs to know of a log entry: its channel and its place in the log. */
export interface RankedEntry {
  /** The log's sequence number: the order in which the service received the entries. */
  seq: number;
  channel: BallotChannel;
}

/** Cast in person with the identity checked by staff (a sheet or a library desk). */
export const inPerson = (channel: BallotChannel) => channel !== 'online';

/**
 * Whether `candidate` outranks `current` under the round's policy (ADR 0012):
 * - `latest`: the newest entry counts, whatever its channel;
 * - `paper_first`: an in-person entry (paper, assisted) outranks an online one; among equals the newest.
 * "Newest" is the log order (seq), not a timestamp: seq is unique and never goes back, so two
 * entries stamped in the same millisecond still have one answer, and because the comparison is a
 * total order, concurrent ballots of one person end with the same winner whichever takes the
 * row lock first.
 */
export function outranks(policy: BudgetingHttp.ReconciliationPolicy, candidate: RankedEntry, current: RankedEntry): boolean {
  if (policy === 'paper_first' && inPerson(candidate.channel) !== inPerson(current.channel)) return inPerson(candidate.channel);
  return candidate.seq > current.seq;
}

type Language = 'fi' | 'sv' | 'en';

const WITHDRAWAL: BudgetingHttp.ResultText = {
  fi: ' Se on äänen peruutus, joten tältä henkilöltä ei lasketa yhtään ääntä.',
  sv: ' Den är en återkallelse, så ingen röst av den här personen räknas.',
  en: ' It is a withdrawal, so no ballot of this person counts.',
};

const POLICY_TEXT: Record<'latest' | 'paper_first_in_person' | 'paper_first_online', BudgetingHttp.ResultText> = {
  latest: {
    fi: 'Käytäntö latest: uusin merkintä lasketaan kanavasta riippumatta.',
    sv: 'Principen latest: den nyaste posten räknas, oberoende av kanal.',
    en: 'Policy latest: the newest entry counts, whatever its channel.',
  },
  paper_first_in_person: {
    fi: 'Käytäntö paper_first: henkilökohtaisesti annettu ääni (paperilla tai avustettuna, henkilöllisyyden tarkisti henkilökunta) ohittaa verkossa annetut; tämä on uusin henkilökohtaisesti annettu merkintä.',
    sv: 'Principen paper_first: en röst som getts personligen (på papper eller med assistans, identiteten kontrollerad av personalen) går före röster på nätet; detta är den nyaste posten som getts personligen.',
    en: 'Policy paper_first: an in-person ballot (paper or assisted, identity checked by staff) outranks online ones; this is the newest in-person entry.',
  },
  paper_first_online: {
    fi: 'Käytäntö paper_first: henkilökohtaisesti annettua merkintää ei ole, joten uusin verkossa annettu merkintä lasketaan.',
    sv: 'Principen paper_first: det finns ingen post som getts personligen, så den nyaste posten på nätet räknas.',
    en: 'Policy paper_first: there is no in-person entry, so the newest online entry counts.',
  },
};

/** The sentence the reconciliation report gives for the entry that counts, in fi, sv and en (as the results' explanations). */
export function whyCounted(
  policy: BudgetingHttp.ReconciliationPolicy,
  counted: RankedEntry & { kind: 'ballot' | 'withdrawal' },
  entries: readonly RankedEntry[],
): BudgetingHttp.ResultText {
  const reason = policy === 'latest' ? 'latest' : entries.some((e) => inPerson(e.channel)) ? 'paper_first_in_person' : 'paper_first_online';
  const say = (l: Language) => POLICY_TEXT[reason][l] + (counted.kind === 'withdrawal' ? WITHDRAWAL[l] : '');
  return { fi: say('fi'), sv: say('sv'), en: say('en') };
}
