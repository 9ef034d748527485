import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuthUser } from '@vaikuta/auth';
import { doorCodePurpose, EventData, PremisesEvents, type PremisesHttp } from '@vaikuta/contracts';
import { Clock } from '@vaikuta/domain';
import { EventSeal, OutboxWriter } from '@vaikuta/messaging';
import { BookingRepository } from '../bookings/booking.repository';
import { isPremisesStaff, spaceNamesOf } from '../bookings/booking-views';
import { formatLocal } from '../bookings/helsinki-time';
import { GRANTS_CONFIG, GrantsConfig } from '../grants-config';
import { SpaceService } from '../spaces/space.service';
import { DoorAccessCodeRepository } from './door-access-code.repository';
import { doorCodeWindow } from './door-code-window';
import { LockProvider } from './lock-provider';

type Confirmed = EventData<typeof PremisesEvents.bookingConfirmed>;
type Cancelled = EventData<typeof PremisesEvents.bookingCancelled>;

/**
 * Door codes for confirmed bookings of door-code spaces, got from the lock provider after the
 * booking's own transaction (the consumer of booking events calls these in its inbox
 * transaction), so an unreachable provider delays a code but never loses a confirmation.
 * And how a booker gets in, for the booker and premises staff.
 */
@Injectable()
export class DoorAccessService {
  private readonly logger = new Logger(DoorAccessService.name);
  private readonly seal: EventSeal;

  constructor(
    private readonly codes: DoorAccessCodeRepository,
    private readonly bookings: BookingRepository,
    private readonly spaces: SpaceService,
    private readonly lock: LockProvider,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    @Inject(GRANTS_CONFIG) private readonly config: GrantsConfig,
  ) {
    this.seal = new EventSeal(config.eventSealKey);
  }

  /** How long before a week of a season series its code is given (LOCK_CODE_SERIES_NOTICE_HOURS). */
  private get seriesNoticeMs(): number {
    return this.config.lock.seriesNoticeHours * 3_600_000;
  }

  /**
   * A confirmed door-code booking gets its code; one cancelled meanwhile or already ended gets
   * none. A week of a season series gets its own code only `seriesNoticeHours` before it
   * begins (issueDueSeriesCodes), so the booker is sent each week's code in time for that week
   * instead of a season's worth of codes the day the season is published.
   */
  async issue(event: Confirmed, m: EntityManager): Promise<void> {
    if (event.access !== 'door_code') return;
    // One issuer at a time per booking (the consumer, the series sweep, the reconciler): the
    // second finds the first's code instead of asking the lock again and telling the booker twice.
    await this.lockDoorCode(event.bookingId, m);
    const record = await this.bookings.find(event.bookingId, m);
    const now = this.clock.now();
    if (!record || record.booking.state !== 'confirmed' || record.end.getTime() <= now.getTime()) return;
    if (event.seasonApplicationId && record.begin.getTime() - now.getTime() > this.seriesNoticeMs) return;
    if (await this.codes.find(event.bookingId, m)) return;
    const window = doorCodeWindow(record, this.config.lock);
    const given = await this.lock.create({ bookingId: event.bookingId, lockId: event.spaceId, ...window });
    await this.codes.insertIssued(m, { bookingId: event.bookingId, spaceId: event.spaceId, code: given.accessCode, ...window }, now);
    await this.outbox.append(m, PremisesEvents.accessCodeIssued, {
      ...bookingRefOf(event),
      validFrom: window.validFrom.toISOString(),
      validUntil: window.validUntil.toISOString(),
      accessUrl: `${this.config.portalUrl}/premises/bookings/${event.bookingId}`,
      // Only the notification service holds the key: the booker's email carries the code (ADR 0015).
      sealedCode: this.seal.seal(given.accessCode, doorCodePurpose(event.bookingId)),
      // A week of a series: its message is that week's code, not a booking's confirmation.
      ...(event.seasonApplicationId ? { seasonApplicationId: event.seasonApplicationId } : {}),
      issuedAt: now.toISOString(),
    });
    this.logger.log(`door code issued for booking ${event.bookingId}`);
  }

  /**
   * Gives the weeks of season series whose time has come their codes (SeriesDoorCodes runs it
   * every few minutes); a week the lock provider does not answer for is tried again next time.
   * Returns how many weeks got one.
   */
  async issueDueSeriesCodes(limit = 500): Promise<number> {
    const now = this.clock.now();
    let issued = 0;
    for (const { bookingId } of await this.codes.seriesWeeksDue(now, new Date(now.getTime() + this.seriesNoticeMs), limit)) {
      try {
        await this.bookings.dataSource.transaction(async (m) => this.issue(await this.confirmedEventOf(bookingId, m), m));
        issued++;
      } catch (error) {
        this.logger.warn(`door code for booking ${bookingId} (a week of a series) still pending: ${(error as Error).message}`);
      }
    }
    return issued;
  }

