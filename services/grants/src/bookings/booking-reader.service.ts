import { Injectable } from '@nestjs/common';
import { AuthUser } from '@vaikuta/auth';
import type { PremisesHttp } from '@vaikuta/contracts';
import { ValidationProblem } from '@vaikuta/http';
import { Clock } from '@vaikuta/domain';
import { SpaceService } from '../spaces/space.service';
import { cutWindows, freeWindows, MAX_AVAILABILITY_DAYS } from './availability';
import { BookingRepository } from './booking.repository';
import { bookingOf, staffBookingOf } from './booking-views';
import { addDays, daysBetween, formatLocal, readLocal, startOfLocalDay } from './helsinki-time';

const DAY = 86_400_000;

/** Reading bookings: a person's own, the managers' queue, and a space's free time for anyone. */
@Injectable()
export class BookingReaderService {
  constructor(
    private readonly repository: BookingRepository,
    private readonly spaces: SpaceService,
    private readonly clock: Clock,
  ) {}

  async mine(user: AuthUser, query: PremisesHttp.BookingListQuery): Promise<PremisesHttp.BookingList> {
    const page = await this.repository.mine(user.sub, query);
    return { items: page.items.map(bookingOf), nextCursor: page.nextCursor };
  }

  async queue(query: PremisesHttp.BookingQueueQuery): Promise<PremisesHttp.BookingQueue> {
    const page = await this.repository.queue(query);
    return { items: page.items.map(staffBookingOf), nextCursor: page.nextCursor };
  }

  /** Free windows on the local days from..to (cut to the times when times are given); no one's bookings show, only that time is not free. */
  async availability(spaceId: string, query: PremisesHttp.AvailabilityQuery): Promise<PremisesHttp.Availability> {
    const from = availabilityBound(query.from, 'from');
    const to = availabilityBound(query.to, 'to');
    const span = daysBetween(from.date, to.date);
    if (span < 0 || (from.at && to.at && to.at <= from.at)) throw ValidationProblem.field('to', 'Must be after from');
    if (span >= MAX_AVAILABILITY_DAYS) throw ValidationProblem.field('to', `At most ${MAX_AVAILABILITY_DAYS} days from from`);
    const space = await this.spaces.space(spaceId);
    // A day either side covers every buffer (at most 4 h each way).
    const held = await this.repository.heldRanges(space.id, {
      begin: new Date(startOfLocalDay(from.date).getTime() - DAY),
      end: new Date(startOfLocalDay(addDays(to.date, 1)).getTime() + DAY),
    });
    const windows = freeWindows(space, from.date, to.date, this.clock.now(), held);
    const slots = cutWindows(windows, from.at, to.at, space.rules);
    return {
      spaceId: space.id,
      timeZone: 'Europe/Helsinki',
      from: query.from,
      to: query.to,
      startIntervalMinutes: space.rules.startIntervalMinutes,
      minDurationMinutes: space.rules.minDurationMinutes,
      maxDurationMinutes: space.rules.maxDurationMinutes,
      slots: slots.map((s) => ({ begin: formatLocal(s.begin), end: formatLocal(s.end) })),
    };
  }
}

/** A query bound as a local date, and the instant itself when a time was given. */
function availabilityBound(value: string, field: 'from' | 'to'): { date: string; at?: number } {
  const at = value.length > 10 ? Date.parse(value) : undefined;
  const date = at === undefined ? value : readLocal(new Date(at)).date;
  if (date < '2000-01-01' || date > '2100-12-31') throw ValidationProblem.field(field, 'A date between 2000 and 2100');
  return { date, at };
}
