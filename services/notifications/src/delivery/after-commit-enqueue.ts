import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { DeliveryQueues, type QueuedRow } from './delivery-queues';

/**
 * Jobs are added only after the rows they point to are committed: a job for a row that
 * rolled back would find nothing, and a job added before the commit could run before the
 * row is visible. A TypeORM subscriber sees the commit of the consumer's transaction.
 */
@Injectable()
export class AfterCommitEnqueue implements EntitySubscriberInterface, OnModuleInit {
  private readonly waiting = new WeakMap<QueryRunner, QueuedRow[]>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: DeliveryQueues,
  ) {}

  onModuleInit(): void {
    (this.dataSource.subscribers as EntitySubscriberInterface[]).push(this);
  }

  /** Enqueues these rows once `manager`'s transaction commits; at once without a transaction. */
  add(manager: EntityManager, rows: QueuedRow[]): void {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      void this.queues.enqueue(rows);
      return;
    }
    const list = this.waiting.get(runner) ?? [];
    list.push(...rows);
    this.waiting.set(runner, list);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const rows = this.waiting.get(event.queryRunner);
    if (!rows) return;
    this.waiting.delete(event.queryRunner);
    // Not awaited: the consumer acks now; a failed add leaves the rows to the reconciler.
    void this.queues.enqueue(rows);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.waiting.delete(event.queryRunner);
  }
}
