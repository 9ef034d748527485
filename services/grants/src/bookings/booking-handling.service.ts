import { Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuthUser } from '@vaikuta/auth';
import { PremisesEvents, type PremisesHttp } from '@vaikuta/contracts';
import { Clock, outboxEvent, VersionedChange } from '@vaikuta/domain';
import { OutboxWriter } from '@vaikuta/messaging';
import { DoorAccessCodeRepository } from '../door-access/door-access-code.repository';
import { premisesStaffActor, SpaceService } from '../spaces/space.service';
import { Booking } from './booking.entity';
import { BookingRuleProblem, BookingStateProblem } from './booking-problems';
import { BookingRecord, BookingRepository } from './booking.repository';
import { accessOf, bookingViewFor, isPremisesStaff, spaceNamesOf, staffBookingOf } from './booking-views';
import { formatLocal } from './helsinki-time';

/**
 * A booking's steps after it was made: managers confirm or deny a request; the booker cancels
 * before the deadline, staff any time. Each step is a versioned change with its audit entry and
 * event in one transaction. Someone else's booking answers 404, as one that does not exist.
 */
@Injectable()
export class BookingHandlingService {
  private readonly changes: VersionedChange<Booking>;

  constructor(
    private readonly repository: BookingRepository,
    private readonly spaces: SpaceService,
    private readonly doorCodes: DoorAccessCodeRepository,
    outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {
    this.changes = new VersionedChange(repository.dataSource, outbox, {
      entity: Booking,
      audit: repository.auditLog,
      notFound: (id) => new NotFoundException(`No booking ${id}`),
      clock,
    });
  }

  async confirm(id: string, body: PremisesHttp.ConfirmBookingRequest, user: AuthUser): Promise<PremisesHttp.StaffBookingView> {
    await this.changes.apply({ id, expectedVersion: body.version, actor: premisesStaffActor(user) }, async (booking, m) => {
      if (booking.state !== 'requires_handling') throw new BookingStateProblem(booking.state, 'confirmed');
      booking.state = 'confirmed';
      const ref = await this.eventRef(m, booking);
      return {
        action: 'confirmed',
        events: (_b, at) => [outboxEvent(PremisesEvents.bookingConfirmed, { ...ref.data, ...ref.access, confirmedAt: at })],
      };
    });
    return staffBookingOf(await this.record(id));
  }

  async deny(id: string, body: PremisesHttp.DenyBookingRequest, user: AuthUser): Promise<PremisesHttp.StaffBookingView> {
    await this.changes.apply({ id, expectedVersion: body.version, actor: premisesStaffActor(user) }, async (booking, m) => {
      if (booking.state !== 'requires_handling') throw new BookingStateProblem(booking.state, 'denied');
      booking.state = 'denied';
      booking.reason = body.reason;
      const ref = await this.eventRef(m, booking);
      return {
        action: 'denied',
        details: { reason: body.reason },
        events: (_b, at) => [outboxEvent(PremisesEvents.bookingDenied, { ...ref.data, reason: body.reason, deniedAt: at })],
      };
    });
    return staffBookingOf(await this.record(id));
  }

  /** The booker until the deadline (a request any time before it is handled), staff always; the time is free at once. */
  async cancel(id: string, body: PremisesHttp.CancelBookingRequest, user: AuthUser): Promise<PremisesHttp.Booking | PremisesHttp.StaffBookingView> {
    await this.cancelBooking(id, body, user);
    return bookingViewFor(user, await this.record(id));
  }

  /**
   * A week going with its season series' cancellation, whose own event tells the booker (once,
   * not a message a week). Answers whether the week's door code had been sent, as read in the
   * transaction that cancelled it: the series' message names those weeks.
   */
  async cancelSeriesWeek(id: string, body: PremisesHttp.CancelBookingRequest, user: AuthUser, seasonApplicationId: string): Promise<{ doorCodeSent: boolean }> {
    return this.cancelBooking(id, body, user, { seasonApplicationId });
  }

  private async cancelBooking(
    id: string,
    body: PremisesHttp.CancelBookingRequest,
    user: AuthUser,
    series?: { seasonApplicationId: string },
  ): Promise<{ doorCodeSent: boolean }> {
    const staff = isPremisesStaff(user);
    let doorCodeSent = false;
    await this.repository.dataSource.transaction(async (tx) => {
      // A code being given right now (the series sweep read the booking before this cancellation)
      // is waited for, so it is read below as sent and no code is given after the cancellation.
      // Before the booking's row lock: the issuer holds this lock while it writes its code row.
      await this.doorCodes.lockBooking(tx, id);
      await this.changes.applyIn(
        tx,
        {
          id,
          expectedVersion: body.version,
          actor: staff ? premisesStaffActor(user) : { id: user.sub, role: 'booker' },
          authorize: (booking) => {
            if (!staff && booking.bookerSub !== user.sub) throw new NotFoundException(`No booking ${id}`);
          },
        },
        async (booking, m) => {
          if (booking.state !== 'requires_handling' && booking.state !== 'confirmed') throw new BookingStateProblem(booking.state, 'cancelled');
          if (!staff && booking.state === 'confirmed' && this.clock.now().getTime() > booking.cancellableUntil.getTime()) {
            throw new BookingRuleProblem([
              {
                rule: 'cancellation_deadline',
                field: '(body)',
                message: `The booker may cancel until ${formatLocal(booking.cancellableUntil)}; after that, ask the premises staff`,
              },
            ]);
          }
          booking.state = 'cancelled';
          booking.reason = body.reason || null;
          const by = staff ? ('staff' as const) : ('booker' as const);
          const reason = body.reason ? { reason: body.reason } : {};
          // A maintenance block has no booker to tell; door access and calendars read the table.
          const ref = booking.bookerSub ? await this.eventRef(m, booking) : null;
          // A week of a season series sits in the booker's calendar as an occurrence of the series' entry.
          const seriesWeekOf = ref ? await this.repository.seasonApplicationOf(booking.id, m) : null;
          // A code already in the booker's hands is revoked because of this cancellation: its message
          // says so, and the revocation's own event then tells the booker nothing more (one email).
          const codeSent = ref ? (await this.doorCodes.find(booking.id, m))?.status === 'issued' : false;
          doorCodeSent = codeSent;
          return {
            action: 'cancelled',
            details: { by, ...reason },
            events: (_b, at) =>
              ref
                ? [
                    outboxEvent(PremisesEvents.bookingCancelled, {
                      ...ref.data,
                      by,
                      ...reason,
                      ...(series ?? {}),
                      ...(seriesWeekOf ? { seriesWeekOf } : {}),
                      ...(codeSent ? { doorCodeSent: codeSent } : {}),
                      cancelledAt: at,
                    }),
                  ]
                : [],
          };
        },
      );
    });
    return { doorCodeSent };
  }

  /** A booking the caller may see (theirs, or any for staff), or 404. */
  async detail(id: string, user: AuthUser): Promise<PremisesHttp.Booking | PremisesHttp.StaffBookingView> {
    const record = await this.repository.find(id);
    if (!record || (!isPremisesStaff(user) && record.booking.bookerSub !== user.sub)) throw new NotFoundException(`No booking ${id}`);
    return bookingViewFor(user, record);
  }

  private async record(id: string): Promise<BookingRecord> {
    return (await this.repository.find(id))!;
  }

  /** The event fields every booking event carries, read in the change's transaction. */
  private async eventRef(m: EntityManager, booking: Booking) {
    const record = (await this.repository.find(booking.id, m))!;
    const space = await this.spaces.space(booking.spaceId);
    return {
      access: accessOf(space),
      data: {
        bookingId: booking.id,
        spaceId: booking.spaceId,
        ...spaceNamesOf(space.name),
        begin: record.begin.toISOString(),
        end: record.end.toISOString(),
        bookerSub: booking.bookerSub!,
      },
    };
  }
}
