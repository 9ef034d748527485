import { NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget } from 'typeorm';
import { z } from 'zod';
import { EventDefinition } from '@vaikuta/contracts';
import { StaleVersionProblem } from '@vaikuta/http';
import { OutboxWriter } from '@vaikuta/messaging';
import { AuditActor, AuditLog } from '../audit/audit-log';
import { Clock } from '../time/clock';

/** A row edited under optimistic concurrency: clients send back the `version` they saw. */
export interface VersionedEntity {
  id: string;
  version: number;
  updatedAt?: Date | null;
}

/** One event for the outbox; `outboxEvent()` builds it with the definition's data type checked. */
export interface OutboxEvent {
  definition: EventDefinition;
  data: unknown;
  subject?: string;
}

export function outboxEvent<S extends z.ZodType>(definition: EventDefinition<S>, data: z.input<S>, subject?: string): OutboxEvent {
  return { definition, data, ...(subject ? { subject } : {}) };
}

/** What a mutation did: the audit entry and the events that tell the others. */
export interface ChangeRecord<E> {
  action: string;
  details?: Record<string, unknown>;
  /**
   * Events to write after the row is saved, so they see its new state and version; `at` is
   * the change's time as ISO text (the row's `updatedAt`).
   */
  events?: (entity: E, at: string) => OutboxEvent[];
}

export type Mutation<E> = (entity: E, tx: EntityManager) => Promise<ChangeRecord<E>>;

export interface VersionedChangeOptions<E> {
  /** The TypeORM entity whose rows are changed. */
  entity: EntityTarget<E>;
  /** Its audit table (shared shape). */
  audit: AuditLog;
  /** The 404 for an unknown id; default `No <entity> <id>`. */
  notFound?: (id: string) => Error;
  /**
   * The service's injected time for `updatedAt` and the events' `at`; without one, the system
   * time. Pass it wherever the service's other timestamps come from a Clock, so a row's
   * updatedAt never disagrees with them (and tests on fake time see fake time).
   */
  clock?: Clock;
}

export interface ChangeRequest<E> {
  id: string;
  /** The version the caller saw; anything else is a 409 with the current version. */
  expectedVersion: number;
  actor: AuditActor;
  /** Checks the caller may touch this row (e.g. its department), before the version is compared. */
  authorize?: (entity: E) => void;
}

/**
 * A versioned change in one transaction: lock the row (SELECT … FOR UPDATE), let the caller
 * see whether they may touch it, compare the version they saw (stale → 409 problem with the
 * current version), apply the mutation, bump the version, save, write the audit entry and
 * the outbox events — all or nothing. Anything the mutation throws rolls all of it back.
 */
export class VersionedChange<E extends VersionedEntity> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly options: VersionedChangeOptions<E>,
  ) {}

  get audit(): AuditLog {
    return this.options.audit;
  }

  /** Applies `mutate` to the row; answers the saved row with its new version. */
  apply(request: ChangeRequest<E>, mutate: Mutation<E>): Promise<E> {
    return this.dataSource.transaction((tx) => this.applyIn(tx, request, mutate));
  }

  /** As `apply`, inside a transaction the caller already holds (their other writes commit with it). */
  async applyIn(tx: EntityManager, { id, expectedVersion, actor, authorize }: ChangeRequest<E>, mutate: Mutation<E>): Promise<E> {
    const entity = await this.lock(tx, id);
    authorize?.(entity);
    if (entity.version !== expectedVersion) throw new StaleVersionProblem(entity.version);
    const change = await mutate(entity, tx);
    const now = this.options.clock?.now() ?? new Date();
    if ('updatedAt' in entity) entity.updatedAt = now;
    entity.version += 1;
    await tx.save(this.options.entity, entity);
    await this.options.audit.write(tx, { entityId: id, version: entity.version, action: change.action, actor, details: change.details });
    for (const event of change.events?.(entity, now.toISOString()) ?? []) {
      await this.outbox.append(tx, event.definition, event.data as never, event.subject ? { subject: event.subject } : {});
    }
    return entity;
  }

  /** The row, locked until the transaction ends; 404 when there is none. */
  async lock(tx: EntityManager, id: string): Promise<E> {
    const found = await tx.getRepository(this.options.entity).findOne({ where: { id } as never, lock: { mode: 'pessimistic_write' } });
    if (!found) throw this.options.notFound?.(id) ?? new NotFoundException(`No ${this.entityName()} ${id}`);
    return found;
  }

  private entityName(): string {
    return this.dataSource.getMetadata(this.options.entity).tableName;
  }
}
