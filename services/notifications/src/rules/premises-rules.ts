import { doorCodePurpose, EventData, Language, PremisesEvents } from '@vaikuta/contracts';
import { bookingCalendarEntry, seriesCalendarEntry, seriesCancellationEntry, seriesWeekCancellationEntry } from './booking-calendar-entry';
import { everyLanguage } from './budgeting-rules';
import { finnishDate } from './grants-rules';
import { helsinkiSpan } from './helsinki-wall-clock';
import type { NotificationRule, RuleContext, TemplateView } from './notification-rules';

/**
 * Who hears what of premises bookings (services/grants: bookings, door-access). Every message is
 * the booker's alone, addressed by their sign-in `sub` (events never carry a contact) and sent
 * at once: a confirmation or a door code in tomorrow's digest is no use. Managers' tasks are in
 * their queue, not in messages. Events carry no one else's person data, and neither do these views.
 */

type Localized = Partial<Record<Language, string>>;
type Requested = EventData<typeof PremisesEvents.bookingRequested>;
type Denied = EventData<typeof PremisesEvents.bookingDenied>;
type Cancelled = EventData<typeof PremisesEvents.bookingCancelled>;
type CodeIssued = EventData<typeof PremisesEvents.accessCodeIssued>;
type CodeRevoked = EventData<typeof PremisesEvents.accessCodeRevoked>;
type SeasonDecided = EventData<typeof PremisesEvents.seasonApplicationDecided>;
type SeriesCancelled = EventData<typeof PremisesEvents.seasonSeriesCancelled>;
type AccessType = EventData<typeof PremisesEvents.bookingConfirmed>['access'];

/**
 * What a confirmation may say of getting in. Today's events name the access type only; where
 * and when a key is picked up (a space's public words) and a door code are shown when an event
 * carries them. The code normally comes later, with access_code_issued, and even then only as a
 * link to read it signed in (the code is never in an event: premises.events.ts says why).
 */
type Confirmed = EventData<typeof PremisesEvents.bookingConfirmed> & {
  keyPickup?: { where: Localized; when: Localized };
  accessCode?: string;
};

export const PREMISES_TOPIC = 'premises';
const bookingItem = (d: { bookingId: string }) => `premises-booking:${d.bookingId}`;
/** The portal's pages: a booking with its access and cancelling; a season (its portal page is still to be built under this path). */
const bookingPage = (id: string, c: RuleContext) => `${c.portalUrl}/premises/bookings/${id}`;
const seasonPage = (id: string, c: RuleContext) => `${c.portalUrl}/premises/seasons/${id}`;
const booker = (d: { bookerSub: string }) => [d.bookerSub];

const base = { topic: PREMISES_TOPIC, itemKey: bookingItem, addressedTo: booker, immediate: true };

/**
 * The space's name in the reader's language (the view is made per language: RuleContext), else
 * its Finnish one, else the one name events before `spaceNames` carry. Templates take it as it is.
 */
export function spaceNameIn<D extends { spaceName?: string; spaceNames?: Localized }>(d: D, c: RuleContext): D['spaceName'] {
  return (c.language && d.spaceNames?.[c.language]) || d.spaceNames?.fi || d.spaceName;
}

/**
 * The season's name in the reader's language, else its Finnish one, else the one name events
 * before `seasonNames` carry: as spaceNameIn, for the season messages' text, summary and calendar.
 */
export function seasonNameIn(d: { seasonName: string; seasonNames?: Localized }, c: RuleContext): string {
  return (c.language && d.seasonNames?.[c.language]) || d.seasonNames?.fi || d.seasonName;
}

/** The space and its times in each language: what every booking message opens with. */
function bookingFacts(d: { bookingId: string; spaceName: string; spaceNames?: Localized; begin: string; end: string }, c: RuleContext) {
  const when = helsinkiSpan(new Date(d.begin), new Date(d.end));
  const spaceName = spaceNameIn(d, c);
  return { spaceName, when, summary: `${spaceName}, ${when[c.language ?? 'fi']}`, link: bookingPage(d.bookingId, c) };
}

/** Which sentence about getting in the confirmation carries. */
function accessFacts(access: AccessType) {
  return { doorCode: access === 'door_code', keyPickup: access === 'key_pickup', openedByStaff: access === 'opened_by_staff' };
}

