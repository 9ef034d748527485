import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A booking's door code as stored; `code` only while issued. */
export interface DoorAccessCode {
  bookingId: string;
  spaceId: string;
  status: 'issued' | 'revoked';
  code: string | null;
  validFrom: Date;
  validUntil: Date;
}

/** Every query of `door_access_codes`. */
@Injectable()
export class DoorAccessCodeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(bookingId: string, m: EntityManager = this.dataSource.manager): Promise<DoorAccessCode | null> {
    const [row] = await m.query(
      `SELECT booking_id, space_id, status, code, valid_from, valid_until FROM door_access_codes WHERE booking_id = $1`,
      [bookingId],
    );
    return row
      ? {
          bookingId: row.booking_id,
          spaceId: row.space_id,
          status: row.status,
          code: row.code,
          validFrom: new Date(row.valid_from),
          validUntil: new Date(row.valid_until),
        }
      : null;
  }

  /**
   * Giving, taking back and cancelling a booking's code, one at a time, until the transaction
   * ends. Taken before the booking's row lock wherever both are held: the issuer holds this one
   * while its code row's reference waits on the booking row.
   */
  async lockBooking(m: EntityManager, bookingId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('door-code'), hashtext($1))`, [bookingId]);
  }

  /** The code given for a booking; a row already there (a redelivered event) is left as it is. */
  async insertIssued(m: EntityManager, code: Omit<DoorAccessCode, 'status'>, at: Date): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO door_access_codes (booking_id, space_id, status, code, valid_from, valid_until, issued_at)
       VALUES ($1, $2, 'issued', $3, $4, $5, $6) ON CONFLICT (booking_id) DO NOTHING RETURNING booking_id`,
      [code.bookingId, code.spaceId, code.code, code.validFrom, code.validUntil, at],
    );
    return rows.length > 0;
  }

  /** Forgets the code of a revoked booking, keeping when it would have worked. */
  async markRevoked(m: EntityManager, bookingId: string, at: Date): Promise<void> {
    await m.query(`UPDATE door_access_codes SET status = 'revoked', code = NULL, revoked_at = $2 WHERE booking_id = $1 AND status = 'issued'`, [
      bookingId,
      at,
    ]);
  }

  /** A code the provider now gives differently (a provider that lost its memory gave a new one). */
  async replaceCode(m: EntityManager, bookingId: string, code: string): Promise<void> {
    await m.query(`UPDATE door_access_codes SET code = $2 WHERE booking_id = $1 AND status = 'issued'`, [bookingId, code]);
  }

  /**
   * Confirmed bookings of door-code spaces not yet ended: those still without a code (their event
   * was parked, or came before the provider was set up) and those with one, to check with the
   * provider.
   */
  async upcomingDoorCodeBookings(now: Date, limit: number, seriesCodesUntil: Date = now): Promise<{ bookingId: string; hasCode: boolean }[]> {
    // A week of a season series without a code is left to its own time (seriesWeeksDue).
    const rows: { id: string; has_code: boolean }[] = await this.dataSource.query(
      `SELECT b.id, (c.booking_id IS NOT NULL) AS has_code
         FROM bookings b JOIN spaces s ON s.id = b.space_id
         LEFT JOIN door_access_codes c ON c.booking_id = b.id
        WHERE b.kind = 'booking' AND b.state = 'confirmed' AND s.access_type = 'door_code' AND upper(b.during) > $1
          AND (c.booking_id IS NOT NULL OR lower(b.during) <= $3
               OR NOT EXISTS (SELECT 1 FROM season_occurrences o WHERE o.booking_id = b.id))
        ORDER BY lower(b.during), b.id LIMIT $2`,
      [now, limit, seriesCodesUntil],
    );
    return rows.map((r) => ({ bookingId: r.id, hasCode: r.has_code }));
  }

  /**
   * Confirmed weeks of season series on door-code spaces that begin by `until`, have not ended
   * and have no code yet: the weeks whose code is due now, with their season application.
   */
  async seriesWeeksDue(now: Date, until: Date, limit: number): Promise<{ bookingId: string; seasonApplicationId: string }[]> {
    const rows: { id: string; application_id: string }[] = await this.dataSource.query(
      `SELECT b.id, o.application_id
         FROM bookings b JOIN spaces s ON s.id = b.space_id
         JOIN season_occurrences o ON o.booking_id = b.id
        WHERE b.kind = 'booking' AND b.state = 'confirmed' AND s.access_type = 'door_code'
          AND lower(b.during) <= $2 AND upper(b.during) > $1
          AND NOT EXISTS (SELECT 1 FROM door_access_codes c WHERE c.booking_id = b.id)
        ORDER BY lower(b.during), b.id LIMIT $3`,
      [now, until, limit],
    );
    return rows.map((r) => ({ bookingId: r.id, seasonApplicationId: r.application_id }));
  }

  /** Which of these bookings were given a code (still working or revoked since). */
  async everCoded(bookingIds: readonly string[]): Promise<Set<string>> {
    if (!bookingIds.length) return new Set();
    const rows: { booking_id: string }[] = await this.dataSource.query(`SELECT booking_id FROM door_access_codes WHERE booking_id = ANY($1)`, [bookingIds]);
    return new Set(rows.map((r) => r.booking_id));
  }
}
