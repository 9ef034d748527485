import { EventData, GrantEvents, Language } from '@vaikuta/contracts';
import type { NotificationRule, RuleContext, TemplateView } from './notification-rules';

/**
 * Who hears what of grant applications and the association register (services/grants). The
 * applicant — the person who made the draft, by sign-in `sub` — is told every step of their
 * application in their own language; a person a representative adds to an association is told
 * they may now act for it. Events carry no names or contacts, and the views add none.
 */

type Application = EventData<typeof GrantEvents.applicationSubmitted>;
type InformationRequested = EventData<typeof GrantEvents.applicationInformationRequested>;
type Decided = EventData<typeof GrantEvents.applicationDecided>;
type Paid = EventData<typeof GrantEvents.applicationPaid>;
type ReportDueSoon = EventData<typeof GrantEvents.applicationReportDueSoon>;
type RepresentativeAdded = EventData<typeof GrantEvents.representativeAdded>;
type RepresentativeRemoved = EventData<typeof GrantEvents.representativeRemoved>;
type Withdrawn = EventData<typeof GrantEvents.applicationWithdrawn>;
type Registered = EventData<typeof GrantEvents.associationRegistered>;
type Verified = EventData<typeof GrantEvents.associationVerified>;
type Rejected = EventData<typeof GrantEvents.associationRejected>;

export const GRANTS_TOPIC = 'grants';
const applicationItem = (d: { applicationId: string }) => `grants-application:${d.applicationId}`;
/** Every register message of one association is about the same item, as every step of an application is. */
const associationItem = (d: { associationId: string }) => `grants-association:${d.associationId}`;
/** The portal's pages: an application with its steps, thread and forms; an association with its representatives. */
const applicationPage = (id: string, c: RuleContext) => `${c.portalUrl}/grants/applications/${id}`;
const associationPage = (id: string, c: RuleContext) => `${c.portalUrl}/grants/associations/${id}`;

const LOCALES: Record<Language, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-FI' };

/** A sum in euros as each language writes it: "1 250,00 €", "€1,250.00". */
export function euros(cents: number): Record<Language, string> {
  const inLanguage = (language: Language) => new Intl.NumberFormat(LOCALES[language], { style: 'currency', currency: 'EUR' }).format(cents / 100);
  return { fi: inLanguage('fi'), sv: inLanguage('sv'), en: inLanguage('en') };
}

/** A calendar date (YYYY-MM-DD) as Finns write it in every language: 30.6.2027. */
export function finnishDate(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-').map(Number);
  return `${day}.${month}.${year}`;
}

export const REPRESENTATIVE_ROLES: Record<RepresentativeAdded['role'], Record<Language, string>> = {
  chair: { fi: 'puheenjohtaja', sv: 'ordförande', en: 'chair' },
  secretary: { fi: 'sihteeri', sv: 'sekreterare', en: 'secretary' },
  treasurer: { fi: 'rahastonhoitaja', sv: 'kassör', en: 'treasurer' },
  contact: { fi: 'yhteyshenkilö', sv: 'kontaktperson', en: 'contact person' },
};

/** The application's title and page: what every application message opens with. */
const applicationFacts = (d: Application, c: RuleContext) => ({ title: d.title, summary: d.title, link: applicationPage(d.applicationId, c) });

/** Every application step is told to its applicant alone, who need not follow anything for it. */
function applicationStep<D extends Application>(
  event: NotificationRule['event'],
  template: string,
  view: (d: D, c: RuleContext) => TemplateView = applicationFacts,
  immediate = false,
): NotificationRule<D> {
  return { event, topic: GRANTS_TOPIC, itemKey: applicationItem, addressedTo: (d) => [d.applicantSub], template, view, immediate };
}

