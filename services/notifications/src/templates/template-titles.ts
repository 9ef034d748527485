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
  ['budgeting.ballot_confirmed', { fi: 'Kuittaus äänestä', sv: 'Kvitto på röst', en: 'Receipt for a vote' }],
  ['budgeting.proposal_submitted', { fi: 'Kuittaus budjetointiehdotuksesta', sv: 'Kvitto på budgeteringsförslag', en: 'Receipt for a budgeting proposal' }],
  ['budgeting.proposal_screened', { fi: 'Budjetointiehdotus arvioitu', sv: 'Budgeteringsförslaget bedömt', en: 'A budgeting proposal screened' }],
  ['budgeting.results_published', { fi: 'Kannattamasi suunnitelma voitti', sv: 'Planen du stödde vann', en: 'The plan you supported won' }],
  ['budgeting.project_updated', { fi: 'Budjetointihanke eteni', sv: 'Budgeteringsprojektet gick framåt', en: 'A budgeting project moved on' }],
  ['budgeting.milestone_reached', { fi: 'Hankkeen välitavoite saavutettu', sv: 'Projektets delmål nått', en: 'A project milestone reached' }],
  ['grants.application_submitted', { fi: 'Kuittaus avustushakemuksesta', sv: 'Kvitto på bidragsansökan', en: 'Receipt for a grant application' }],
  ['grants.application_received', { fi: 'Avustushakemus kirjattu saapuneeksi', sv: 'Bidragsansökan registrerad som mottagen', en: 'A grant application registered as received' }],
  ['grants.application_information_requested', { fi: 'Avustushakemukseen pyydetään lisätietoja', sv: 'Kompletteringar begärs till bidragsansökan', en: 'More information asked for a grant application' }],
  ['grants.application_decided', { fi: 'Avustushakemuksesta on päätetty', sv: 'Beslut om bidragsansökan', en: 'A grant application was decided' }],
  ['grants.application_paid', { fi: 'Avustus on maksettu', sv: 'Bidraget har betalats', en: 'A grant was paid' }],
  ['grants.application_report_due_soon', { fi: 'Muistutus avustuksen käyttöselvityksestä', sv: 'Påminnelse om redovisning av bidraget', en: 'Reminder of a grant’s usage report' }],
  ['grants.application_report_received', { fi: 'Käyttöselvitys vastaanotettu', sv: 'Redovisningen mottagen', en: 'Usage report received' }],
  ['grants.application_closed', { fi: 'Avustusasia on päättynyt', sv: 'Bidragsärendet är avslutat', en: 'A grant matter closed' }],
  ['grants.application_withdrawn', { fi: 'Avustushakemus peruttu', sv: 'Bidragsansökan återkallad', en: 'A grant application withdrawn' }],
  ['grants.association_registered', { fi: 'Kuittaus yhdistyksen rekisteröinnistä', sv: 'Kvitto på föreningens registrering', en: 'Receipt for an association’s registration' }],
  ['grants.association_verified', { fi: 'Yhdistyksen rekisteröinti vahvistettu', sv: 'Föreningens registrering bekräftad', en: 'An association’s registration verified' }],
  ['grants.association_rejected', { fi: 'Yhdistyksen rekisteröintiä ei hyväksytty', sv: 'Föreningens registrering godkändes inte', en: 'An association’s registration rejected' }],
  ['grants.representative_removed', { fi: 'Sinut poistettiin yhdistyksen edustajista', sv: 'Du togs bort som föreningens företrädare', en: 'You were removed as an association’s representative' }],
  ['grants.representative_added', { fi: 'Sinut lisättiin yhdistyksen edustajaksi', sv: 'Du lades till som föreningens företrädare', en: 'You were added as an association’s representative' }],
  ['grants.booking_requested', { fi: 'Kuittaus tilavarauspyynnöstä', sv: 'Kvitto på bokningsförfrågan', en: 'Receipt for a booking request' }],
  ['grants.booking_confirmed', { fi: 'Tilavaraus vahvistettu', sv: 'Lokalbokningen bekräftad', en: 'A booking confirmed' }],
  ['grants.booking_denied', { fi: 'Tilavarausta ei hyväksytty', sv: 'Lokalbokningen godkändes inte', en: 'A booking request declined' }],
  ['grants.booking_cancelled', { fi: 'Tilavaraus peruttu', sv: 'Lokalbokningen avbokad', en: 'A booking cancelled' }],
  ['grants.access_code_issued', { fi: 'Varaus vahvistettu ovikoodin kanssa', sv: 'Bokningen bekräftad med dörrkod', en: 'A booking confirmed with its door code' }],
  ['grants.access_code_revoked', { fi: 'Ovikoodi poistettu käytöstä', sv: 'Dörrkoden har spärrats', en: 'A door code revoked' }],
  ['grants.season_series_cancelled', { fi: 'Kausivuoro peruttu', sv: 'Säsongsturen avbokad', en: 'A season slot cancelled' }],
  ['grants.season_application_decided', { fi: 'Kausivuorohakemus käsitelty', sv: 'Ansökan om säsongstur behandlad', en: 'A season slot application decided' }],
  ['digest', { fi: 'Kooste seuratuista asioista', sv: 'Sammandrag av ärenden du följer', en: 'Digest of things followed' }],
]);

/** The template's name in each language; a template without one is called by its key. */
export function templateTitles(template: string): Record<Language, string> {
  return TITLES.get(template) ?? { fi: template, sv: template, en: template };
}
