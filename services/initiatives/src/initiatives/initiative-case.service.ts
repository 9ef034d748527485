import { randomUUID } from 'node:crypto';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthUser } from '@vaikuta/auth';
import { InitiativeEvents, InitiativesHttp } from '@vaikuta/contracts';
import { OutboxWriter } from '@vaikuta/messaging';
import { ValidationProblem } from '@vaikuta/http';
import { OutboxEvent, outboxEvent, VersionedChange, Clock } from '@vaikuta/domain';
import { z } from 'zod';
import { assertTransition, InvalidTransitionError, isTerminal } from '../domain/initiative-status';
import { helsinkiDate, nearestDue } from '../domain/legal-clocks';
import { Initiative } from './initiative.entity';
import { InitiativeRecord, StatementRecord } from './initiative.record';
import { InitiativeRepository } from './initiative.repository';
import { initiativeEventRef } from './initiative-event-ref';
import { InitiativeReader } from './initiative-reader.service';
import { assertCanPrepare, staffActor } from './staff-scope';
import { INITIATIVES_CONFIG, InitiativesConfig } from '../initiatives-config';

type Status = InitiativesHttp.InitiativeStatus;
type Req<S extends z.ZodType> = z.infer<S>;
const H = InitiativesHttp;

/** What one step did, for the audit row, the timeline and the bus. */
interface Step {
  action: string;
  details?: Record<string, unknown>;
  /** The public timeline entry; a step without one changes nothing the public sees. */
  timeline?: { kind: string; note?: string | null };
  /** Events written after the row is saved (they see its new state). */
  events?: (record: InitiativeRecord, at: string) => OutboxEvent[];
}

/**
 * Everything a preparer does to an initiative. Each step runs in one transaction that locks
 * the row, checks the caller's department and the version they saw, applies the step, bumps
 * the version, writes the audit row, the timeline entry and the outbox events — all or
 * nothing (libs/domain's VersionedChange).
 */
@Injectable()
export class InitiativeCaseService {
  constructor(
    private readonly repository: InitiativeRepository,
    outbox: OutboxWriter,
    private readonly reader: InitiativeReader,
    private readonly clock: Clock,
    @Inject(INITIATIVES_CONFIG) private readonly config: InitiativesConfig,
  ) {
    this.changes = new VersionedChange(repository.dataSource, outbox, {
      entity: Initiative,
      audit: repository.auditLog,
      notFound: (id) => new NotFoundException(`No initiative ${id}`),
    });
  }

  private readonly changes: VersionedChange<Initiative>;

  register(id: string, body: Req<typeof H.registerRequest>, user: AuthUser) {
    return this.change(id, body.version, user, async (r, m) => {
      const from = this.move(r, 'registered');
      const caseId = body.caseId ?? (await this.repository.nextCaseId(m, this.config.city.caseIdPrefix, Number(helsinkiDate(this.clock.now()).slice(0, 4))));
      if (body.caseId && (await this.repository.caseIdTaken(m, caseId))) throw ValidationProblem.field('caseId', `Case id ${caseId} is already in use`);
      r.caseId = caseId;
      return {
        action: 'registered',
        details: { caseId },
        timeline: { kind: 'registered', note: caseId },
        events: (rec, at) => [
          outboxEvent(InitiativeEvents.registered, { ...initiativeEventRef(rec), caseId, by: staffActor(user), registeredAt: at }),
          this.statusChanged(rec, from, user, at),
        ],
      };
    });
  }

