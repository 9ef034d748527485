import type { Type } from '@nestjs/common';
import type { EventConsumerOptions } from './event-handler.decorators';

/**
 * One consumer class and its settings, given when the module is registered: settings that
 * come from a service's configuration (concurrency, batch size) cannot be decorator literals.
 */
export interface EventConsumerRegistration {
  /** The provider whose @OnEvent methods form the consumer (it must also be a provider of the app). */
  consumer: Type<unknown>;
  options: EventConsumerOptions;
}

export interface MessagingOptions {
  /** The producing service: the CloudEvents `source` is `vaikuta/<service>`. */
  service: string;
  /**
   * Default nats://127.0.0.1:4222 (the local server `npm start` and the tests use). A cluster is
   * a comma-separated list of its nodes: the client picks one and fails over to the others.
   */
  natsUrl?: string;
  /**
   * Prefix for stream names and subjects. Empty in production; each test file sets its
   * own so that files running in parallel never share a stream.
   */
  namespace?: string;
  /** Streams this service publishes to; provisioned at start-up. */
  producesStreams?: string[];
  /** Replicas of the streams this service provisions (NATS cluster size permitting). Default 1. */
  streamReplicas?: number;
  /** Run the outbox relay in this process (default true). */
  relay?: boolean;
  /** Run the event handlers in this process (default true). */
  consumers?: boolean;
  /**
   * Consumer classes with their settings. A class listed here needs no @EventConsumer; one
   * that has it gets these settings instead.
   */
  eventConsumers?: EventConsumerRegistration[];
  relayBatchSize?: number;
  relayPollIntervalMs?: number;
  /** How long a relay waits for JetStream's acknowledgement of one publish. */
  publishTimeoutMs?: number;
  /** How long relayed outbox rows are kept (for audits and replays). Default 72. */
  outboxRetentionHours?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

/**
 * The servers in a NATS_URL: one URL or a comma-separated list of a cluster's nodes. The client
 * is given them all, so a connection whose node dies reconnects to another one (it also learns
 * the rest of the cluster from the node it reaches, but only if that node is up at start).
 */
export function natsServerList(natsUrl: string = DEFAULT_NATS_URL): string[] {
  const servers = natsUrl
    .split(',')
    .map((server) => server.trim())
    .filter(Boolean);
  return servers.length ? servers : [DEFAULT_NATS_URL];
}
