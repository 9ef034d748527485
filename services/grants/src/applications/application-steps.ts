import { Injectable, NotFoundException } from '@nestjs/common';
import type { AuthUser } from '@vaikuta/auth';
import { AuditActor, Clock, OutboxEvent, VersionedChange } from '@vaikuta/domain';
import { OutboxWriter } from '@vaikuta/messaging';
import { EntityManager } from 'typeorm';
import { ApplicationEntity } from './application.entity';
import { ApplicationRepository } from './application.repository';
import { ApplicationStep, nextState, StepTaker } from './application-state';

/** The ids every application event carries: the person who made the draft by sub only. */
export function applicationRef(a: ApplicationEntity) {
  return { applicationId: a.id, roundId: a.roundId, associationId: a.associationId, applicantSub: a.createdBy, title: a.title };
}

/** What a step's own work did: more audit details and the event that tells of it. */
export interface StepWork {
  details?: Record<string, unknown>;
  event?: (saved: ApplicationEntity, at: string) => OutboxEvent;
}

export interface StepRequest {
  id: string;
  version: number;
  actor: AuditActor;
  by: StepTaker;
  /** For applicants: the associations they act for (another's application is 404); undefined for anyone's. */
  associations?: readonly string[];
}

/**
 * Every change of an application, as one versioned change: lock the row, check the caller's
 * association, compare the version, check the step against the state machine, do the step's
 * work, then the row, the audit entry and the event commit together.
 */
@Injectable()
export class ApplicationSteps {
  readonly changes: VersionedChange<ApplicationEntity>;

  constructor(
    readonly repository: ApplicationRepository,
    outbox: OutboxWriter,
    readonly clock: Clock,
  ) {
    this.changes = new VersionedChange(repository.dataSource, outbox, {
      entity: ApplicationEntity,
      audit: repository.auditLog,
      notFound: (id) => new NotFoundException(`No application ${id}`),
    });
  }

  /** A step of the state machine (`step`) or, with `step: null`, an edit that keeps the state. */
  take(request: StepRequest, step: ApplicationStep | null, work?: (a: ApplicationEntity, tx: EntityManager, now: Date) => Promise<StepWork | void>, tx?: EntityManager): Promise<ApplicationEntity> {
    const change = {
      id: request.id,
      expectedVersion: request.version,
      actor: request.actor,
      authorize: (a: ApplicationEntity) => {
        if (request.associations && !request.associations.includes(a.associationId)) throw new NotFoundException(`No application ${request.id}`);
      },
    };
    const mutate = async (a: ApplicationEntity, m: EntityManager) => {
      const from = a.state;
      const to = step ? nextState(a.state, step, request.by, a.outcome) : a.state;
      const done = (await work?.(a, m, this.clock.now())) ?? {};
      a.state = to;
      return {
        action: step ?? 'edited',
        details: { ...(step ? { from, to } : {}), ...done.details },
        events: (saved: ApplicationEntity, at: string) => (done.event ? [done.event(saved, at)] : []),
      };
    };
    return tx ? this.changes.applyIn(tx, change, mutate) : this.changes.apply(change, mutate);
  }
}

/** The audit actor of a signed-in caller: officers by their staff role, everyone else as the association's applicant. */
export function actorOf(user: AuthUser, side: 'applicant' | 'officer'): AuditActor {
  if (side === 'applicant') return { id: user.sub, role: 'applicant' };
  return { id: user.sub, role: user.roles.includes('grants_officer') ? 'grants_officer' : 'admin' };
}