  /** Assigns (or reassigns) to a preparer of a department; the first assignment moves it on. */
  assign(id: string, body: Req<typeof H.assignRequest>, user: AuthUser) {
    return this.change(id, body.version, user, async (r, m) => {
      const from = r.status;
      if (r.status === 'registered') this.move(r, 'assigned');
      else if (!['assigned', 'statements_requested', 'proposed'].includes(r.status)) {
        throw new ConflictException(`An initiative that is ${r.status.replace(/_/g, ' ')} cannot be assigned`);
      }
      const previous = { departmentCode: r.departmentCode, preparerId: r.preparerId };
      r.departmentCode = body.departmentCode;
      r.preparerId = body.preparerId;
      return {
        action: 'assigned',
        details: { from: previous, to: { departmentCode: body.departmentCode, preparerId: body.preparerId } },
        timeline: { kind: 'assigned', note: body.departmentCode },
        events: (rec, at) => [
          outboxEvent(InitiativeEvents.assigned, {
            ...initiativeEventRef(rec),
            departmentCode: body.departmentCode,
            preparerId: body.preparerId,
            by: staffActor(user),
            assignedAt: at,
          }),
          ...(from !== rec.status ? [this.statusChanged(rec, from, user, at)] : []),
        ],
      };
    });
  }

  requestStatement(id: string, body: Req<typeof H.statementRequest>, user: AuthUser) {
    return this.change(id, body.version, user, async (r, m) => {
      const now = this.clock.now();
      const dueAt = new Date(body.dueAt);
      if (dueAt.getTime() <= now.getTime()) throw ValidationProblem.field('dueAt', 'The due date must be in the future');
      const from = this.move(r, 'statements_requested');
      const statement: StatementRecord = { id: randomUUID(), requestedFrom: body.requestedFrom, requestedAt: now, dueAt, answeredAt: null, text: null, answeredBy: null };
      await this.repository.addStatement(m, r.id, statement);
      return {
        action: 'statement_requested',
        details: { statementId: statement.id, requestedFrom: body.requestedFrom, dueAt: dueAt.toISOString() },
        timeline: { kind: 'statement_requested', note: body.requestedFrom },
        events: (rec, at) => [
          outboxEvent(InitiativeEvents.statementRequested, {
            ...initiativeEventRef(rec),
            statementId: statement.id,
            requestedFrom: body.requestedFrom,
            dueAt: dueAt.toISOString(),
            by: staffActor(user),
            requestedAt: at,
          }),
          ...(from !== rec.status ? [this.statusChanged(rec, from, user, at)] : []),
        ],
      };
    });
  }

  /** The department or body asked answers: its preparers may, besides the initiative's own. */
  answerStatement(id: string, statementId: string, body: Req<typeof H.statementAnswerRequest>, user: AuthUser) {
    return this.change(
      id,
      body.version,
      user,
      async (r, m) => {
        const statement = (await this.repository.statements(r.id, m)).find((s) => s.id === statementId);
        if (!statement) throw new NotFoundException(`No statement ${statementId} on this initiative`);
        assertCanPrepare(user, r.departmentCode, [statement.requestedFrom]);
        if (statement.answeredAt) throw new ConflictException('This statement was already given');
        if (isTerminal(r.status)) throw new ConflictException(`The initiative is ${r.status}`);
        statement.answeredAt = this.clock.now();
        statement.text = body.text;
        statement.answeredBy = user.sub;
        await this.repository.answerStatement(m, statement);
        return {
          action: 'statement_answered',
          details: { statementId },
          timeline: { kind: 'statement_answered', note: statement.requestedFrom },
          events: (rec, at) => [
            outboxEvent(InitiativeEvents.statementAnswered, {
              ...initiativeEventRef(rec),
              statementId,
              requestedFrom: statement.requestedFrom,
              by: staffActor(user),
              answeredAt: at,
            }),
          ],
        };
      },
      { scopeChecked: true },
    );
  }

  propose(id: string, body: Req<typeof H.proposeRequest>, user: AuthUser) {
    return this.change(id, body.version, user, async (r, m) => {
      const from = this.move(r, 'proposed');
      r.proposedTo = body.body;
      r.proposal = body.proposal;
      return {
        action: 'proposed',
        details: { body: body.body },
        timeline: { kind: 'proposed', note: body.body },
        events: (rec, at) => [
          outboxEvent(InitiativeEvents.proposed, { ...initiativeEventRef(rec), body: body.body, by: staffActor(user), proposedAt: at }),
          ...(from !== rec.status ? [this.statusChanged(rec, from, user, at)] : []),
        ],
      };
    });
  }

