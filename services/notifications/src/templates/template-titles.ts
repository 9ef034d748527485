import type { Language } from '@vaikuta/contracts';

/**
 * What admins and readers call each message, in their language: the template list shows
 * these instead of keys like `feedback.replied`, and a digest falls back to them.
 */
const TITLES: ReadonlyMap<string, Record<Language, string>> = new Map([
  ['feedback.submitted', { fi: 'Kuittaus vastaanotetusta palautteesta', sv: 'Kvitto på mottagen respons', en: 'Receipt for feedback received' }],
  ['feedback.replied', { fi: 'Vastaus palautteeseen', sv: 'Svar på respons', en: 'Reply to feedback' }],
  ['feedback.resolved', { fi: 'Palaute on käsitelty', sv: 'Responsen är behandlad', en: 'Feedback handled' }],
  ['feedback.rejected', { fi: 'Palaute ei johda muutoksiin', sv: 'Responsen leder inte till ändringar', en: 'Feedback declined' }],
  ['feedback.merged', { fi: 'Palaute yhdistetty samaa asiaa koskevaan', sv: 'Responsen sammanslagen med en om samma sak', en: 'Feedback merged with one about the same matter' }],
  ['initiatives.status_changed', { fi: 'Aloitteen käsittely eteni', sv: 'Initiativets behandling gick vidare', en: 'An initiative moved on' }],
  ['initiatives.decided', { fi: 'Aloitteesta on päätetty', sv: 'Beslut om initiativet', en: 'An initiative was decided' }],
  ['initiatives.measures_recorded', { fi: 'Aloitteen toimenpiteet', sv: 'Åtgärder med anledning av initiativet', en: 'Measures taken on an initiative' }],
  ['initiatives.deadline_approaching', { fi: 'Muistutus aloitteen määräajasta', sv: 'Påminnelse om initiativets tidsfrist', en: 'Reminder of an initiative’s due date' }],
  ['budgeting.proposal_submitted', { fi: 'Kuittaus budjetointiehdotuksesta', sv: 'Kvitto på budgeteringsförslag', en: 'Receipt for a budgeting proposal' }],
  ['budgeting.proposal_screened', { fi: 'Budjetointiehdotus arvioitu', sv: 'Budgeteringsförslaget bedömt', en: 'A budgeting proposal screened' }],
  ['budgeting.results_published', { fi: 'Kannattamasi suunnitelma voitti', sv: 'Planen du stödde vann', en: 'The plan you supported won' }],
  ['budgeting.project_updated', { fi: 'Budjetointihanke eteni', sv: 'Budgeteringsprojektet gick framåt', en: 'A budgeting project moved on' }],
  ['budgeting.milestone_reached', { fi: 'Hankkeen välitavoite saavutettu', sv: 'Projektets delmål nått', en: 'A project milestone reached' }],
  ['digest', { fi: 'Kooste seuratuista asioista', sv: 'Sammandrag av ärenden du följer', en: 'Digest of things followed' }],
]);

/** The template's name in each language; a template without one is called by its key. */
export function templateTitles(template: string): Record<Language, string> {
  return TITLES.get(template) ?? { fi: template, sv: template, en: template };
}