/** A weekly slot, "tiistaisin klo 17.00–19.00", from the season application's local HH:MM times. */
const EVERY_WEEKDAY: Record<SeasonDecided['weekday'], Record<Language, string>> = {
  mon: { fi: 'maanantaisin', sv: 'måndagar', en: 'Mondays' },
  tue: { fi: 'tiistaisin', sv: 'tisdagar', en: 'Tuesdays' },
  wed: { fi: 'keskiviikkoisin', sv: 'onsdagar', en: 'Wednesdays' },
  thu: { fi: 'torstaisin', sv: 'torsdagar', en: 'Thursdays' },
  fri: { fi: 'perjantaisin', sv: 'fredagar', en: 'Fridays' },
  sat: { fi: 'lauantaisin', sv: 'lördagar', en: 'Saturdays' },
  sun: { fi: 'sunnuntaisin', sv: 'söndagar', en: 'Sundays' },
};
function weeklySlot(d: Pick<SeasonDecided, 'weekday' | 'begins' | 'ends'>): Record<Language, string> {
  const dotted = (t: string) => t.replace(':', '.');
  return {
    fi: `${EVERY_WEEKDAY[d.weekday].fi} klo ${dotted(d.begins)}–${dotted(d.ends)}`,
    sv: `${EVERY_WEEKDAY[d.weekday].sv} kl. ${dotted(d.begins)}–${dotted(d.ends)}`,
    en: `${EVERY_WEEKDAY[d.weekday].en} ${d.begins}–${d.ends}`,
  };
}

/** The series' weeks as the message lists them: the dates booked, and those not with the reason known. */
function seriesFacts(spaceName: string | undefined, weeks: NonNullable<SeasonDecided['weeks']>) {
  const booked = weeks.filter((w) => w.booked).map((w) => finnishDate(w.date));
  const notBooked = weeks.filter((w) => !w.booked).map((w) => ({ date: finnishDate(w.date), note: w.note ?? undefined }));
  return {
    ...(spaceName ? { spaceName } : {}),
    bookedWeeks: booked,
    bookedCount: booked.length,
    ...(notBooked.length ? { notBookedWeeks: notBooked } : {}),
  };
}

/** Why a weekly slot was not allocated (the season's allocation names one of these). */
export const SEASON_REFUSALS: Record<NonNullable<SeasonDecided['refusal']>, Record<Language, string>> = {
  duration: { fi: 'Vuoron pituus ei sovi tilan sääntöihin.', sv: 'Turens längd passar inte lokalens regler.', en: 'The slot’s length does not fit the space’s rules.' },
  interval: { fi: 'Vuoron ajat eivät osu tilan aikajakoon.', sv: 'Turens tider följer inte lokalens tidsindelning.', en: 'The slot’s times are not on the space’s time grid.' },
  opening_hours: { fi: 'Tila ei ole auki koko vuoron ajan.', sv: 'Lokalen är inte öppen under hela turen.', en: 'The space is not open for the whole slot.' },
  clash: { fi: 'Vuoro myönnettiin aiemmin saapuneelle hakemukselle.', sv: 'Turen gick till en ansökan som kom in tidigare.', en: 'The slot went to an application that came in earlier.' },
  not_in_season: { fi: 'Vuoro ei osu kauden ajalle.', sv: 'Turen infaller inte under säsongen.', en: 'The slot does not fall within the season.' },
};

