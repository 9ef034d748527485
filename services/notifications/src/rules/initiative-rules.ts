import { InitiativeEvents, Language } from '@vaikuta/contracts';
import type { ContactInput, NotificationRule, RuleContext, TemplateView } from './notification-rules';

/**
 * Who hears what of an initiative (services/initiatives): its initiators, subscribed by the
 * `filed` event's consented contacts, and its followers. Every step is a status change; the
 * decision and the measures have their own messages, so their status changes tell no one.
 */

interface InitiativeRef {
  initiativeId: string;
  title: string;
  caseId?: string;
}

/** The words for a stage in each language, for the step message. */
export const INITIATIVE_STATUS_LABELS: Record<string, Record<Language, string>> = {
  collecting: { fi: 'kerää kannatusta', sv: 'samlar stöd', en: 'collecting support' },
  filed: { fi: 'jätetty kaupungille', sv: 'lämnat till staden', en: 'filed with the city' },
  registered: { fi: 'kirjattu', sv: 'registrerat', en: 'registered' },
  assigned: { fi: 'valmistelussa', sv: 'under beredning', en: 'being prepared' },
  statements_requested: { fi: 'lausunnoilla', sv: 'på remiss', en: 'out for statements' },
  proposed: { fi: 'päätettävänä', sv: 'föreslaget för beslut', en: 'proposed for a decision' },
  decided: { fi: 'päätetty', sv: 'beslutat', en: 'decided' },
  measures_taken: { fi: 'toimenpiteet kirjattu', sv: 'åtgärderna antecknade', en: 'measures recorded' },
  closed: { fi: 'käsitelty loppuun', sv: 'slutbehandlat', en: 'closed' },
  inadmissible: { fi: 'ei tutkittavissa', sv: 'kan inte prövas', en: 'inadmissible' },
  withdrawn: { fi: 'peruttu', sv: 'återtaget', en: 'withdrawn' },
  combined: { fi: 'käsitellään yhdessä toisen aloitteen kanssa', sv: 'behandlas tillsammans med ett annat initiativ', en: 'handled together with another initiative' },
};

/** The deciding body, as the first words of a sentence. */
export const BODY_LABELS: Record<string, Record<Language, string>> = {
  lautakunta: { fi: 'Lautakunta', sv: 'Nämnden', en: 'The committee' },
  kaupunginhallitus: { fi: 'Kaupunginhallitus', sv: 'Stadsstyrelsen', en: 'The city board' },
  valtuusto: { fi: 'Kaupunginvaltuusto', sv: 'Stadsfullmäktige', en: 'The city council' },
};

const item = (d: InitiativeRef) => `initiative:${d.initiativeId}`;
const page = (id: string, c: RuleContext) => `${c.portalUrl}/initiatives/${id}`;
/** The initiative's page is public: followers and initiators get the same link. */
const linkOf = (d: InitiativeRef, c: RuleContext): TemplateView => ({ link: page(d.initiativeId, c), publicLink: page(d.initiativeId, c) });
const base = { topic: 'initiatives', itemKey: item };

export const initiativeRules: NotificationRule[] = [
  {
    event: InitiativeEvents.filed,
    ...base,
    participants: (d: { contacts?: ContactInput[] }) => d.contacts ?? [],
    publishes: (d: InitiativeRef & { public?: boolean }) => (d.public === false ? undefined : { itemKey: item(d), title: d.title }),
  } as NotificationRule,
  { event: InitiativeEvents.unpublished, ...base, withdraws: item },
  {
    event: InitiativeEvents.statusChanged,
    ...base,
    template: 'initiatives.status_changed',
    when: (d: { to: string }) => !['decided', 'measures_taken'].includes(d.to),
    view: (d: InitiativeRef & { to: string; reason?: string }, c) => ({
      title: d.title,
      caseId: d.caseId,
      status: INITIATIVE_STATUS_LABELS[d.to] ?? { fi: d.to, sv: d.to, en: d.to },
      reason: d.reason,
      summary: d.title,
      ...linkOf(d, c),
    }),
  },
  {
    event: InitiativeEvents.decided,
    ...base,
    template: 'initiatives.decided',
    view: (d: InitiativeRef & { body: string; decision: string; decidedAt: string; section?: string }, c) => ({
      title: d.title,
      caseId: d.caseId,
      body: BODY_LABELS[d.body] ?? { fi: d.body, sv: d.body, en: d.body },
      decision: d.decision,
      decidedOn: d.decidedAt.slice(0, 10),
      section: d.section,
      summary: d.decision,
      ...linkOf(d, c),
    }),
  },
  {
    event: InitiativeEvents.measuresRecorded,
    ...base,
    template: 'initiatives.measures_recorded',
    view: (d: InitiativeRef & { measures: string }, c) => ({ title: d.title, caseId: d.caseId, measures: d.measures, summary: d.measures, ...linkOf(d, c) }),
  },
  // The assigned preparer, reminded in their inbox (and by email if they chose it) of a due date.
  {
    event: InitiativeEvents.deadlineApproaching,
    ...base,
    template: 'initiatives.deadline_approaching',
    immediate: true,
    addressedTo: (d: { preparerId: string }) => [d.preparerId],
    view: (d: InitiativeRef & { kind: 'statement' | 'council'; dueAt: string }, c) => ({
      title: d.title,
      caseId: d.caseId,
      council: d.kind === 'council',
      dueOn: d.dueAt.slice(0, 10),
      summary: d.title,
      link: `${c.portalUrl}/staff/initiatives/${d.initiativeId}`,
    }),
  },
  // Those who follow a combined initiative follow the one it is handled with from now on.
  { event: InitiativeEvents.combined, ...base, moveSubscribersTo: (d: { intoInitiativeId: string }) => `initiative:${d.intoInitiativeId}` },
];

const SAMPLE_LINK = 'http://localhost:8080/initiatives/00000000-0000-4000-8000-000000000000';

export const INITIATIVE_SAMPLE_VIEWS: Record<string, TemplateView> = {
  'initiatives.deadline_approaching': {
    title: 'Koirapuisto Malmille',
    caseId: 'HEL-2026-000123',
    council: false,
    dueOn: '2026-09-16',
    summary: 'Koirapuisto Malmille',
    link: 'http://localhost:8080/staff/initiatives/00000000-0000-4000-8000-000000000000',
  },
  'initiatives.status_changed': {
    title: 'Koirapuisto Malmille',
    caseId: 'HEL-2026-000123',
    status: INITIATIVE_STATUS_LABELS.statements_requested,
    summary: 'Koirapuisto Malmille',
    link: SAMPLE_LINK,
  },
  'initiatives.decided': {
    title: 'Koirapuisto Malmille',
    caseId: 'HEL-2026-000123',
    body: BODY_LABELS.valtuusto,
    decision: 'Kaupunginvaltuusto päätti, että koirapuisto rakennetaan vuonna 2027.',
    decidedOn: '2026-09-16',
    section: '87',
    summary: 'Kaupunginvaltuusto päätti, että koirapuisto rakennetaan vuonna 2027.',
    link: SAMPLE_LINK,
  },
  'initiatives.measures_recorded': {
    title: 'Koirapuisto Malmille',
    caseId: 'HEL-2026-000123',
    measures: 'Koirapuisto avattiin toukokuussa 2027.',
    summary: 'Koirapuisto avattiin toukokuussa 2027.',
    link: SAMPLE_LINK,
  },
};