  /**
   * Brings the provider in line with the stored codes: upcoming confirmed bookings without a
   * code get one, and those with one are asked again (the provider answers the code it holds;
   * an in-memory stand-in restarted since gives a new one, which replaces ours). The demo seed
   * runs it; it needs no events. Returns how many bookings have a code afterwards.
   */
  async reconcile(limit = 500): Promise<{ issued: number; pending: number }> {
    let issued = 0;
    let pending = 0;
    const now = this.clock.now();
    for (const { bookingId, hasCode } of await this.codes.upcomingDoorCodeBookings(now, limit, new Date(now.getTime() + this.seriesNoticeMs))) {
      try {
        await this.bookings.dataSource.transaction(async (m) => {
          if (!hasCode) return this.issue(await this.confirmedEventOf(bookingId, m), m);
          const stored = (await this.codes.find(bookingId, m))!;
          const given = await this.lock.create({ bookingId, lockId: stored.spaceId, validFrom: stored.validFrom, validUntil: stored.validUntil });
          if (stored.status === 'issued' && given.accessCode !== stored.code) await this.codes.replaceCode(m, bookingId, given.accessCode);
        });
        issued++;
      } catch (error) {
        this.logger.warn(`door code for booking ${bookingId} still pending: ${(error as Error).message}`);
        pending++;
      }
    }
    return { issued, pending };
  }

  /** What a booking_confirmed event would carry, for a booking confirmed before codes were given. */
  private async confirmedEventOf(bookingId: string, m: EntityManager): Promise<Confirmed> {
    const record = (await this.bookings.find(bookingId, m))!;
    const space = await this.spaces.space(record.booking.spaceId);
    const seasonApplicationId = await this.bookings.seasonApplicationOf(bookingId, m);
    return {
      ...(seasonApplicationId ? { seasonApplicationId } : {}),
      bookingId,
      spaceId: space.id,
      ...spaceNamesOf(space.name),
      begin: record.begin.toISOString(),
      end: record.end.toISOString(),
      bookerSub: record.booking.bookerSub!,
      access: space.accessType,
      confirmedAt: record.booking.updatedAt.toISOString(),
    };
  }

  /** A cancelled booking's code stops opening the door. */
  async revoke(event: Cancelled, m: EntityManager): Promise<void> {
    // A code being given right now (the series sweep read the booking before it was cancelled)
    // is waited for and then taken back; without the wait, the revoke reached the provider before
    // the code did, and the cancelled booking kept a working code.
    await this.lockDoorCode(event.bookingId, m);
    const stored = await this.codes.find(event.bookingId, m);
    if (!stored) {
      // No row, yet a create may have reached the provider before its answer was lost.
      const space = await this.spaces.space(event.spaceId);
      if (space.accessType === 'door_code') await this.lock.revoke(event.bookingId);
      return;
    }
    if (stored.status !== 'issued') return;
    await this.lock.revoke(event.bookingId);
    const now = this.clock.now();
    await this.codes.markRevoked(m, event.bookingId, now);
    await this.outbox.append(m, PremisesEvents.accessCodeRevoked, {
      ...bookingRefOf(event),
      // A week that went with its series: the series' one message says its code no longer works.
      ...(event.seasonApplicationId ? { seasonApplicationId: event.seasonApplicationId } : {}),
      // The cancellation's message already said the code no longer works. The cancellation waits
      // for a code being given (the same per-booking lock), so it sees every code and none is given
      // after it; without doorCodeSent, this event's own message tells the booker, as a guard only
      // (docs/adr/0015).
      ...(event.doorCodeSent ? { toldWithCancellation: true } : {}),
      revokedAt: now.toISOString(),
    });
    this.logger.log(`door code revoked for booking ${event.bookingId}`);
  }

  /** Giving and taking back a booking's code, one at a time, until the transaction ends. */
  private async lockDoorCode(bookingId: string, m: EntityManager): Promise<void> {
    await this.codes.lockBooking(m, bookingId);
  }

  /** How the booker gets in: the booker's own booking, or any for premises staff; others 404. */
  async access(bookingId: string, user: AuthUser): Promise<PremisesHttp.BookingAccess> {
    const record = await this.bookings.find(bookingId);
    if (!record || record.booking.kind !== 'booking' || (!isPremisesStaff(user) && record.booking.bookerSub !== user.sub)) {
      throw new NotFoundException(`No booking ${bookingId}`);
    }
    const space = await this.spaces.space(record.booking.spaceId);
    switch (space.accessType) {
      case 'key_pickup':
        return { bookingId, accessType: 'key_pickup', keyPickup: space.keyPickup };
      case 'opened_by_staff':
      case 'unrestricted':
        return { bookingId, accessType: space.accessType };
      case 'door_code': {
        const stored = await this.codes.find(bookingId);
        const holding = record.booking.state === 'confirmed' || record.booking.state === 'requires_handling';
        const status = stored ? stored.status : holding ? 'pending' : 'not_issued';
        // A week of a series gets its code only shortly before it: say when, not just "later".
        const seriesWeek = status === 'pending' && record.booking.state === 'confirmed' && (await this.bookings.seasonApplicationOf(bookingId));
        const due = seriesWeek ? new Date(record.begin.getTime() - this.seriesNoticeMs) : null;
        return {
          bookingId,
          accessType: 'door_code',
          status,
          code: stored?.status === 'issued' ? stored.code : null,
          validFrom: stored ? formatLocal(stored.validFrom) : null,
          validUntil: stored ? formatLocal(stored.validUntil) : null,
          // Once due the sweep gives it within minutes; past due it is late (a slow provider), still pending.
          codeDueAt: due && due.getTime() > this.clock.now().getTime() ? formatLocal(due) : null,
        };
      }
    }
  }
}

function bookingRefOf(event: Confirmed | Cancelled) {
  return {
    bookingId: event.bookingId,
    spaceId: event.spaceId,
    spaceName: event.spaceName,
    // Absent from events written before it; the message then names the space by spaceName.
    ...(event.spaceNames ? { spaceNames: event.spaceNames } : {}),
    begin: event.begin,
    end: event.end,
    bookerSub: event.bookerSub,
  };
}
