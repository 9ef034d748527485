import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { GrantsHttp } from '@vaikuta/contracts';

/** One grant round (a row of `grant_rounds`). */
@Entity('grant_rounds')
export class GrantRoundEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') type: GrantsHttp.GrantRoundType;
  @Column('jsonb') title: GrantsHttp.RoundText;
  @Column({ type: 'jsonb', nullable: true }) description: GrantsHttp.RoundText | null;
  @Column('text') department: string;
  /** bigint comes back as text from pg; the repository turns it into a number. */
  @Column({ name: 'budget_cents', type: 'bigint' }) budgetCents: string;
  @Column('boolean') continuous: boolean;
  @Column({ name: 'opens_at', type: 'timestamptz' }) opensAt: Date;
  @Column({ name: 'closes_at', type: 'timestamptz', nullable: true }) closesAt: Date | null;
  /** A calendar date (YYYY-MM-DD); pg gives it back as text. */
  @Column({ name: 'report_due', type: 'date', nullable: true }) reportDue: string | null;
  @Column('jsonb') criteria: GrantsHttp.RoundCriterion[];
  @Column({ name: 'required_attachments', type: 'jsonb' }) requiredAttachments: GrantsHttp.RequiredAttachment[];
  @Column({ name: 'form_fields', type: 'jsonb' }) formFields: GrantsHttp.FormField[];
  @Column('integer') version: number;
  @Column({ name: 'created_by', type: 'text' }) createdBy: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