  decide(id: string, body: Req<typeof H.decideRequest>, user: AuthUser) {
    return this.change(id, body.version, user, async (r, m) => this.decisionStep(r, m, body, staffActor(user)));
  }

  /** The decision step, shared by a preparer's entry and an Ahjo callback. */
  async decisionStep(r: InitiativeRecord, m: EntityManager, body: Omit<Req<typeof H.decideRequest>, 'version'>, actor: { id: string; role: string }): Promise<Step> {
    const from = this.move(r, 'decided');
    r.decision = {
      body: body.body,
      decidedAt: body.decidedAt,
      section: body.section ?? null,
      text: body.text,
      ahjoCaseId: body.ahjoCaseId ?? r.ahjoCaseId,
      ahjoDecisionId: body.ahjoDecisionId ?? null,
    };
    if (body.ahjoCaseId) r.ahjoCaseId = body.ahjoCaseId;
    const d = r.decision;
    return {
      action: 'decided',
      details: { body: d.body, decidedAt: d.decidedAt, section: d.section, ahjoDecisionId: d.ahjoDecisionId },
      timeline: { kind: 'decided', note: `${d.body}${d.section ? ` § ${d.section}` : ''}: ${d.text}`.slice(0, 2000) },
      events: (rec, at) => [
        outboxEvent(InitiativeEvents.decided, {
          ...initiativeEventRef(rec),
          body: d.body,
          decision: d.text,
          decidedAt: new Date(`${d.decidedAt}T12:00:00Z`).toISOString(),
          ...(d.section ? { section: d.section } : {}),
          ...(d.ahjoCaseId ? { ahjoCaseId: d.ahjoCaseId } : {}),
          ...(d.ahjoDecisionId ? { ahjoDecisionId: d.ahjoDecisionId } : {}),
        }),
        outboxEvent(InitiativeEvents.statusChanged, { ...initiativeEventRef(rec), from, to: rec.status, by: actor, changedAt: at }),
      ],
    };
  }

  recordMeasures(id: string, body: Req<typeof H.measuresRequest>, user: AuthUser) {
    return this.change(id, body.version, user, async (r, m) => {
      const from = this.move(r, 'measures_taken');
      r.measures = body.text;
      r.measuresAt = this.clock.now();
      return {
        action: 'measures_recorded',
        timeline: { kind: 'measures_taken', note: body.text.slice(0, 2000) },
        events: (rec, at) => [
          outboxEvent(InitiativeEvents.measuresRecorded, { ...initiativeEventRef(rec), measures: body.text, recordedAt: at }),
          this.statusChanged(rec, from, user, at),
        ],
      };
    });
  }

  close(id: string, body: Req<typeof H.closeRequest>, user: AuthUser) {
    return this.simpleMove(id, body.version, user, 'closed');
  }

  inadmissible(id: string, body: Req<typeof H.inadmissibleRequest>, user: AuthUser) {
    return this.simpleMove(id, body.version, user, 'inadmissible', body.reason);
  }

  withdraw(id: string, body: Req<typeof H.withdrawRequest>, user: AuthUser) {
    return this.simpleMove(id, body.version, user, 'withdrawn', body.reason);
  }

  /** Handled together with another: this one ends, its followers follow the other. */
  combine(id: string, body: Req<typeof H.combineRequest>, user: AuthUser) {
    return this.change(id, body.version, user, async (r, m) => {
      if (body.intoId === r.id) throw ValidationProblem.field('intoId', 'An initiative cannot be combined with itself');
      const target = await this.repository.lock(m, body.intoId);
      if (!target) throw ValidationProblem.field('intoId', `No initiative ${body.intoId}`);
      if (isTerminal(target.status)) throw ValidationProblem.field('intoId', `That initiative is ${target.status}; combine into an open one`);
      assertCanPrepare(user, target.departmentCode);
      const from = this.move(r, 'combined');
      r.combinedInto = target.id;
      return {
        action: 'combined',
        details: { intoId: target.id },
        timeline: { kind: 'combined', note: target.caseId ?? target.id },
        // The status change first: its followers hear it before they move to the other initiative.
        events: (rec, at) => [
          this.statusChanged(rec, from, user, at),
          outboxEvent(InitiativeEvents.combined, {
            ...initiativeEventRef(rec),
            intoInitiativeId: target.id,
            intoTitle: initiativeEventRef(target).title,
            by: staffActor(user),
            combinedAt: at,
          }),
        ],
      };
    });
  }

