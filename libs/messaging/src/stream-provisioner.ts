import type { NatsConnection } from '@nats-io/nats-core';
import {
  AckPolicy,
  ConsumerConfig,
  DeliverPolicy,
  jetstreamManager,
  JetStreamApiCodes,
  JetStreamApiError,
  JetStreamManager,
  RetentionPolicy,
  StorageType,
  StreamConfig,
} from '@nats-io/jetstream';

const NANOS_PER_MS = 1_000_000;

export interface StreamSettings {
  name: string;
  subjects: string[];
  description?: string;
  /** How long events stay in the stream; consumers keep their own state. Default 14 days. */
  maxAgeMs?: number;
  /** Window in which a repeated Nats-Msg-Id is dropped. Default 2 minutes. */
  duplicateWindowMs?: number;
  replicas?: number;
}

export interface ConsumerSettings {
  stream: string;
  durable: string;
  filterSubject?: string;
  maxDeliver: number;
  ackWaitMs: number;
  maxAckPending?: number;
}

function isNotFound(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}

/**
 * Creates streams and durable consumers, and re-applies our settings to ones that exist:
 * a consumer created by an older release keeps its old max_deliver otherwise.
 */
export class StreamProvisioner {
  private constructor(private readonly jsm: JetStreamManager) {}

  static async connect(nc: NatsConnection): Promise<StreamProvisioner> {
    return new StreamProvisioner(await jetstreamManager(nc));
  }

  async ensureStream(settings: StreamSettings): Promise<void> {
    const config: Partial<StreamConfig> & { name: string } = {
      name: settings.name,
      subjects: settings.subjects,
      description: settings.description,
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_age: (settings.maxAgeMs ?? 14 * 24 * 3600_000) * NANOS_PER_MS,
      duplicate_window: (settings.duplicateWindowMs ?? 120_000) * NANOS_PER_MS,
      num_replicas: settings.replicas ?? 1,
    };
    try {
      await this.jsm.streams.info(settings.name);
    } catch (error) {
      if (!isNotFound(error, JetStreamApiCodes.StreamNotFound)) throw error;
      try {
        await this.jsm.streams.add(config);
        return;
      } catch (addError) {
        // Another replica created it between our look-up and our add: fall through to update.
        if (!(addError instanceof JetStreamApiError)) throw addError;
      }
    }
    await this.jsm.streams.update(settings.name, config);
  }

  async ensureConsumer(settings: ConsumerSettings): Promise<void> {
    const config: Partial<ConsumerConfig> = {
      durable_name: settings.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: settings.filterSubject,
      max_deliver: settings.maxDeliver,
      ack_wait: settings.ackWaitMs * NANOS_PER_MS,
      max_ack_pending: settings.maxAckPending ?? 1000,
    };
    try {
      await this.jsm.consumers.info(settings.stream, settings.durable);
    } catch (error) {
      if (!isNotFound(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
      await this.jsm.consumers.add(settings.stream, config);
      return;
    }
    // deliver_policy and filter cannot always change in place; the rest is re-applied.
    const { deliver_policy: _ignored, ...updatable } = config;
    await this.jsm.consumers.update(settings.stream, settings.durable, updatable);
  }

  async consumerPending(stream: string, durable: string): Promise<number> {
    const info = await this.jsm.consumers.info(stream, durable);
    return info.num_pending + info.num_ack_pending;
  }

  async deleteStream(name: string): Promise<void> {
    try {
      await this.jsm.streams.delete(name);
    } catch (error) {
      if (!isNotFound(error, JetStreamApiCodes.StreamNotFound)) throw error;
    }
  }
}
