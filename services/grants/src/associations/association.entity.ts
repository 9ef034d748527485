import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { GrantsHttp } from '@vaikuta/contracts';

/** One association of the register (a row of `associations`); representatives are rows of their own table. */
@Entity('associations')
export class AssociationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('jsonb') name: GrantsHttp.AssociationName;
  @Column('text') identification: GrantsHttp.AssociationIdentification;
  @Column({ name: 'business_id', type: 'text', nullable: true }) businessId: string | null;
  @Column({ name: 'registration_number', type: 'text', nullable: true }) registrationNumber: string | null;
  @Column('text') verification: GrantsHttp.AssociationVerification;
  @Column({ name: 'rejection_reason', type: 'text', nullable: true }) rejectionReason: string | null;
  @Column({ type: 'jsonb', nullable: true }) address: GrantsHttp.PostalAddress | null;
  /** Electronic format (no spaces, upper case), as ibantools normalises it. */
  @Column({ type: 'text', nullable: true }) iban: string | null;
  @Column({ type: 'text', nullable: true }) email: string | null;
  @Column('integer') version: number;
  @Column({ name: 'created_by', type: 'text' }) createdBy: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
