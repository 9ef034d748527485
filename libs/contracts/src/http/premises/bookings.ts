import { z } from 'zod';
import { visibleText } from '../text';

/** ISO 8601 with an offset or Z: a time without one would be read in some server's zone. */
const instant = z.iso.datetime({ offset: true, error: 'an ISO 8601 time with an offset, e.g. 2026-12-10T17:00:00+02:00' });

/**
 * `requires_handling` → `confirmed` | `denied`; `requires_handling` | `confirmed` → `cancelled`.
 * Only the first two hold the time (the database's exclusion constraint counts them).
 */
export const bookingState = z.enum(['requires_handling', 'confirmed', 'denied', 'cancelled']);
export type BookingState = z.infer<typeof bookingState>;

/** A person's booking, or staff's maintenance block (no booker, no buffers). */
export const bookingKind = z.enum(['booking', 'maintenance']);
export type BookingKind = z.infer<typeof bookingKind>;

export const createBookingRequest = z.object({
  begin: instant,
  end: instant,
  /** Which association the booking is for, on spaces only associations may book. */
  associationId: z.uuid().optional(),
  /** What the space is used for, shown to the managers handling it; refused (400 `purpose`) when sent with nothing visible. */
  purpose: visibleText({ max: 500 }).optional(),
});
export type CreateBookingRequest = z.infer<typeof createBookingRequest>;

/** Staff book on a person's behalf (by their sign-in subject): confirmed at once, window and per-person limit not applied. */
export const staffBookingRequest = createBookingRequest.extend({ bookerSub: z.string().trim().min(1).max(200) });
export type StaffBookingRequest = z.infer<typeof staffBookingRequest>;

/** A maintenance block: any times, no rules, no buffers; it still never overlaps a held booking. */
export const maintenanceBlockRequest = z.object({ begin: instant, end: instant, reason: visibleText({ max: 500 }) });
export type MaintenanceBlockRequest = z.infer<typeof maintenanceBlockRequest>;

export const confirmBookingRequest = z.object({ version: z.number().int().min(1) });
export type ConfirmBookingRequest = z.infer<typeof confirmBookingRequest>;

export const denyBookingRequest = z.object({ version: z.number().int().min(1), reason: visibleText({ max: 1000 }) });
export type DenyBookingRequest = z.infer<typeof denyBookingRequest>;

/** The reason is optional, but refused (400 `reason`) when sent with nothing visible, as a denial's is. */
export const cancelBookingRequest = z.object({ version: z.number().int().min(1), reason: visibleText({ max: 1000 }).optional() });
export type CancelBookingRequest = z.infer<typeof cancelBookingRequest>;

export const booking = z.object({
  id: z.uuid(),
  spaceId: z.uuid(),
  kind: bookingKind,
  state: bookingState,
  begin: z.string(),
  end: z.string(),
  associationId: z.uuid().nullable(),
  purpose: z.string().nullable(),
  priceCents: z.number().int(),
  reason: z.string().nullable(),
  /** The last moment the booker may cancel; staff may cancel any time. */
  cancellableUntil: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type Booking = z.infer<typeof booking>;

/** What staff see besides: who booked (a sign-in subject, never a name) and who entered it. */
export const staffBookingView = booking.extend({ bookerSub: z.string().nullable(), bookedBy: z.string() });
export type StaffBookingView = z.infer<typeof staffBookingView>;

export const bookingListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export type BookingListQuery = z.infer<typeof bookingListQuery>;

export const bookingQueueQuery = bookingListQuery.extend({ spaceId: z.uuid().optional() });
export type BookingQueueQuery = z.infer<typeof bookingQueueQuery>;

export const bookingList = z.object({ items: z.array(booking), nextCursor: z.string().nullable() });
export type BookingList = z.infer<typeof bookingList>;

export const bookingQueue = z.object({ items: z.array(staffBookingView), nextCursor: z.string().nullable() });
export type BookingQueue = z.infer<typeof bookingQueue>;

/**
 * Local dates (YYYY-MM-DD, Europe/Helsinki), both included, or times with an offset (windows
 * are cut to them); at most 92 days.
 */
const dayOrInstant = z.union([z.iso.date(), instant], { error: 'a date YYYY-MM-DD or an ISO 8601 time with an offset' });
export const availabilityQuery = z.object({ from: dayOrInstant, to: dayOrInstant });
export type AvailabilityQuery = z.infer<typeof availabilityQuery>;

/**
 * Free windows: any booking that begins and ends on the grid inside one, lasting between the
 * minimum and maximum duration, meets every rule of the space at the time of asking.
 */
export const availability = z.object({
  spaceId: z.uuid(),
  timeZone: z.literal('Europe/Helsinki'),
  from: z.string(),
  to: z.string(),
  startIntervalMinutes: z.number().int(),
  minDurationMinutes: z.number().int(),
  maxDurationMinutes: z.number().int(),
  slots: z.array(z.object({ begin: z.string(), end: z.string() })),
});
export type Availability = z.infer<typeof availability>;
