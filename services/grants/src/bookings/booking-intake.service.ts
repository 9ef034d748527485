import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { QueryFailedError, type EntityManager } from 'typeorm';
import { AuthUser } from '@vaikuta/auth';
import { PremisesEvents, type PremisesHttp } from '@vaikuta/contracts';
import { AuditActor, Clock } from '@vaikuta/domain';
import { ValidationProblem } from '@vaikuta/http';
import { OutboxWriter } from '@vaikuta/messaging';
import { AssociationAccessService } from '../associations/association-access.service';
import { premisesStaffActor, SpaceService } from '../spaces/space.service';
import type { Space } from '../spaces/space.entity';
import { Booking } from './booking.entity';
import { BookingClashProblem, BookingRuleProblem, SpaceChangedProblem } from './booking-problems';
import { BookingRecord, BookingRepository, DEADLOCK_DETECTED, EXCLUSION_VIOLATION } from './booking.repository';
import { bookerBreaches, bufferedRange, cancellableUntil, priceCents, RuleBreach, TimeRange, timeBreaches } from './booking-rules';
import { bookingOf, isPremisesStaff, spaceNamesOf, staffBookingOf } from './booking-views';

/** Who a new row is for and what it says besides its time. */
interface NewBooking {
  kind: PremisesHttp.BookingKind;
  state: PremisesHttp.BookingState;
  bookerSub: string | null;
  bookedBy: string;
  associationId: string | null;
  purpose: string | null;
  reason: string | null;
  /** Who did it, for the audit trail. */
  actor: AuditActor;
  /** A week of a published season's series: its confirmation says so (the season's message tells the series). */
  seasonApplicationId?: string;
}

/**
 * Making bookings: a person books for themselves, staff book on a person's behalf or block
 * time for maintenance. Rules about the time are checked first; rules about the person in the
 * insert's transaction under a per-person lock; overlaps (buffers included) only by the
 * database's exclusion constraint, whose refusal is the 409.
 *
 * `requestId` (IdempotentRequestId) is the same for every retry of one keyed request and
 * becomes the row's id. A retry whose first answer never reached Redis (docs/adr/0007) is
 * answered with the row it made, before any rule is checked: its own booking would otherwise
 * hold the time (409) or fill the person's limit (422).
 */