export const grantsRules: NotificationRule[] = [
  // A receipt, at once: the applicant wants to know the application arrived before the round closes.
  applicationStep(GrantEvents.applicationSubmitted, 'grants.application_submitted', applicationFacts, true),
  applicationStep(GrantEvents.applicationReceived, 'grants.application_received'),
  // What the officer asks, at once: the answer holds up the application's handling.
  applicationStep(
    GrantEvents.applicationInformationRequested,
    'grants.application_information_requested',
    (d: InformationRequested, c) => ({ ...applicationFacts(d, c), question: d.message, summary: d.message }),
    true,
  ),
  applicationStep(GrantEvents.applicationDecided, 'grants.application_decided', (d: Decided, c) => ({
    ...applicationFacts(d, c),
    granted: d.outcome === 'granted',
    partiallyGranted: d.outcome === 'partially_granted',
    rejected: d.outcome === 'rejected',
    ...(d.outcome === 'rejected' ? {} : { amount: euros(d.amountCents) }),
    reasons: d.reasons,
    ahjoDecisionId: d.ahjoDecisionId,
    reportDue: d.reportDue ? finnishDate(d.reportDue) : undefined,
  })),
  applicationStep(GrantEvents.applicationPaid, 'grants.application_paid', (d: Paid, c) => ({ ...applicationFacts(d, c), amount: euros(d.amountCents) })),
  // The one reminder before the report on the use of funds is due (the grants service sends the event once).
  applicationStep(
    GrantEvents.applicationReportDueSoon,
    'grants.application_report_due_soon',
    (d: ReportDueSoon, c) => ({ ...applicationFacts(d, c), reportDue: finnishDate(d.reportDue) }),
    true,
  ),
  applicationStep(GrantEvents.applicationReportReceived, 'grants.application_report_received'),
  applicationStep(GrantEvents.applicationClosed, 'grants.application_closed'),
  // Every representative hears of a withdrawal at once (it may not be the applicant who withdrew it,
  // and the round may still be open for a new application); the applicant too, each told once.
  {
    ...applicationStep(GrantEvents.applicationWithdrawn, 'grants.application_withdrawn', applicationFacts, true),
    addressedTo: (d: Withdrawn) => [...new Set([d.applicantSub, ...(d.representativeSubs ?? [])])],
  },
  // A receipt to the registrant: the association is in the register and they are its first representative.
  {
    event: GrantEvents.associationRegistered,
    topic: GRANTS_TOPIC,
    itemKey: associationItem,
    addressedTo: (d: Registered) => [d.registeredBy],
    template: 'grants.association_registered',
    immediate: true,
    view: (d: Registered, c) => ({
      associationName: d.name,
      ...(d.businessId ? { businessId: d.businessId } : {}),
      summary: d.name,
      link: associationPage(d.associationId, c),
    }),
  },
  // An officer's verification, to every representative: applications and bookings in the
  // association's name are open now. Not who verified it (an officer's name is not theirs to give).
  {
    event: GrantEvents.associationVerified,
    topic: GRANTS_TOPIC,
    itemKey: associationItem,
    addressedTo: (d: Verified) => [...new Set(d.representativeSubs ?? [])],
    template: 'grants.association_verified',
    immediate: true,
    view: (d: Verified, c) => ({ associationName: d.associationName, summary: d.associationName, link: associationPage(d.associationId, c) }),
  },
  // A rejection, to every representative, with the officer's reason: they must know why their
  // drafts cannot go in, and what to do if the association is theirs after all.
  {
    event: GrantEvents.associationRejected,
    topic: GRANTS_TOPIC,
    itemKey: associationItem,
    addressedTo: (d: Rejected) => [...new Set(d.representativeSubs)],
    template: 'grants.association_rejected',
    immediate: true,
    view: (d: Rejected, c) => ({ associationName: d.associationName, reason: d.reason, summary: d.associationName, link: associationPage(d.associationId, c) }),
  },
  // The person added, by their sub: they may act for the association from now on (not who added them).
  {
    event: GrantEvents.representativeAdded,
    topic: GRANTS_TOPIC,
    itemKey: associationItem,
    addressedTo: (d: RepresentativeAdded) => [d.sub],
    template: 'grants.representative_added',
    immediate: true,
    view: (d: RepresentativeAdded, c) => ({
      associationName: d.associationName,
      role: REPRESENTATIVE_ROLES[d.role],
      summary: d.associationName,
      link: associationPage(d.associationId, c),
    }),
  },
  // The person removed, so a removal they did not expect is noticed; not who removed them. The link
  // is their own list of associations: the association's page is its representatives' alone.
  {
    event: GrantEvents.representativeRemoved,
    topic: GRANTS_TOPIC,
    itemKey: associationItem,
    addressedTo: (d: RepresentativeRemoved) => [d.sub],
    template: 'grants.representative_removed',
    immediate: true,
    view: (d: RepresentativeRemoved, c) => ({ associationName: d.associationName, summary: d.associationName, link: `${c.portalUrl}/grants/associations` }),
  },
];

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const SAMPLE_APPLICATION = {
  title: 'Kallion kesäleiri 2027',
  summary: 'Kallion kesäleiri 2027',
  link: `http://localhost:8080/grants/applications/${SAMPLE_ID}`,
};

export const GRANTS_SAMPLE_VIEWS: Record<string, TemplateView> = {
  'grants.application_submitted': SAMPLE_APPLICATION,
  'grants.application_received': SAMPLE_APPLICATION,
  'grants.application_information_requested': {
    ...SAMPLE_APPLICATION,
    question: 'Lähettäkää leirin talousarvio eriteltynä.',
    summary: 'Lähettäkää leirin talousarvio eriteltynä.',
  },
  'grants.application_decided': {
    ...SAMPLE_APPLICATION,
    granted: false,
    partiallyGranted: true,
    rejected: false,
    amount: euros(125_000),
    reasons: 'Avustus myönnetään leirin ruokakuluihin.',
    ahjoDecisionId: 'HEL 2027-001234',
    reportDue: '31.3.2028',
  },
  'grants.application_paid': { ...SAMPLE_APPLICATION, amount: euros(125_000) },
  'grants.application_report_due_soon': { ...SAMPLE_APPLICATION, reportDue: '31.3.2028' },
  'grants.application_report_received': SAMPLE_APPLICATION,
  'grants.application_closed': SAMPLE_APPLICATION,
  'grants.application_withdrawn': SAMPLE_APPLICATION,
  'grants.association_registered': {
    associationName: 'Kallion Nuorisoseura ry',
    businessId: '1234567-1',
    summary: 'Kallion Nuorisoseura ry',
    link: `http://localhost:8080/grants/associations/${SAMPLE_ID}`,
  },
  'grants.association_verified': {
    associationName: 'Kallion Nuorisoseura ry',
    summary: 'Kallion Nuorisoseura ry',
    link: `http://localhost:8080/grants/associations/${SAMPLE_ID}`,
  },
  'grants.association_rejected': {
    associationName: 'Kallion Nuorisoseura ry',
    reason: 'Yhdistysrekisterin mukaan yhdistyksen hallitukseen ei kuulu tätä henkilöä.',
    summary: 'Kallion Nuorisoseura ry',
    link: `http://localhost:8080/grants/associations/${SAMPLE_ID}`,
  },
  'grants.representative_removed': { associationName: 'Kallion Nuorisoseura ry', summary: 'Kallion Nuorisoseura ry', link: 'http://localhost:8080/grants/associations' },
  'grants.representative_added': {
    associationName: 'Kallion Nuorisoseura ry',
    role: REPRESENTATIVE_ROLES.treasurer,
    summary: 'Kallion Nuorisoseura ry',
    link: `http://localhost:8080/grants/associations/${SAMPLE_ID}`,
  },
};
