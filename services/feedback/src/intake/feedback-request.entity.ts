import { Column, Entity, PrimaryColumn } from 'typeorm';
import { FeedbackStatus } from '../domain/feedback-status';

export type FeedbackKind = 'feedback' | 'idea' | 'fault';
export type FeedbackChannel = 'web' | 'open311' | 'staff';
export type Language = 'fi' | 'sv' | 'en';

const numeric = { to: (v?: number | null) => v, from: (v: string | number | null) => (v === null ? null : Number(v)) };

/**
 * One piece of feedback, idea or fault report. Contact fields are personal data: they
 * never leave this service except on an event to the notification service, and only
 * when the sender consented.
 */
@Entity('feedback_requests')
export class FeedbackRequest {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tracking_code' }) trackingCode: string;
  @Column({ type: 'text' }) kind: FeedbackKind;
  @Column({ name: 'category_code' }) categoryCode: string;
  @Column({ name: 'department_code' }) departmentCode: string;
  @Column({ name: 'district_code', type: 'text', nullable: true }) districtCode: string | null;
  @Column({ type: 'text', nullable: true }) title: string | null;
  @Column() description: string;
  @Column({ type: 'text' }) language: Language;
  @Column({ type: 'double precision', nullable: true, transformer: numeric }) lat: number | null;
  @Column({ type: 'double precision', nullable: true, transformer: numeric }) lon: number | null;
  @Column({ type: 'text', nullable: true }) address: string | null;
  @Column({ type: 'text' }) status: FeedbackStatus;
  /** The public reason of a rejection or the resolution summary. */
  @Column({ name: 'status_note', type: 'text', nullable: true }) statusNote: string | null;
  @Column({ name: 'assignee_id', type: 'text', nullable: true }) assigneeId: string | null;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;
  @Column({ type: 'text' }) channel: FeedbackChannel;
  @Column({ name: 'submitted_by', type: 'text', nullable: true }) submittedBy: string | null;
  @Column({ name: 'contact_email', type: 'text', nullable: true }) contactEmail: string | null;
  @Column({ name: 'contact_phone', type: 'text', nullable: true }) contactPhone: string | null;
  @Column({ name: 'contact_consent' }) contactConsent: boolean;
  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true }) mergedIntoId: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt: Date;
  @Column({ name: 'first_reply_at', type: 'timestamptz', nullable: true }) firstReplyAt: Date | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @Column({ type: 'int' }) version: number;
}

@Entity('feedback_photos')
export class FeedbackPhoto {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'request_id', type: 'uuid' }) requestId: string;
  /** The stripped original (re-encoded, no metadata); see photos/photo-variants.ts. */
  @Column({ name: 'storage_key' }) storageKey: string;
  /** The WebP sizes; null only on a photo stored before re-encoding, which is never served. */
  @Column({ name: 'display_key', type: 'text', nullable: true }) displayKey: string | null;
  @Column({ name: 'thumb_key', type: 'text', nullable: true }) thumbKey: string | null;
  @Column({ type: 'int', nullable: true }) width: number | null;
  @Column({ type: 'int', nullable: true }) height: number | null;
  @Column({ name: 'content_type' }) contentType: string;
  @Column({ type: 'int' }) bytes: number;
  @Column({ type: 'int' }) position: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