@Injectable()
export class BookingIntakeService {
  constructor(
    private readonly repository: BookingRepository,
    private readonly spaces: SpaceService,
    private readonly associations: AssociationAccessService,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  async book(spaceId: string, body: PremisesHttp.CreateBookingRequest, user: AuthUser, requestId?: string): Promise<PremisesHttp.Booking> {
    const made = await this.madeBy(requestId);
    if (made) return bookingOf(made);
    const space = await this.spaces.space(spaceId);
    const range = rangeOf(body);
    const staff = isPremisesStaff(user);
    // An association named must be one the person acts for (404 or 403 from the one check, ADR 0013).
    if (body.associationId) await this.associations.assertMayAct(user, body.associationId);
    assertNoBreaches(timeBreaches(space, range));
    const record = await this.insert(space, range, {
      kind: 'booking',
      state: space.requiresApproval && !staff ? 'requires_handling' : 'confirmed',
      bookerSub: user.sub,
      bookedBy: user.sub,
      associationId: body.associationId ?? null,
      purpose: body.purpose || null,
      reason: null,
      actor: staff ? premisesStaffActor(user) : { id: user.sub, role: 'booker' },
    }, requestId, async (m, now) => {
      await this.repository.lockBooker(m, space.id, user.sub);
      const activeBookings = await this.repository.activeCount(m, space.id, user.sub, now);
      return bookerBreaches(space, range, now, { staff, actsForAssociation: Boolean(body.associationId), activeBookings });
    });
    return bookingOf(record);
  }

  /** Staff book for a person: confirmed at once; the time rules hold, the window and per-person limit do not. */
  async bookOnBehalf(
    spaceId: string,
    body: PremisesHttp.StaffBookingRequest,
    user: AuthUser,
    requestId?: string,
    series?: { seasonApplicationId: string },
  ): Promise<PremisesHttp.StaffBookingView> {
    const made = await this.madeBy(requestId);
    if (made) return staffBookingOf(made);
    const space = await this.spaces.space(spaceId);
    const range = rangeOf(body);
    // Staff act for no association, so the access check does not apply; the id must still be a real one.
    if (body.associationId && !(await this.associations.exists(body.associationId))) throw ValidationProblem.field('associationId', 'No association with this id in the register');
    assertNoBreaches(timeBreaches(space, range));
    const record = await this.insert(space, range, {
      kind: 'booking',
      state: 'confirmed',
      bookerSub: body.bookerSub,
      bookedBy: user.sub,
      associationId: body.associationId ?? null,
      purpose: body.purpose || null,
      reason: null,
      actor: premisesStaffActor(user),
      seasonApplicationId: series?.seasonApplicationId,
    }, requestId);
    return staffBookingOf(record);
  }

  /** A maintenance block: any time, no buffers; it is refused (409) where a booking holds time. */
  async block(spaceId: string, body: PremisesHttp.MaintenanceBlockRequest, user: AuthUser, requestId?: string): Promise<PremisesHttp.StaffBookingView> {
    const made = await this.madeBy(requestId);
    if (made) return staffBookingOf(made);
    const space = await this.spaces.space(spaceId);
    const range = rangeOf(body);
    if (range.end.getTime() <= range.begin.getTime()) throw new BookingRuleProblem([{ rule: 'duration', field: 'end', message: 'The block must end after it begins' }]);
    const record = await this.insert(space, range, {
      kind: 'maintenance',
      state: 'confirmed',
      bookerSub: null,
      bookedBy: user.sub,
      associationId: null,
      purpose: null,
      reason: body.reason,
      actor: premisesStaffActor(user),
    }, requestId);
    return staffBookingOf(record);
  }

  /** The row a keyed request made already, if this is its retry. */
  private async madeBy(requestId: string | undefined): Promise<BookingRecord | null> {
    return requestId ? this.repository.find(requestId) : null;
  }

  private async insert(
    space: Space,
    range: TimeRange,
    what: NewBooking,
    requestId?: string,
    personRules?: (m: EntityManager, now: Date) => Promise<RuleBreach[]>,
  ): Promise<BookingRecord> {
    const now = this.clock.now();
    const { actor, seasonApplicationId, ...columns } = what;
    const booking = Object.assign(new Booking(), {
      id: requestId ?? randomUUID(),
      spaceId: space.id,
      ...columns,
      priceCents: what.kind === 'booking' ? priceCents(space.rules.price, range) : 0,
      cancellableUntil: cancellableUntil(space.rules, range.begin),
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    const held = what.kind === 'booking' ? bufferedRange(space.rules, range) : range;
    const attempt = () =>
      this.repository.dataSource.transaction(async (m) => {
        // The rules were checked as read before this transaction; a change since then makes the check void.
        if ((await this.repository.lockSpaceVersion(m, space.id)) !== space.version) throw new SpaceChangedProblem();
        if (personRules) assertNoBreaches(await personRules(m, now));
        // Already there: the same retry ran at once (Redis down); its audit row and event stand.
        if (!(await this.repository.insert(m, booking, range, held))) return false;
        await this.repository.auditLog.write(m, {
          entityId: booking.id,
          version: 1,
          action: what.kind === 'maintenance' ? 'blocked' : 'booked',
          actor,
          details: { state: what.state, ...(what.reason ? { reason: what.reason } : {}) },
        });
        if (booking.bookerSub) await this.announce(m, space, booking, range, now, seasonApplicationId);
        return true;
      });
    let inserted: boolean | undefined;
    for (let tries = 1; inserted === undefined; tries++) {
      try {
        inserted = await attempt();
      } catch (error) {
        const code = error instanceof QueryFailedError ? (error.driverError as { code?: string })?.code : undefined;
        if (code === EXCLUSION_VIOLATION) throw new BookingClashProblem();
        // Clashing inserts can each wait for the other's row under the exclusion constraint, and
        // PostgreSQL aborts one; run again, it then meets the other's committed row (409) or a free time.
        if (code === DEADLOCK_DETECTED && tries < 3) continue;
        throw error;
      }
    }
    return inserted ? { booking, begin: range.begin, end: range.end } : (await this.repository.find(booking.id))!;
  }

  private async announce(m: EntityManager, space: Space, booking: Booking, range: TimeRange, now: Date, seasonApplicationId?: string): Promise<void> {
    const ref = {
      bookingId: booking.id,
      spaceId: space.id,
      ...spaceNamesOf(space.name),
      begin: range.begin.toISOString(),
      end: range.end.toISOString(),
      bookerSub: booking.bookerSub!,
    };
    if (booking.state === 'requires_handling') {
      await this.outbox.append(m, PremisesEvents.bookingRequested, { ...ref, requestedAt: now.toISOString() });
    } else {
      await this.outbox.append(m, PremisesEvents.bookingConfirmed, {
        ...ref,
        access: space.accessType,
        ...(seasonApplicationId ? { seasonApplicationId } : {}),
        confirmedAt: now.toISOString(),
      });
    }
  }
}

/**
 * Bookings and blocks live between 2000 and 2100, as availability is asked: the schema takes
 * any four-digit year, and before 1921 Helsinki kept local mean time (+01:39:49), which the
 * local-time arithmetic (whole-hour offsets) cannot read — a year-0 booking was a 500.
 */
const FIRST_INSTANT = Date.UTC(2000, 0, 1);
const LAST_INSTANT = Date.UTC(2101, 0, 1);

function rangeOf(body: { begin: string; end: string }): TimeRange {
  const range = { begin: new Date(body.begin), end: new Date(body.end) };
  const outside = (['begin', 'end'] as const).map((field) => ({ field, at: range[field].getTime() })).filter(({ at }) => !(at >= FIRST_INSTANT && at < LAST_INSTANT));
  if (outside.length) throw new ValidationProblem(outside.map(({ field }) => ({ field, message: 'A time between the years 2000 and 2100' })));
  return range;
}

function assertNoBreaches(breaches: RuleBreach[]): void {
  if (breaches.length) throw new BookingRuleProblem(breaches);
}
