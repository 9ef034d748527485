import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CloudEvent, EventCatalogue, EventDefinition } from '@vaikuta/contracts';
import { CorrelationContext } from '@vaikuta/observability';
import { z } from 'zod';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging-options';

/**
 * Writes events into the outbox inside the caller's transaction, so the state change and
 * its event commit together or not at all. The relay publishes them afterwards.
 */
@Injectable()
export class OutboxWriter {
  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  async append<S extends z.ZodType>(
    manager: EntityManager,
    definition: EventDefinition<S>,
    data: z.input<S>,
    { subject }: { subject?: string } = {},
  ): Promise<CloudEvent<z.infer<S>>> {
    if (!manager.queryRunner?.isTransactionActive) {
      // Without a transaction the event could outlive a rolled-back change.
      throw new Error(`OutboxWriter.append(${definition.type}) must run inside a transaction`);
    }
    const candidate = {
      specversion: '1.0' as const,
      id: randomUUID(),
      source: `vaikuta/${this.options.service}`,
      type: definition.type,
      subject,
      time: new Date().toISOString(),
      datacontenttype: 'application/json' as const,
      correlationid: CorrelationContext.current(),
      data,
    };
    // Validate on publish: a malformed event is a bug here, not a consumer's problem later.
    const event = EventCatalogue.validate(JSON.parse(JSON.stringify(candidate))) as CloudEvent<z.infer<S>>;
    await manager.query(`INSERT INTO outbox (id, subject, type, envelope) VALUES ($1, $2, $3, $4)`, [
      event.id,
      definition.subject,
      event.type,
      JSON.stringify(event),
    ]);
    return event;
  }
}
