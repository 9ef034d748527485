import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { PremisesHttp } from '@vaikuta/contracts';
import { AuditLog, decodeCursor, keysetPage, KeysetPage, SqlConditions } from '@vaikuta/domain';
import { Booking } from './booking.entity';
import type { TimeRange } from './booking-rules';

/** A booking with its own time (the entity leaves the ranges to SQL). */
export interface BookingRecord {
  booking: Booking;
  begin: Date;
  end: Date;
}

/** States that hold time: the exclusion constraint's predicate. */
const HOLDING = `state IN ('requires_handling', 'confirmed')`;

const COLUMNS = `id, space_id, kind, state, booker_sub, booked_by, association_id, purpose, price_cents, cancellable_until, reason,
  version, created_at, updated_at, lower(during) AS begin, upper(during) AS "end"`;

/** PostgreSQL's exclusion_violation: another row of the space already holds the time. */
export const EXCLUSION_VIOLATION = '23P01';
export const DEADLOCK_DETECTED = '40P01';

/** Every query of `bookings`. */
@Injectable()
export class BookingRepository {
  readonly auditLog = new AuditLog('booking_audit');

  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  /**
   * Inserts a row holding `held`; a clash with a held range of the space throws 23P01. False
   * when a row with this id is already there (a retried keyed request, docs/adr/0007).
   */
  async insert(m: EntityManager, booking: Booking, during: TimeRange, held: TimeRange): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO bookings (id, space_id, kind, state, during, held, booker_sub, booked_by, association_id, purpose, price_cents,
         cancellable_until, reason, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, tstzrange($5, $6, '[)'), tstzrange($7, $8, '[)'), $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        booking.id,
        booking.spaceId,
        booking.kind,
        booking.state,
        during.begin,
        during.end,
        held.begin,
        held.end,
        booking.bookerSub,
        booking.bookedBy,
        booking.associationId,
        booking.purpose,
        booking.priceCents,
        booking.cancellableUntil,
        booking.reason,
        booking.version,
        booking.createdAt,
      ],
    );
    return rows.length === 1;
  }

  /** The season application a booking is a week of, if any. */
  async seasonApplicationOf(bookingId: string, m: EntityManager = this.dataSource.manager): Promise<string | null> {
    const [row] = await m.query(`SELECT application_id FROM season_occurrences WHERE booking_id = $1`, [bookingId]);
    return row?.application_id ?? null;
  }

  async find(id: string, m: EntityManager = this.dataSource.manager): Promise<BookingRecord | null> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM bookings WHERE id = $1`, [id]);
    return row ? recordOf(row) : null;
  }

  /**
   * Serialises one person's bookings of one space for the rest of the transaction, so two
   * requests at once cannot both pass the per-person maximum.
   */
  /**
   * The space's version, its row share-locked to the end of the transaction: a change of the
   * rules (which locks the row for update) waits for the booking, or the booking sees it.
   */
  async lockSpaceVersion(m: EntityManager, spaceId: string): Promise<number> {
    const [row] = await m.query(`SELECT version FROM spaces WHERE id = $1 FOR SHARE`, [spaceId]);
    return row.version;
  }

  async lockBooker(m: EntityManager, spaceId: string, bookerSub: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`booking:${spaceId}:${bookerSub}`]);
  }

  /** The person's bookings of the space that hold time and have not ended. */
  async activeCount(m: EntityManager, spaceId: string, bookerSub: string, now: Date): Promise<number> {
    const [row] = await m.query(`SELECT count(*)::int AS n FROM bookings WHERE space_id = $1 AND booker_sub = $2 AND ${HOLDING} AND upper(during) > $3`, [
      spaceId,
      bookerSub,
      now,
    ]);
    return row.n;
  }

  /** The held ranges (buffers included) of a space that touch [from, to): what availability works around. */
  async heldRanges(spaceId: string, range: TimeRange): Promise<TimeRange[]> {
    const rows: { begin: Date; end: Date }[] = await this.dataSource.query(
      `SELECT lower(held) AS begin, upper(held) AS "end" FROM bookings
        WHERE space_id = $1 AND ${HOLDING} AND held && tstzrange($2, $3, '[)') ORDER BY lower(held)`,
      [spaceId, range.begin, range.end],
    );
    return rows.map((r) => ({ begin: new Date(r.begin), end: new Date(r.end) }));
  }

  /** A person's bookings, latest beginning first. */
  async mine(bookerSub: string, query: PremisesHttp.BookingListQuery): Promise<KeysetPage<BookingRecord>> {
    const where = new SqlConditions().add('booker_sub = ?', bookerSub);
    if (query.cursor) where.after('lower(during)', 'id', decodeCursor(query.cursor), { descending: true });
    return this.page(where, 'lower(during) DESC, id DESC', query.limit);
  }

  /** Bookings waiting for a manager, soonest first. */
  async queue(query: PremisesHttp.BookingQueueQuery): Promise<KeysetPage<BookingRecord>> {
    const where = new SqlConditions().raw(`state = 'requires_handling'`);
    if (query.spaceId) where.add('space_id = ?', query.spaceId);
    if (query.cursor) where.after('lower(during)', 'id', decodeCursor(query.cursor));
    return this.page(where, 'lower(during), id', query.limit);
  }

  private async page(where: SqlConditions, order: string, limit: number): Promise<KeysetPage<BookingRecord>> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM bookings WHERE ${where} ORDER BY ${order} LIMIT ${where.param(limit + 1)}`,
      where.params,
    );
    return keysetPage(rows.map(recordOf), limit, (r) => ({ at: r.begin.toISOString(), id: r.booking.id }));
  }
}

function recordOf(row: Record<string, any>): BookingRecord {
  const booking = Object.assign(new Booking(), {
    id: row.id,
    spaceId: row.space_id,
    kind: row.kind,
    state: row.state,
    bookerSub: row.booker_sub,
    bookedBy: row.booked_by,
    associationId: row.association_id,
    purpose: row.purpose,
    priceCents: row.price_cents,
    cancellableUntil: new Date(row.cancellable_until),
    reason: row.reason,
    version: row.version,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  });
  return { booking, begin: new Date(row.begin), end: new Date(row.end) };
}
