import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PremisesHttp } from '@vaikuta/contracts';

/**
 * A booking or maintenance block (a row of `bookings`). The time ranges (`during`, `held`)
 * are tstzrange columns the repository reads and writes in SQL; the entity carries what
 * versioned changes touch.
 */
@Entity('bookings')
export class Booking {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'space_id', type: 'uuid' }) spaceId: string;
  @Column('text') kind: PremisesHttp.BookingKind;
  @Column('text') state: PremisesHttp.BookingState;
  @Column({ name: 'booker_sub', type: 'text', nullable: true }) bookerSub: string | null;
  @Column({ name: 'booked_by', type: 'text' }) bookedBy: string;
  @Column({ name: 'association_id', type: 'uuid', nullable: true }) associationId: string | null;
  @Column({ type: 'text', nullable: true }) purpose: string | null;
  @Column({ name: 'price_cents', type: 'integer' }) priceCents: number;
  @Column({ name: 'cancellable_until', type: 'timestamptz' }) cancellableUntil: Date;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column('integer') version: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
