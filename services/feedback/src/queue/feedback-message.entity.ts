import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A public reply to the resident, or an internal note between staff. */
@Entity('feedback_messages')
export class FeedbackMessage {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'request_id', type: 'uuid' }) requestId: string;
  @Column({ type: 'text' }) visibility: 'public' | 'internal';
  @Column() body: string;
  @Column({ name: 'author_id' }) authorId: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/**
 * Who changed what and when: every staff action on a request leaves a row here. The table
 * has the audit shape shared by every service (libs/domain); `entity_id` is the request.
 */
@Entity('feedback_audit')
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'entity_id', type: 'uuid' }) requestId: string;
  /** The version the change produced; null for entries that change none (notes, intake, older entries). */
  @Column({ type: 'integer', nullable: true }) version: number | null;
  @Column({ name: 'actor_id' }) actorId: string;
  @Column({ name: 'actor_role' }) actorRole: string;
  @Column() action: string;
  @Column({ type: 'jsonb' }) details: Record<string, unknown>;
  @Column({ name: 'correlation_id', type: 'text', nullable: true }) correlationId: string | null;
  @Column({ type: 'timestamptz' }) at: Date;
}
