import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CloudEvent, EventCatalogue, EventDefinition } from '@vaikuta/contracts';
import { CorrelationContext, traceCarrier } from '@vaikuta/observability';
import { z } from 'zod';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging-options';

/**
 * Writes events into the outbox inside the caller's transaction, so the state change and
 * its event commit together or not at all. The relay publishes them afterwards.
 */
/** The outbox row of a prepared event, for a caller that inserts it in a statement of its own. */
export interface OutboxRow {
  id: string;
  subject: string;
  type: string;
  /** The envelope as JSON text. */
  envelope: string;
}

@Injectable()
export class OutboxWriter {
  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  async append<S extends z.ZodType>(
    manager: EntityManager,
    definition: EventDefinition<S>,
    data: z.input<S>,
    options: { subject?: string } = {},
  ): Promise<CloudEvent<z.infer<S>>> {
    if (!manager.queryRunner?.isTransactionActive) {
      // Without a transaction the event could outlive a rolled-back change.
      throw new Error(`OutboxWriter.append(${definition.type}) must run inside a transaction`);
    }
    const { event, row } = this.prepare(definition, data, options);
    await manager.query(`INSERT INTO outbox (id, subject, type, envelope) VALUES ($1, $2, $3, $4)`, [row.id, row.subject, row.type, row.envelope]);
    return event;
  }

  /**
   * The event and its outbox row, validated as append does, without writing it: for a hot path
   * that inserts the row in the same statement as its state change (one round trip less). The
   * caller must insert `row` into `outbox` inside the change's transaction, or not at all.
   */
  prepare<S extends z.ZodType>(definition: EventDefinition<S>, data: z.input<S>, { subject }: { subject?: string } = {}): { event: CloudEvent<z.infer<S>>; row: OutboxRow } {
    const candidate = {
      specversion: '1.0' as const,
      id: randomUUID(),
      source: `vaikuta/${this.options.service}`,
      type: definition.type,
      subject,
      time: new Date().toISOString(),
      datacontenttype: 'application/json' as const,
      correlationid: CorrelationContext.current(),
      // The span the event is written in (an HTTP request's, a consumer's): its relaying and
      // handling continue that trace (CloudEvents Distributed Tracing extension, docs/adr/0017).
      ...traceCarrier(),
      data,
    };
    // Validate on publish: a malformed event is a bug here, not a consumer's problem later.
    const event = EventCatalogue.validate(JSON.parse(JSON.stringify(candidate))) as CloudEvent<z.infer<S>>;
    return { event, row: { id: event.id, subject: definition.subject, type: event.type, envelope: JSON.stringify(event) } };
  }
}