export const premisesRules: NotificationRule[] = [
  // A receipt: the request waits for a manager's approval.
  {
    event: PremisesEvents.bookingRequested,
    ...base,
    template: 'grants.booking_requested',
    view: (d: Requested, c) => bookingFacts(d, c),
  },
  // The booking holds: how to get in, and the calendar entry the cancellation can take away again.
  {
    event: PremisesEvents.bookingConfirmed,
    ...base,
    template: 'grants.booking_confirmed',
    // A season's weekly bookings are told once, by the season's own message with the whole series.
    // A door-code booking is confirmed by the code's message (below), which carries the code and
    // the calendar entry: one email with both, as the booker needs them (issue 11).
    when: (d: Confirmed) => !d.seasonApplicationId && d.access !== 'door_code',
    view: (d: Confirmed, c): TemplateView => {
      const facts = bookingFacts(d, c);
      return {
        ...facts,
        ...accessFacts(d.access),
        ...(d.keyPickup ? { keyPickupWhere: everyLanguage(d.keyPickup.where), keyPickupWhen: everyLanguage(d.keyPickup.when) } : {}),
        ...(d.accessCode ? { accessCode: d.accessCode } : {}),
        attachments: [bookingCalendarEntry({ ...d, spaceName: facts.spaceName, link: facts.link, stamp: d.confirmedAt, mailFrom: c.mailFrom })],
      };
    },
  },
  {
    event: PremisesEvents.bookingDenied,
    ...base,
    template: 'grants.booking_denied',
    view: (d: Denied, c) => ({ ...bookingFacts(d, c), reason: d.reason }),
  },
  // Who cancelled (the booker or staff) and, for staff, why; the calendar entry goes too. A week
  // that went with its whole series is told by the series' one message (season_series_cancelled);
  // a week of a series cancelled alone leaves the series' entry by that week's RECURRENCE-ID.
  // A door code already sent is said here to no longer work: one cancellation, one email (its
  // access_code_revoked then sends none).
  {
    event: PremisesEvents.bookingCancelled,
    ...base,
    template: 'grants.booking_cancelled',
    when: (d: Cancelled) => !d.seasonApplicationId,
    view: (d: Cancelled, c): TemplateView => {
      const facts = bookingFacts(d, c);
      return {
        ...facts,
        byBooker: d.by === 'booker',
        byStaff: d.by === 'staff',
        reason: d.reason,
        seriesWeek: Boolean(d.seriesWeekOf),
        doorCodeSent: d.doorCodeSent === true,
        attachments: [
          d.seriesWeekOf
            ? seriesWeekCancellationEntry({ ...d, spaceName: facts.spaceName, applicationId: d.seriesWeekOf, link: facts.link, stamp: d.cancelledAt, mailFrom: c.mailFrom })
            : bookingCalendarEntry({ ...d, spaceName: facts.spaceName, link: facts.link, stamp: d.cancelledAt, cancelled: true, mailFrom: c.mailFrom }),
        ],
      };
    },
  },
  // A door-code booking's confirmation: the code, when it opens the door, where to read it again
  // (signed in), and the calendar entry the cancellation can take away again. For a week of a
  // season series (its code comes shortly before the week) it is that week's code alone: the
  // series' one recurring entry is already in the calendar, so no entry of its own.
  {
    event: PremisesEvents.accessCodeIssued,
    ...base,
    template: 'grants.access_code_issued',
    view: (d: CodeIssued, c): TemplateView => {
      // Sealed by the grants service for this service only (ADR 0015): opened here, shown to the booker.
      const accessCode = d.sealedCode ? c.openSealed?.(d.sealedCode, doorCodePurpose(d.bookingId)) : undefined;
      const facts = bookingFacts(d, c);
      const seriesWeek = Boolean(d.seasonApplicationId);
      return {
        ...facts,
        seriesWeek,
        valid: helsinkiSpan(new Date(d.validFrom), new Date(d.validUntil)),
        ...(accessCode ? { participantOnly: { accessCode } } : {}),
        ...(seriesWeek ? {} : { attachments: [bookingCalendarEntry({ ...d, spaceName: facts.spaceName, link: facts.link, stamp: d.issuedAt, mailFrom: c.mailFrom })] }),
        link: d.accessUrl,
      };
    },
  },
  // Told only when no other message says it: a week that went with its series is named by the
  // series' one message, and a cancellation that knew of the code said it (toldWithCancellation).
  // A cancellation waits for a code being given, so it knows of every code: this message is only
  // a guard, should a code ever be revoked that its cancellation did not know of (docs/adr/0015).
  {
    event: PremisesEvents.accessCodeRevoked,
    ...base,
    template: 'grants.access_code_revoked',
    when: (d: CodeRevoked) => !d.seasonApplicationId && !d.toldWithCancellation,
    view: (d: CodeRevoked, c) => bookingFacts(d, c),
  },
  // A season's allocation, to the applicant: the weekly slot is the association's — the weeks
  // booked and those not (holidays), with one recurring calendar entry for the series, instead
  // of a confirmation a week — or why not.
  {
    event: PremisesEvents.seasonApplicationDecided,
    topic: PREMISES_TOPIC,
    itemKey: (d: SeasonDecided) => `premises-season-application:${d.applicationId}`,
    addressedTo: (d: SeasonDecided) => [d.applicantSub],
    template: 'grants.season_application_decided',
    view: (d: SeasonDecided, c): TemplateView => {
      const link = seasonPage(d.seasonId, c);
      const allocated = d.outcome === 'allocated';
      const weeks = allocated ? (d.weeks ?? []) : [];
      const slot = weeklySlot(d);
      const spaceName = spaceNameIn(d, c);
      const seasonName = seasonNameIn(d, c);
      return {
        seasonName,
        slot,
        allocated,
        refusal: d.outcome === 'rejected' && d.refusal ? SEASON_REFUSALS[d.refusal] : undefined,
        ...(weeks.length ? seriesFacts(spaceName, weeks) : {}),
        summary: seasonName,
        link,
        ...(weeks.some((w) => w.booked)
          ? {
              attachments: [
                seriesCalendarEntry({
                  applicationId: d.applicationId,
                  summary: spaceName ? `${spaceName} (${seasonName})` : seasonName,
                  weeks,
                  begins: d.begins,
                  ends: d.ends,
                  link,
                  stamp: d.decidedAt,
                  mailFrom: c.mailFrom,
                }),
              ],
            }
          : {}),
      };
    },
  },
  // Staff cancelled the series: one message with the weeks cancelled, the reason, and a CANCEL
  // under the series' own UID, so the booker's calendar loses every cancelled week.
  {
    event: PremisesEvents.seasonSeriesCancelled,
    topic: PREMISES_TOPIC,
    itemKey: (d: SeriesCancelled) => `premises-season-application:${d.applicationId}`,
    addressedTo: (d: SeriesCancelled) => [d.applicantSub],
    template: 'grants.season_series_cancelled',
    immediate: true,
    view: (d: SeriesCancelled, c): TemplateView => {
      const link = seasonPage(d.seasonId, c);
      const spaceName = spaceNameIn(d, c);
      const seasonName = seasonNameIn(d, c);
      return {
        seasonName,
        ...(spaceName ? { spaceName } : {}),
        slot: weeklySlot(d),
        cancelledWeeks: d.cancelledDates.map(finnishDate),
        ...(d.revokedCodeDates?.length ? { revokedCodeWeeks: d.revokedCodeDates.map(finnishDate) } : {}),
        whole: d.whole,
        reason: d.reason,
        summary: seasonName,
        link,
        attachments: [
          seriesCancellationEntry({
            applicationId: d.applicationId,
            summary: spaceName ? `${spaceName} (${seasonName})` : seasonName,
            dates: d.dates,
            cancelled: d.cancelledDates,
            whole: d.whole,
            begins: d.begins,
            ends: d.ends,
            link,
            stamp: d.cancelledAt,
            mailFrom: c.mailFrom,
          }),
        ],
      };
    },
  },
];

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const SAMPLE_LINK = `http://localhost:8080/premises/bookings/${SAMPLE_ID}`;
const SAMPLE_BOOKING = {
  spaceName: 'Kallion nuorisotalo, sali',
  when: { fi: 'ti 15.6.2027 klo 17.00–19.00', sv: 'tis 15.6.2027 kl. 17.00–19.00', en: 'Tue 15.6.2027 17:00–19:00' },
  summary: 'Kallion nuorisotalo, sali, ti 15.6.2027 klo 17.00–19.00',
  link: SAMPLE_LINK,
};

