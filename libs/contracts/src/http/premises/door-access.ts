import { z } from 'zod';
import { keyPickup } from './spaces';

/**
 * `GET /premises/bookings/{bookingId}/access`: how the booker gets in, for the booker, premises
 * managers and admins only. A door-code space's code comes from the lock provider after the
 * booking is confirmed (`pending` until then, or while the provider is unreachable; a week of a
 * season series until shortly before it, `codeDueAt`) and is
 * `revoked` when the booking is cancelled; a booking denied or cancelled before any code was
 * given has `not_issued`.
 */
export const doorCodeStatus = z.enum(['pending', 'issued', 'revoked', 'not_issued']);
export type DoorCodeStatus = z.infer<typeof doorCodeStatus>;

export const bookingAccess = z.discriminatedUnion('accessType', [
  z.object({
    bookingId: z.uuid(),
    accessType: z.literal('door_code'),
    status: doorCodeStatus,
    /** Digits to type at the door; only while `issued`. */
    code: z.string().nullable(),
    /** When the code opens the door: some minutes before the booking to some after, with offset. */
    validFrom: z.string().nullable(),
    validUntil: z.string().nullable(),
    /**
     * While `pending` for a week of a season series: when its code is due (grants'
     * LOCK_CODE_SERIES_NOTICE_HOURS before the week), with offset; otherwise null.
     */
    codeDueAt: z.string().nullable(),
  }),
  z.object({ bookingId: z.uuid(), accessType: z.literal('key_pickup'), keyPickup: keyPickup.nullable() }),
  z.object({ bookingId: z.uuid(), accessType: z.literal('opened_by_staff') }),
  z.object({ bookingId: z.uuid(), accessType: z.literal('unrestricted') }),
]);
export type BookingAccess = z.infer<typeof bookingAccess>;
