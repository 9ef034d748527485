import { Column, Entity, PrimaryColumn, ValueTransformer } from 'typeorm';
import type { ApplicationState, DecisionOutcome } from './application-state';

/** bigint cents come back from pg as text; amounts stay far below 2^53. */
const cents: ValueTransformer = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/**
 * One grant application (a row of `grant_applications`). Every change goes through
 * VersionedChange: the row, its `grant_application_audit` entry and its event commit together,
 * and a stale `version` is a 409.
 */
@Entity('grant_applications')
export class ApplicationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'round_id', type: 'uuid' }) roundId: string;
  @Column({ name: 'association_id', type: 'uuid' }) associationId: string;
  @Column({ name: 'round_type', type: 'text' }) roundType: string;
  @Column('text') department: string;
  @Column('text') state: ApplicationState;
  @Column('text') title: string;
  @Column({ name: 'requested_cents', type: 'bigint', transformer: cents }) requestedCents: number;
  @Column('jsonb') answers: Record<string, string | number>;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt: Date | null;
  @Column({ name: 'received_at', type: 'timestamptz', nullable: true }) receivedAt: Date | null;
  @Column({ type: 'text', nullable: true }) outcome: DecisionOutcome | null;
  @Column({ name: 'granted_cents', type: 'bigint', nullable: true, transformer: cents }) grantedCents: number | null;
  @Column({ type: 'text', nullable: true }) reasons: string | null;
  @Column({ name: 'decided_by', type: 'text', nullable: true }) decidedBy: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  @Column({ name: 'ahjo_decision_id', type: 'text', nullable: true }) ahjoDecisionId: string | null;
  /** A calendar date (YYYY-MM-DD); pg gives it back as text. */
  @Column({ name: 'report_due', type: 'date', nullable: true }) reportDue: string | null;
  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true }) paidAt: Date | null;
  @Column({ name: 'report_text', type: 'text', nullable: true }) reportText: string | null;
  @Column({ name: 'report_received_at', type: 'timestamptz', nullable: true }) reportReceivedAt: Date | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true }) withdrawnAt: Date | null;
  @Column('integer') version: number;
  @Column({ name: 'created_by', type: 'text' }) createdBy: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
