import type { AuthUser } from '@vaikuta/auth';
import type { PremisesHttp } from '@vaikuta/contracts';
import { formatLocal } from './helsinki-time';
import type { BookingRecord } from './booking.repository';

/** Premises managers and admins: they handle, block and cancel any booking. */
export function isPremisesStaff(user: AuthUser): boolean {
  return user.roles.includes('premises_manager') || user.roles.includes('admin');
}

/** What the booker sees of their booking; times in Helsinki local time with the offset. */
export function bookingOf({ booking, begin, end }: BookingRecord): PremisesHttp.Booking {
  return {
    id: booking.id,
    spaceId: booking.spaceId,
    kind: booking.kind,
    state: booking.state,
    begin: formatLocal(begin),
    end: formatLocal(end),
    associationId: booking.associationId,
    purpose: booking.purpose,
    priceCents: booking.priceCents,
    reason: booking.reason,
    cancellableUntil: formatLocal(booking.cancellableUntil),
    version: booking.version,
    createdAt: booking.createdAt.toISOString(),
  };
}

/** What staff see: also who it is for (a sign-in subject, never a name) and who entered it. */
export function staffBookingOf(record: BookingRecord): PremisesHttp.StaffBookingView {
  return { ...bookingOf(record), bookerSub: record.booking.bookerSub, bookedBy: record.booking.bookedBy };
}

/** The booker sees their view, staff theirs. */
export function bookingViewFor(user: AuthUser, record: BookingRecord): PremisesHttp.Booking | PremisesHttp.StaffBookingView {
  return isPremisesStaff(user) ? staffBookingOf(record) : bookingOf(record);
}

/** A space's name for events and messages: Finnish, else another language. */
export function spaceNameOf(name: PremisesHttp.PremisesText): string {
  return name.fi || name.sv || name.en || '—';
}

/**
 * A space's name as events carry it: `spaceName` in one language (what older readers know) and
 * `spaceNames` in each language the space has, so a message names it in its reader's language.
 */
export function spaceNamesOf(name: PremisesHttp.PremisesText): { spaceName: string; spaceNames?: PremisesHttp.PremisesText } {
  const spaceNames = Object.fromEntries((['fi', 'sv', 'en'] as const).flatMap((l) => (name[l]?.trim() ? [[l, name[l]]] : [])));
  return { spaceName: spaceNameOf(name), ...(Object.keys(spaceNames).length ? { spaceNames } : {}) };
}

/** What a confirmation says of getting in: the access type, and for a key pick-up space where and when. */
export function accessOf(space: { accessType: PremisesHttp.AccessType; keyPickup?: PremisesHttp.KeyPickup | null }) {
  return { access: space.accessType, ...(space.accessType === 'key_pickup' && space.keyPickup ? { keyPickup: space.keyPickup } : {}) };
}
