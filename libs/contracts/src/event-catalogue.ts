import { z } from 'zod';
import { cloudEventEnvelope, CloudEvent } from './cloud-event';
import { EventDefinition } from './event-definition';
import { FeedbackEvents } from './events/feedback.events';
import { InitiativeEvents } from './events/initiatives.events';
import { BudgetingEvents } from './events/budgeting.events';
import { GrantEvents } from './events/grants.events';
import { PremisesEvents } from './events/premises.events';
import { PrivacyEvents } from './events/privacy.events';

const all: EventDefinition[] = [
  ...Object.values(FeedbackEvents),
  ...Object.values(InitiativeEvents),
  ...Object.values(BudgetingEvents),
  ...Object.values(GrantEvents),
  ...Object.values(PremisesEvents),
  ...Object.values(PrivacyEvents),
];

const byType = new Map(all.map((d) => [d.type, d]));

/** Raised when an event does not match the catalogue; the message names what is wrong. */
export class EventContractError extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'EventContractError';
  }
}

function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
}

export const EventCatalogue = {
  definitions: (): readonly EventDefinition[] => all,
  find: (type: string): EventDefinition | undefined => byType.get(type),

  /**
   * Checks an envelope and its data against the catalogue. Used by the outbox before a
   * row is written and by consumers before a handler sees the event.
   */
  validate(candidate: unknown): CloudEvent {
    const envelope = cloudEventEnvelope.safeParse(candidate);
    if (!envelope.success) {
      throw new EventContractError('Invalid CloudEvents envelope', describeIssues(envelope.error));
    }
    const definition = byType.get(envelope.data.type);
    if (!definition) throw new EventContractError(`Unknown event type ${envelope.data.type}`);
    const data = definition.schema.safeParse(envelope.data.data);
    if (!data.success) {
      const issues = describeIssues(data.error);
      throw new EventContractError(
        `Invalid data for ${definition.type}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
        issues,
      );
    }
    return { ...envelope.data, data: data.data } as CloudEvent;
  },
};
