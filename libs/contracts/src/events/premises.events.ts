import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { isoTime } from './common';
import { keyPickup, premisesText } from '../http/premises/spaces';

/** Premises bookings live in the grants service, so their events share its stream. */
const STREAM = 'GRANTS';

/**
 * The space's name in each language it has (as the space answers it), so a message names it in
 * its reader's language. Added later, optional: events already on the stream carry `spaceName` only.
 */
const spaceNames = premisesText.optional();

/**
 * The season's name in each language it has, beside `seasonName` (its Finnish one, else another),
 * so a season message names the season in its reader's language. Added later, optional: events
 * already on the stream carry `seasonName` only.
 */
const seasonNames = premisesText.optional();

/**
 * What every booking event carries: the booking, its space and times, and the booker only as
 * their sign-in subject (`bookerSub`), which the notification service addresses; never a name or
 * contact. Door access and calendars (later features) hang off these events.
 */
const bookingRef = {
  bookingId: z.uuid(),
  spaceId: z.uuid(),
  /** The space's name in one language (Finnish, else another): what events before `spaceNames` carry alone. */
  spaceName: z.string().min(1),
  spaceNames,
  begin: isoTime,
  end: isoTime,
  bookerSub: z.string().min(1),
};

const accessType = z.enum(['door_code', 'key_pickup', 'opened_by_staff', 'unrestricted']);

/** The EventSeal purpose of a booking's door code: a sealed code opens only for its own booking. */
export const doorCodePurpose = (bookingId: string) => `door-code:${bookingId}`;

