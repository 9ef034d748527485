import { Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CloudEvent, EventData, PrivacyEvents } from '@vaikuta/contracts';
import { OnEvent } from '@vaikuta/messaging';

/** Whom one `privacy.erasure_requested` event names: at least one of subject, email, phone. */
export type ErasureSubject = EventData<typeof PrivacyEvents.erasureRequested>;

/**
 * The right to erasure, the same way in every service that holds personal data. A service
 * extends this, supplies `erase(subject, tx)` — its own SQL, answering how many of its
 * records it erased — and registers the class as an event consumer like any other (the
 * handler is inherited: `@OnEvent` metadata is read through the prototype chain).
 *
 * Around that SQL, in the same transaction:
 * - idempotency: the messaging runner's inbox applies each event once; `erasures_applied`
 *   (`erasureLogMigration`) also refuses an event id seen before, so a replay through any
 *   path erases nothing twice and counts nothing twice;
 * - the outcome: one `erasures_applied` row per event (request id, count, which kinds of
 *   identifier it named — never their values);
 * - the log line: request id and count only, since whom it was about is exactly what must
 *   not be kept.
 * `privacy.erasure_requested` has no confirmation event in the contract (libs/contracts), so
 * none is published; the row is the record.
 */
export abstract class PersonalDataErasureConsumer {
  protected readonly logger = new Logger(this.constructor.name);

  /** What `erase` counts, for the log line: `recipient`, `initiative signer`. */
  protected abstract readonly erasedRecords: string;

  /** Erases what this service holds about the subject; answers how many records it erased. */
  protected abstract erase(subject: ErasureSubject, tx: EntityManager): Promise<number>;

  @OnEvent(PrivacyEvents.erasureRequested)
  async onErasureRequested(event: CloudEvent, tx: EntityManager): Promise<void> {
    const subject = event.data as ErasureSubject;
    const named = (['subjectId', 'email', 'phone'] as const).filter((key) => subject[key] !== undefined);
    const recorded: unknown[] = await tx.query(
      `INSERT INTO erasures_applied (request_id, event_id, erased, named) VALUES ($1, $2, 0, $3)
       ON CONFLICT DO NOTHING RETURNING request_id`,
      [subject.requestId, event.id, named],
    );
    if (recorded.length === 0) {
      this.logger.log(`erasure request ${subject.requestId}: event ${event.id} was applied before`);
      return;
    }
    const erased = await this.erase(subject, tx);
    await tx.query(`UPDATE erasures_applied SET erased = $3 WHERE request_id = $1 AND event_id = $2`, [subject.requestId, event.id, erased]);
    this.logger.log(`erasure request ${subject.requestId}: ${erased} ${this.erasedRecords}(s) erased`);
  }
}