export const PREMISES_SAMPLE_VIEWS: Record<string, TemplateView> = {
  'grants.season_series_cancelled': {
    seasonName: 'Syyskausi 2027',
    spaceName: 'Kallion nuorisotalo, sali',
    slot: weeklySlot({ weekday: 'tue', begins: '17:00', ends: '19:00' }),
    cancelledWeeks: ['12.10.2027', '19.10.2027', '26.10.2027'],
    revokedCodeWeeks: ['12.10.2027'],
    whole: false,
    reason: 'Salin lattia uusitaan.',
    summary: 'Syyskausi 2027',
    link: `http://localhost:8080/premises/seasons/${SAMPLE_ID}`,
  },
  'grants.booking_requested': SAMPLE_BOOKING,
  'grants.booking_confirmed': {
    ...SAMPLE_BOOKING,
    doorCode: false,
    keyPickup: true,
    openedByStaff: false,
    keyPickupWhere: { fi: 'Kallion kirjaston asiakaspalvelu', sv: 'Berghälls biblioteks kundtjänst', en: 'Kallio library’s customer service' },
    keyPickupWhen: { fi: 'varausta edeltävänä arkipäivänä klo 9–16', sv: 'vardagen före bokningen kl. 9–16', en: 'on the weekday before the booking, 9:00–16:00' },
  },
  'grants.booking_denied': { ...SAMPLE_BOOKING, reason: 'Salissa on samana iltana kunnostustöitä.' },
  'grants.booking_cancelled': { ...SAMPLE_BOOKING, byBooker: false, byStaff: true, reason: 'Vesivahinko salissa.', seriesWeek: false, doorCodeSent: true },
  'grants.access_code_issued': {
    ...SAMPLE_BOOKING,
    valid: { fi: 'ti 15.6.2027 klo 16.45–19.15', sv: 'tis 15.6.2027 kl. 16.45–19.15', en: 'Tue 15.6.2027 16:45–19:15' },
  },
  'grants.access_code_revoked': SAMPLE_BOOKING,
  'grants.season_application_decided': {
    seasonName: 'Syyskausi 2027',
    slot: weeklySlot({ weekday: 'tue', begins: '17:00', ends: '19:00' }),
    allocated: true,
    spaceName: 'Kallion nuorisotalo, sali',
    bookedWeeks: ['7.9.2027', '14.9.2027', '21.9.2027', '5.10.2027'],
    bookedCount: 4,
    notBookedWeeks: [{ date: '28.9.2027', note: 'Remontti' }],
    summary: 'Syyskausi 2027',
    link: `http://localhost:8080/premises/seasons/${SAMPLE_ID}`,
  },
};
