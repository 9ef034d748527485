import { randomUUID } from 'node:crypto';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser, assertDepartment } from '@vaikuta/auth';
import { FeedbackEvents } from '@vaikuta/contracts';
import { OutboxWriter } from '@vaikuta/messaging';
import { StaleVersionProblem, ValidationProblem } from '@vaikuta/http';
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

interface Change {
  action: string;
  details?: Record<string, unknown>;
  /** Events to write after the request row is saved (they see its new state). */
  events?: (request: FeedbackRequest, at: string) => Promise<unknown>[] | void;
}

/**
 * Everything a case worker does to a request. Each action runs in one transaction that
 * locks the row, checks the caller's department and the version they saw, applies the
 * change, bumps the version, writes the audit row and the outbox events — all or nothing.
 */
@Injectable()
export class FeedbackCaseService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  claim(id: string, version: number, user: AuthUser) {
    return this.change(id, version, user, async (r, m) => {
      if (r.assigneeId && r.assigneeId !== user.sub) {
        throw new ConflictException('Someone else is handling this request; ask them or have it assigned to you');
      }
      r.assigneeId = user.sub;
      const statusChange = r.status === 'received' ? this.moveTo(r, 'in_process', user, m) : undefined;
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
    return this.change(id, version, user, async (r, m) => ({
      action: 'status_changed',
      details: { to: 'in_process' },
      events: this.moveTo(r, 'in_process', user, m),
    }));
  }

  reopen(id: string, version: number, user: AuthUser) {
    return this.change(id, version, user, async (r, m) => {
      const events = this.moveTo(r, 'in_process', user, m);
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
    return this.change(id, version, user, async (r, m) => {
      this.transition(r, 'resolved');
      r.statusNote = resolution;
      r.closedAt = new Date();
      return {
        action: 'resolved',
        details: { resolution },
        events: (req, at) => [
          this.outbox.append(m, FeedbackEvents.resolved, {
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
    return this.change(id, version, user, async (r, m) => {
      this.transition(r, 'rejected');
      r.statusNote = reason;
      r.closedAt = new Date();
      return {
        action: 'rejected',
        details: { reason },
        events: (req, at) => [
          this.outbox.append(m, FeedbackEvents.rejected, { ...requestEventRef(req), reason, by: this.actor(user), rejectedAt: at }),
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
          this.outbox.append(m, FeedbackEvents.replied, { ...requestEventRef(req), replyId, body, by: this.actor(user), repliedAt: at }),
        ],
      };
    });
  }

  /** Internal notes change nothing the resident sees, so they need no version. */
  async note(id: string, body: string, user: AuthUser) {
    return this.dataSource.transaction(async (m) => {
      const request = await this.lock(m, id);
      assertDepartment(user, request.departmentCode);
      const noteId = randomUUID();
      await m.insert(FeedbackMessage, { id: noteId, requestId: id, visibility: 'internal', body, authorId: user.sub, createdAt: new Date() });
      await this.audit(m, id, user, 'noted', { noteId });
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
          this.outbox.append(m, FeedbackEvents.forwarded, {
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
          this.outbox.append(m, FeedbackEvents.merged, {
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
    return this.change(id, version, user, async (r, m) => {
      if (r.publishedAt) throw new ConflictException('The request is already public');
      r.publishedAt = new Date();
      return {
        action: 'published',
        events: (req, at) => [this.outbox.append(m, FeedbackEvents.published, { ...requestEventRef(req), by: this.actor(user), publishedAt: at })],
      };
    });
  }

  /** Takes a request out of public lists again; followers are told nothing, new follows are refused. */
  unpublish(id: string, version: number, user: AuthUser) {
    return this.change(id, version, user, async (r, m) => {
      if (!r.publishedAt) throw new ConflictException('The request is not public');
      r.publishedAt = null;
      return {
        action: 'unpublished',
        events: (req, at) => [this.outbox.append(m, FeedbackEvents.unpublished, { ...requestEventRef(req), by: this.actor(user), unpublishedAt: at })],
      };
    });
  }

  private async change(
    id: string,
    version: number,
    user: AuthUser,
    apply: (request: FeedbackRequest, manager: EntityManager) => Promise<Change>,
  ): Promise<{ id: string; version: number; status: FeedbackStatus }> {
    return this.dataSource.transaction(async (m) => {
      const request = await this.lock(m, id);
      assertDepartment(user, request.departmentCode);
      if (request.version !== version) throw new StaleVersionProblem(request.version);
      const change = await apply(request, m);
      const now = new Date();
      request.updatedAt = now;
      request.version += 1;
      await m.save(FeedbackRequest, request);
      await this.audit(m, id, user, change.action, change.details ?? {});
      await Promise.all(change.events?.(request, now.toISOString()) ?? []);
      return { id, version: request.version, status: request.status };
    });
  }

  private async lock(m: EntityManager, id: string): Promise<FeedbackRequest> {
    const request = await m.getRepository(FeedbackRequest).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!request) throw new NotFoundException(`No request ${id}`);
    return request;
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
  private moveTo(request: FeedbackRequest, to: FeedbackStatus, user: AuthUser, m: EntityManager): Change['events'] {
    const from = request.status;
    this.transition(request, to);
    return (req, at) => [
      this.outbox.append(m, FeedbackEvents.statusChanged, { ...requestEventRef(req), from, to, by: this.actor(user), changedAt: at }),
    ];
  }

  private actor(user: AuthUser) {
    return { id: user.sub, role: user.roles.includes('admin') ? 'admin' : 'case_worker' };
  }

  private async audit(m: EntityManager, requestId: string, user: AuthUser, action: string, details: Record<string, unknown>) {
    await m.query(`INSERT INTO feedback_audit (request_id, actor_id, actor_role, action, details) VALUES ($1, $2, $3, $4, $5)`, [
      requestId,
      user.sub,
      user.roles.includes('admin') ? 'admin' : 'case_worker',
      action,
      JSON.stringify(details),
    ]);
  }
}
