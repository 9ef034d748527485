import { z } from 'zod';

/**
 * One entry of the catalogue: the versioned CloudEvents `type`, the NATS subject it is
 * published on, the stream that holds it, and the schema of its `data`.
 * A change that would break a consumer gets a new version (`.v2`), never an edit.
 */
export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  type: string;
  subject: string;
  stream: string;
  schema: S;
  /** Who reads it, in a sentence — the catalogue doubles as documentation. */
  description: string;
}

export function defineEvent<S extends z.ZodType>(definition: EventDefinition<S>): EventDefinition<S> {
  return definition;
}

export type EventData<D> = D extends EventDefinition<infer S> ? z.infer<S> : never;
