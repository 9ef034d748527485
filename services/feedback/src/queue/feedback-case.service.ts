import { randomUUID } from 'node:crypto';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser, assertDepartment } from '@vaikuta/auth';
import { FeedbackEvents } from '@vaikuta/contracts';
import { AuditActor, AuditLog, ChangeRecord, outboxEvent, VersionedChange } from '@vaikuta/domain';
import { OutboxWriter } from '@vaikuta/messaging';
import { ValidationProblem } from '@vaikuta/http';
import { Department } from '../catalog/catalog.entities';
import { assertTransition, FeedbackStatus, InvalidTransitionError } from '../domain/feedback-status';
import { requestEventRef } from '../events/request-event-ref';
import { FeedbackRequest } from '../intake/feedback-request.entity';
import { FeedbackMessage } from './feedback-message.entity';

/** The original of a merge: by id (API clients) or by tracking code (what staff read on the page). */
export interface MergeTarget {
  id?: string;
  trackingCode?: string;
  /** The request field it came from, to name in a 400. */
  field: 'originalId' | 'originalTrackingCode';
}

type Change = ChangeRecord<FeedbackRequest>;

/** The audit trail of requests (shared shape, libs/domain); intake and erasure write to it too. */
export const FEEDBACK_AUDIT = new AuditLog('feedback_audit');

/**
 * Everything a case worker does to a request. Each action is a versioned change
 * (libs/domain): one transaction that locks the row, checks the caller's department and the
 * version they saw, applies the change, bumps the version, writes the audit row and the
 * outbox events — all or nothing.
 */
