export interface MessagingOptions {
  /** The producing service: the CloudEvents `source` is `vaikuta/<service>`. */
  service: string;
  natsUrl?: string;
  /**
   * Prefix for stream names and subjects. Empty in production; each test file sets its
   * own so that files running in parallel never share a stream.
   */
  namespace?: string;
  /** Streams this service publishes to; provisioned at start-up. */
  producesStreams?: string[];
  /** Run the outbox relay in this process (default true). */
  relay?: boolean;
  /** Run the decorated event handlers in this process (default true). */
  consumers?: boolean;
  relayBatchSize?: number;
  relayPollIntervalMs?: number;
  /** How long a relay waits for JetStream's acknowledgement of one publish. */
  publishTimeoutMs?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