export const PremisesEvents = {
  bookingRequested: defineEvent({
    type: 'fi.vaikuta.grants.booking_requested.v1',
    subject: 'grants.booking.requested',
    stream: STREAM,
    description: 'A booking of a space that needs approval was made; the booker gets a receipt, managers a task.',
    schema: z.object({ ...bookingRef, requestedAt: isoTime }),
  }),
  bookingConfirmed: defineEvent({
    type: 'fi.vaikuta.grants.booking_confirmed.v1',
    subject: 'grants.booking.confirmed',
    stream: STREAM,
    description:
      'A premises booking was confirmed (at once, or by a manager); the booker gets the access details (door code, key pick-up).',
    schema: z.object({
      ...bookingRef,
      access: accessType,
      /** For a key pick-up space: where and when the key is picked up (the space's public words). */
      keyPickup: keyPickup.optional(),
      /**
       * Set when a season's publication made the booking (one of a weekly series): the season's
       * own message tells the whole series, so no message is sent for each week.
       */
      seasonApplicationId: z.uuid().optional(),
      confirmedAt: isoTime,
    }),
  }),
  bookingDenied: defineEvent({
    type: 'fi.vaikuta.grants.booking_denied.v1',
    subject: 'grants.booking.denied',
    stream: STREAM,
    description: 'A manager refused a booking request, with the reason told to the booker.',
    schema: z.object({ ...bookingRef, reason: z.string().min(1), deniedAt: isoTime }),
  }),
  bookingCancelled: defineEvent({
    type: 'fi.vaikuta.grants.booking_cancelled.v1',
    subject: 'grants.booking.cancelled',
    stream: STREAM,
    description: 'A booking was cancelled by its booker or by staff; its time is free again and any door code is to be revoked.',
    schema: z.object({
      ...bookingRef,
      by: z.enum(['booker', 'staff']),
      reason: z.string().optional(),
      /** Set when the week went with its season series' cancellation: season_series_cancelled tells the booker, once. */
      seasonApplicationId: z.uuid().optional(),
      /**
       * The season application the booking is a week of, however it was cancelled: the booker's
       * calendar holds that series' one recurring entry, so a week cancelled alone is taken out
       * of it (by RECURRENCE-ID under the series' UID), not by a UID of its own.
       */
      seriesWeekOf: z.uuid().optional(),
      /**
       * The booker had been sent this booking's door code: it is revoked with the cancellation
       * (access_code_revoked follows), and the cancellation's one message says it no longer works.
       */
      doorCodeSent: z.boolean().optional(),
      cancelledAt: isoTime,
    }),
  }),
  /**
   * The code itself is never in an event (docs/adr/0015): a stream is kept, replicated and read
   * by every consumer, and a door code opens a building. The booker reads it at `accessUrl`.
   */
  accessCodeIssued: defineEvent({
    type: 'fi.vaikuta.grants.access_code_issued.v1',
    subject: 'grants.access_code.issued',
    stream: STREAM,
    description:
      'The lock provider gave a door code for a confirmed booking; the booker is told it is ready, when it works and where to read it (signed in).',
    schema: z.object({
      ...bookingRef,
      validFrom: isoTime,
      validUntil: isoTime,
      accessUrl: z.url(),
      /**
       * The code sealed for the notification service (libs/messaging EventSeal, purpose
       * `door-code:<bookingId>`): ciphertext on the stream, digits only in the booker's email.
       */
      sealedCode: z.string().min(1).max(500).optional(),
      /**
       * Set for a week of a season series: the code comes shortly before that week (grants'
       * LOCK_CODE_SERIES_NOTICE_HOURS), so the message is the week's code, its booking having
       * been told with the series.
       */
      seasonApplicationId: z.uuid().optional(),
      issuedAt: isoTime,
    }),
  }),
  accessCodeRevoked: defineEvent({
    type: 'fi.vaikuta.grants.access_code_revoked.v1',
    subject: 'grants.access_code.revoked',
    stream: STREAM,
    description: 'A cancelled booking’s door code was revoked at the lock provider; the door no longer opens with it.',
    schema: z.object({
      ...bookingRef,
      /** Set when the week went with its season series' cancellation: season_series_cancelled tells the booker (revokedCodeDates). */
      seasonApplicationId: z.uuid().optional(),
      /**
       * The booking's booking_cancelled already told the booker the code no longer works
       * (its doorCodeSent): one message for one cancellation. The cancellation waits for a code
       * being given, so it knows of every code; unset, this message tells the code's revocation
       * itself, a guard only (docs/adr/0015).
       */
      toldWithCancellation: z.boolean().optional(),
      revokedAt: isoTime,
    }),
  }),
  /** Told to each applicant when a season's allocation is published: the slot is theirs (its bookings follow) or why not. */
  seasonApplicationDecided: defineEvent({
    type: 'fi.vaikuta.grants.season_application_decided.v1',
    subject: 'grants.season_application.decided',
    stream: STREAM,
    description:
      'A season was published: the association’s weekly slot was allocated (its bookings are made) or refused (outside the rules or hours, or lost to an earlier application).',
    schema: z.object({
      applicationId: z.uuid(),
      seasonId: z.uuid(),
      seasonName: z.string().min(1),
      seasonNames,
      associationId: z.uuid(),
      applicantSub: z.string().min(1),
      spaceId: z.uuid(),
      /** The space's name (its Finnish one), for the series' calendar entry. */
      spaceName: z.string().min(1).optional(),
      spaceNames,
      weekday: z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']),
      begins: z.string(),
      ends: z.string(),
      outcome: z.enum(['allocated', 'rejected']),
      refusal: z.enum(['duration', 'interval', 'opening_hours', 'clash', 'not_in_season']).nullable(),
      /**
       * For an allocated slot: the season's weeks on its weekday, each to be booked or not (a
       * skipped date, or a day the space is closed, with the opening-hours exception's note).
       */
      weeks: z.array(z.object({ date: z.iso.date(), booked: z.boolean(), note: z.string().nullable() })).optional(),
      decidedAt: isoTime,
    }),
  }),
  /** Told to the applicant when staff cancel a season's series: the weeks still to come are cancelled (their bookings' own events follow). */
  seasonSeriesCancelled: defineEvent({
    type: 'fi.vaikuta.grants.season_series_cancelled.v1',
    subject: 'grants.season_series.cancelled',
    stream: STREAM,
    description: 'Premises staff cancelled a season series: its weeks still to come are cancelled, the weeks held stay.',
    schema: z.object({
      applicationId: z.uuid(),
      seasonId: z.uuid(),
      seasonName: z.string().min(1),
      seasonNames,
      applicantSub: z.string().min(1),
      spaceName: z.string().min(1).optional(),
      spaceNames,
      weekday: z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']),
      begins: z.string(),
      ends: z.string(),
      /** Every date of the series (as season_application_decided's weeks): the calendar entry's recurrence. */
      dates: z.array(z.iso.date()).min(1),
      /** The weeks cancelled, by this cancellation or an interrupted one before it. */
      cancelledDates: z.array(z.iso.date()).min(1),
      /**
       * The cancelled weeks whose door code had been sent: the codes are revoked at the lock (the
       * weeks' own events), and this message says so instead of an email a code.
       */
      revokedCodeDates: z.array(z.iso.date()).optional(),
      /** No booked week is left: the whole series is gone from the calendar. */
      whole: z.boolean(),
      reason: z.string().optional(),
      cancelledAt: isoTime,
    }),
  }),
} as const;
