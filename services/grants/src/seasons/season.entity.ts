import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PremisesHttp } from '@vaikuta/contracts';

/** A season of weekly bookings (a row of `seasons`); dates are local YYYY-MM-DD. */
@Entity('seasons')
export class Season {
  @PrimaryColumn('uuid') id: string;
  @Column('jsonb') name: PremisesHttp.PremisesText;
  @Column({ name: 'space_ids', type: 'uuid', array: true }) spaceIds: string[];
  @Column({ name: 'starts_on', type: 'date' }) startsOn: string;
  @Column({ name: 'ends_on', type: 'date' }) endsOn: string;
  // Text, not date[]: the driver would turn a date array into Dates at the server's midnight.
  @Column({ name: 'skip_dates', type: 'text', array: true }) skipDates: string[];
  @Column('text') state: PremisesHttp.SeasonState;
  @Column('integer') version: number;
  @Column({ name: 'created_by', type: 'text' }) createdBy: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