  /** Links the Ahjo case, so Ahjo's callbacks about its decisions reach this initiative. */
  linkAhjo(id: string, body: Req<typeof H.ahjoLinkRequest>, user: AuthUser) {
    return this.change(id, body.version, user, async (r) => {
      const previous = r.ahjoCaseId;
      r.ahjoCaseId = body.ahjoCaseId;
      return { action: 'ahjo_linked', details: { from: previous, to: body.ahjoCaseId }, timeline: { kind: 'ahjo_linked', note: body.ahjoCaseId } };
    });
  }

  private simpleMove(id: string, version: number, user: AuthUser, to: Status, reason?: string) {
    return this.change(id, version, user, async (r, m) => {
      const from = this.move(r, to);
      if (reason !== undefined) r.closingReason = reason;
      return {
        action: to,
        details: reason ? { reason } : {},
        timeline: { kind: to, note: reason ?? null },
        events: (rec, at) => [this.statusChanged(rec, from, user, at, reason)],
      };
    });
  }

  /**
   * The versioned change (libs/domain VersionedChange: row lock, department check, stale
   * version 409, audit entry and events in one transaction), plus this service's own: the
   * nearest due date and the public timeline entry, in the same transaction. A system step
   * (Ahjo) passes `actor` instead of a user and `version` null: it acts on the current version.
   */
  async change(
    id: string,
    version: number | null,
    user: AuthUser | null,
    apply: (record: InitiativeRecord, m: EntityManager) => Promise<Step>,
    { scopeChecked = false, actor }: { scopeChecked?: boolean; actor?: { id: string; role: string } } = {},
  ): Promise<InitiativesHttp.StaffInitiativeDetail> {
    const expectedVersion = version ?? (await this.repository.find(id))?.version;
    if (expectedVersion === undefined) throw new NotFoundException(`No initiative ${id}`);
    const saved = await this.changes.apply(
      {
        id,
        expectedVersion,
        actor: actor ?? staffActor(user!),
        authorize: (r) => {
          if (user && !scopeChecked) assertCanPrepare(user, r.departmentCode);
        },
      },
      async (r, m) => {
        const step = await apply(r, m);
        r.nextDueAt = await this.nextDue(m, r);
        if (step.timeline) {
          await this.repository.addTimeline(m, r.id, { at: this.clock.now(), kind: step.timeline.kind, status: r.status, note: step.timeline.note ?? null });
        }
        return { action: step.action, details: step.details, events: step.events };
      },
    );
    return this.reader.staffDetailOf(saved);
  }

  /** The nearest open deadline: open statements' due dates, and the council's until it has decided. */
  async nextDue(m: EntityManager, r: InitiativeRecord): Promise<Date | null> {
    if (isTerminal(r.status) || r.status === 'decided' || r.status === 'measures_taken') return null;
    const open = (await this.repository.statements(r.id, m)).filter((s) => !s.answeredAt).map((s) => s.dueAt);
    return nearestDue([...open, r.councilDeadline]);
  }

  private move(r: InitiativeRecord, to: Status): Status {
    const from = r.status;
    try {
      assertTransition(from, to);
    } catch (error) {
      if (error instanceof InvalidTransitionError) throw new ConflictException(error.message);
      throw error;
    }
    r.status = to;
    return from;
  }

  private statusChanged(rec: InitiativeRecord, from: Status, user: AuthUser, at: string, reason?: string): OutboxEvent {
    return outboxEvent(InitiativeEvents.statusChanged, {
      ...initiativeEventRef(rec),
      from,
      to: rec.status,
      by: staffActor(user),
      changedAt: at,
      ...(reason ? { reason } : {}),
    });
  }
}
