import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PremisesHttp } from '@vaikuta/contracts';

/** A bookable space (a row of `spaces`). */
@Entity('spaces')
export class Space {
  @PrimaryColumn('uuid') id: string;
  @Column('jsonb') name: PremisesHttp.PremisesText;
  @Column('text') unit: string;
  @Column('text') address: string;
  @Column({ type: 'double precision', nullable: true }) latitude: number | null;
  @Column({ type: 'double precision', nullable: true }) longitude: number | null;
  @Column('integer') capacity: number;
  @Column({ name: 'accessibility_features', type: 'text', array: true }) accessibilityFeatures: PremisesHttp.AccessibilityFeature[];
  @Column({ name: 'accessibility_description', type: 'jsonb', nullable: true }) accessibilityDescription: PremisesHttp.PremisesText | null;
  @Column({ name: 'opening_hours', type: 'jsonb' }) openingHours: PremisesHttp.OpeningHours;
  @Column('jsonb') rules: PremisesHttp.BookingRules;
  @Column({ name: 'requires_approval', type: 'boolean' }) requiresApproval: boolean;
  @Column({ name: 'access_type', type: 'text' }) accessType: PremisesHttp.AccessType;
  @Column({ name: 'key_pickup', type: 'jsonb', nullable: true }) keyPickup: PremisesHttp.KeyPickup | null;
  @Column('integer') version: number;
  @Column({ name: 'created_by', type: 'text' }) createdBy: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
