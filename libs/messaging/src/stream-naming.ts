import { Streams, StreamDefinition } from '@vaikuta/contracts';

/**
 * Maps catalogue names to the names used on this NATS server. With namespace `t1`,
 * stream FEEDBACK becomes T1_FEEDBACK holding `t1.feedback.>`.
 */
export class StreamNaming {
  constructor(private readonly namespace = '') {
    if (namespace && !/^[a-z0-9_]+$/.test(namespace)) {
      throw new Error(`Messaging namespace "${namespace}" must be lower-case letters, digits or underscores`);
    }
  }

  stream(name: string): string {
    return this.namespace ? `${this.namespace.toUpperCase()}_${name}` : name;
  }

  subject(subject: string): string {
    return this.namespace ? `${this.namespace}.${subject}` : subject;
  }

  /** The catalogue subject of a subject seen on the wire. */
  unprefixSubject(subject: string): string {
    return this.namespace && subject.startsWith(`${this.namespace}.`) ? subject.slice(this.namespace.length + 1) : subject;
  }

  streamDefinition(name: string): StreamDefinition {
    const definition = Streams[name];
    if (!definition) throw new Error(`No stream named ${name} in the catalogue`);
    return { ...definition, name: this.stream(name), subjects: definition.subjects.map((s) => this.subject(s)) };
  }

  /** Durable consumer names cannot contain dots. */
  durable(consumer: string): string {
    return consumer.replace(/[^A-Za-z0-9_-]/g, '_');
  }
}
