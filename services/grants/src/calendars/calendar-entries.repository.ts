import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PremisesHttp } from '@vaikuta/contracts';

/** A time a space is taken: when only, never by whom or why. */
export interface BusyTime {
  bookingId: string;
  begin: Date;
  end: Date;
}

/** One of a person's bookings with what their calendar shows of the space. */
export interface OwnBooking extends BusyTime {
  state: PremisesHttp.BookingState;
  spaceName: PremisesHttp.PremisesText;
  address: string;
  accessType: PremisesHttp.AccessType;
  keyPickup: PremisesHttp.KeyPickup | null;
  /** Grows with each change, so calendars apply a cancellation over the entry they hold. */
  version: number;
  updatedAt: Date;
}

/** What the feeds read of `bookings` and `spaces`. */
@Injectable()
export class CalendarEntriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Bookings and maintenance blocks holding the space's time in [from, to), their own time (buffers are the rules' business). */
  async busy(spaceId: string, from: Date, to: Date, limit: number): Promise<BusyTime[]> {
    const rows: { id: string; begin: Date; end: Date }[] = await this.dataSource.query(
      `SELECT id, lower(during) AS begin, upper(during) AS "end" FROM bookings
        WHERE space_id = $1 AND state IN ('requires_handling', 'confirmed') AND during && tstzrange($2, $3, '[)')
        ORDER BY lower(during), id LIMIT $4`,
      [spaceId, from, to, limit],
    );
    return rows.map((r) => ({ bookingId: r.id, begin: new Date(r.begin), end: new Date(r.end) }));
  }

  /** The person's bookings ending after `since`, cancelled and denied ones too (their calendar drops them). */
  async own(bookerSub: string, since: Date, limit: number): Promise<OwnBooking[]> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT b.id, b.state, lower(b.during) AS begin, upper(b.during) AS "end", b.version, b.updated_at,
              s.name, s.address, s.access_type, s.key_pickup
         FROM bookings b JOIN spaces s ON s.id = b.space_id
        WHERE b.booker_sub = $1 AND upper(b.during) > $2
        ORDER BY lower(b.during), b.id LIMIT $3`,
      [bookerSub, since, limit],
    );
    return rows.map((r) => ({
      bookingId: r.id,
      state: r.state,
      begin: new Date(r.begin),
      end: new Date(r.end),
      version: r.version,
      updatedAt: new Date(r.updated_at),
      spaceName: r.name,
      address: r.address,
      accessType: r.access_type,
      keyPickup: r.key_pickup,
    }));
  }
}