@Injectable()
export class FeedbackCaseService {
  private readonly changes: VersionedChange<FeedbackRequest>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    outbox: OutboxWriter,
  ) {
    this.changes = new VersionedChange(dataSource, outbox, {
      entity: FeedbackRequest,
      audit: FEEDBACK_AUDIT,
      notFound: (id) => new NotFoundException(`No request ${id}`),
    });
  }

  claim(id: string, version: number, user: AuthUser) {
    return this.change(id, version, user, async (r) => {
      if (r.assigneeId && r.assigneeId !== user.sub) {
        throw new ConflictException('Someone else is handling this request; ask them or have it assigned to you');
      }
      r.assigneeId = user.sub;
      const statusChange = r.status === 'received' ? this.moveTo(r, 'in_process', user) : undefined;
      return { action: 'claimed', details: { assigneeId: user.sub }, events: statusChange };
    });
  }

  assign(id: string, version: number, assigneeId: string, user: AuthUser) {
    return this.change(id, version, user, async (r) => {
      const previous = r.assigneeId;
      r.assigneeId = assigneeId;
      return { action: 'assigned', details: { from: previous, to: assigneeId } };
    });
  }

  unassign(id: string, version: number, user: AuthUser) {
    return this.change(id, version, user, async (r) => {
      const previous = r.assigneeId;
      r.assigneeId = null;
      return { action: 'unassigned', details: { from: previous } };
    });
  }

  start(id: string, version: number, user: AuthUser) {
    return this.change(id, version, user, async (r) => ({
      action: 'status_changed',
      details: { to: 'in_process' },
      events: this.moveTo(r, 'in_process', user),
    }));
  }

  reopen(id: string, version: number, user: AuthUser) {
    return this.change(id, version, user, async (r) => {
      const events = this.moveTo(r, 'in_process', user);
      r.closedAt = null;
      r.statusNote = null;
      return { action: 'reopened', events };
    });
  }

  /**
   * Resolving needs an outcome, as rejecting needs a reason: it is what the resident is told
   * and what the public page shows. Checked here so that every caller (API, desk, seed) obeys.
   */
  resolve(id: string, version: number, resolution: string | undefined, user: AuthUser) {
    if (!resolution?.trim()) throw ValidationProblem.field('resolution', 'Write the outcome the resident will read');
    return this.change(id, version, user, async (r) => {
      this.transition(r, 'resolved');
      r.statusNote = resolution;
      r.closedAt = new Date();
      return {
        action: 'resolved',
        details: { resolution },
        events: (req, at) => [
          outboxEvent(FeedbackEvents.resolved, {
            ...requestEventRef(req),
            resolution,
            by: this.actor(user),
            resolvedAt: at,
          }),
        ],
      };
    });
  }

  reject(id: string, version: number, reason: string, user: AuthUser) {
    return this.change(id, version, user, async (r) => {
      this.transition(r, 'rejected');
      r.statusNote = reason;
      r.closedAt = new Date();
      return {
        action: 'rejected',
        details: { reason },
        events: (req, at) => [
          outboxEvent(FeedbackEvents.rejected, { ...requestEventRef(req), reason, by: this.actor(user), rejectedAt: at }),
        ],
      };
    });
  }

  /** A public answer: shown on the tracking page and sent to a sender who consented. */
  reply(id: string, version: number, body: string, user: AuthUser) {
    return this.change(id, version, user, async (r, m) => {
      const replyId = randomUUID();
      const now = new Date();
      await m.insert(FeedbackMessage, { id: replyId, requestId: r.id, visibility: 'public', body, authorId: user.sub, createdAt: now });
      r.firstReplyAt ??= now;
      return {
        action: 'replied',
        details: { replyId },
        events: (req, at) => [
          outboxEvent(FeedbackEvents.replied, { ...requestEventRef(req), replyId, body, by: this.actor(user), repliedAt: at }),
        ],
      };
    });
  }

  /** Internal notes change nothing the resident sees, so they need no version. */
  async note(id: string, body: string, user: AuthUser) {
    return this.dataSource.transaction(async (m) => {
      const request = await this.changes.lock(m, id);
      assertDepartment(user, request.departmentCode);
      const noteId = randomUUID();
      await m.insert(FeedbackMessage, { id: noteId, requestId: id, visibility: 'internal', body, authorId: user.sub, createdAt: new Date() });
      await FEEDBACK_AUDIT.write(m, { entityId: id, action: 'noted', actor: this.actor(user), details: { noteId } });
      return { id: noteId };
    });
  }

  forward(id: string, version: number, departmentCode: string, note: string | undefined, user: AuthUser) {
    return this.change(id, version, user, async (r, m) => {
      if (departmentCode === r.departmentCode) throw ValidationProblem.field('departmentCode', 'The request is already in this department');
      if (!(await m.getRepository(Department).existsBy({ code: departmentCode, active: true }))) {
        throw ValidationProblem.field('departmentCode', `Unknown department ${departmentCode}`);
      }
      const from = r.departmentCode;
      r.departmentCode = departmentCode;
      r.assigneeId = null;
      // It arrives in the new department's queue as new work.
      if (r.status === 'in_process') r.status = 'received';
      if (note) {
        await m.insert(FeedbackMessage, { id: randomUUID(), requestId: r.id, visibility: 'internal', body: note, authorId: user.sub, createdAt: new Date() });
      }
      return {
        action: 'forwarded',
        details: { from, to: departmentCode },
        events: (req, at) => [
          outboxEvent(FeedbackEvents.forwarded, {
            ...requestEventRef(req),
            fromDepartmentCode: from,
            ...(note ? { note } : {}),
            by: this.actor(user),
            forwardedAt: at,
          }),
        ],
      };
    });
  }

  /**
   * Closes a duplicate into its original. Only into an original the caller may act on
   * (same department scope): merging tells the duplicate's sender about the original, so a
   * merge must never reach a case the caller could not see. The event carries only the
   * original's public facts — whether it is published, and its outcome when it is closed
   * (both shown on its public page) — so the sender is never sent to its private page.
   */
  merge(id: string, version: number, original: MergeTarget, user: AuthUser) {
    return this.change(id, version, user, async (r, m) => {
      const target = await this.findOriginal(m, original);
      if (target.id === r.id) throw ValidationProblem.field(original.field, 'A request cannot be merged into itself');
      assertDepartment(user, target.departmentCode);
      if (target.mergedIntoId) throw ValidationProblem.field(original.field, 'That request was itself merged; merge into its original');
      if (r.status === 'resolved' || r.status === 'rejected') {
        throw new ConflictException(`A ${r.status} request cannot be merged; reopen it first`);
      }
      r.status = 'resolved';
      r.mergedIntoId = target.id;
      r.closedAt = new Date();
      r.assigneeId = null;
      const closed = target.status === 'resolved' || target.status === 'rejected';
      return {
        action: 'merged',
        details: { originalId: target.id, originalTrackingCode: target.trackingCode },
        events: (req, at) => [
          outboxEvent(FeedbackEvents.merged, {
            ...requestEventRef(req),
            originalRequestId: target.id,
            originalTrackingCode: target.trackingCode,
            originalStatus: target.status,
            originalPublished: target.publishedAt !== null,
            ...(closed && target.statusNote ? { originalOutcome: target.statusNote } : {}),
            by: this.actor(user),
            mergedAt: at,
          }),
        ],
      };
    });
  }

  /** The original by its id or by the tracking code staff see on the page. */
  private async findOriginal(m: EntityManager, original: MergeTarget): Promise<FeedbackRequest> {
    const repository = m.getRepository(FeedbackRequest);
    const found = original.id
      ? await repository.findOneBy({ id: original.id })
      : await repository.findOneBy({ trackingCode: (original.trackingCode ?? '').toUpperCase() });
    if (!found) throw ValidationProblem.field(original.field, `No request ${original.id ?? original.trackingCode}`);
    return found;
  }

  /** Makes a request visible in public lists and Open311 (pre-moderation). */
  publish(id: string, version: number, user: AuthUser) {
    return this.change(id, version, user, async (r) => {
      if (r.publishedAt) throw new ConflictException('The request is already public');
      r.publishedAt = new Date();
      return {
        action: 'published',
        events: (req, at) => [outboxEvent(FeedbackEvents.published, { ...requestEventRef(req), by: this.actor(user), publishedAt: at })],
      };
    });
  }

  /** Takes a request out of public lists again; followers are told nothing, new follows are refused. */
  unpublish(id: string, version: number, user: AuthUser) {
    return this.change(id, version, user, async (r) => {
      if (!r.publishedAt) throw new ConflictException('The request is not public');
      r.publishedAt = null;
      return {
        action: 'unpublished',
        events: (req, at) => [outboxEvent(FeedbackEvents.unpublished, { ...requestEventRef(req), by: this.actor(user), unpublishedAt: at })],
      };
    });
  }

  private async change(
    id: string,
    version: number,
    user: AuthUser,
    apply: (request: FeedbackRequest, manager: EntityManager) => Promise<Change>,
  ): Promise<{ id: string; version: number; status: FeedbackStatus }> {
    const request = await this.changes.apply(
      { id, expectedVersion: version, actor: this.actor(user), authorize: (r) => assertDepartment(user, r.departmentCode) },
      apply,
    );
    return { id, version: request.version, status: request.status };
  }

  private transition(request: FeedbackRequest, to: FeedbackStatus): void {
    try {
      assertTransition(request.status, to);
    } catch (error) {
      if (error instanceof InvalidTransitionError) throw new ConflictException(error.message);
      throw error;
    }
    request.status = to;
  }

  /** A plain state move that the resident hears about as a status change. */
  private moveTo(request: FeedbackRequest, to: FeedbackStatus, user: AuthUser): Change['events'] {
    const from = request.status;
    this.transition(request, to);
    return (req, at) => [
      outboxEvent(FeedbackEvents.statusChanged, { ...requestEventRef(req), from, to, by: this.actor(user), changedAt: at }),
    ];
  }

  private actor(user: AuthUser): AuditActor & { role: 'admin' | 'case_worker' } {
    return { id: user.sub, role: user.roles.includes('admin') ? 'admin' : 'case_worker' };
  }
}
