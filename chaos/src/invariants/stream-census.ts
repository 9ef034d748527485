import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { jetstreamManager, JetStreamManager } from '@nats-io/jetstream';

export interface ConsumerState {
  stream: string;
  durable: string;
  pending: number;
  ackPending: number;
}

/** What the streams hold after the load: every message's Nats-Msg-Id and event id, and each durable consumer's backlog. */
export class StreamCensus {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
  ) {}

  static async open(servers: string): Promise<StreamCensus> {
    const nc = await connect({ servers: servers.split(','), maxReconnectAttempts: -1 });
    return new StreamCensus(nc, await jetstreamManager(nc));
  }

  async streams(): Promise<string[]> {
    const names: string[] = [];
    for await (const name of this.jsm.streams.names()) names.push(name);
    return names.sort();
  }

  /** Every stored message's Nats-Msg-Id (the outbox id) and event id, by stream. */
  async messages(stream: string): Promise<{ msgId?: string; eventId?: string; type?: string }[]> {
    const info = await this.jsm.streams.info(stream);
    const out: { msgId?: string; eventId?: string; type?: string }[] = [];
    if (info.state.messages === 0) return out;
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const message = await this.jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (!message) continue;
      let event: { id?: string; type?: string } = {};
      try {
        event = message.json();
      } catch {
        /* a poison message need not be JSON */
      }
      out.push({ msgId: message.header?.get('Nats-Msg-Id') || undefined, eventId: event.id, type: event.type });
    }
    return out;
  }

  async consumers(): Promise<ConsumerState[]> {
    const out: ConsumerState[] = [];
    for (const stream of await this.streams()) {
      for await (const info of this.jsm.consumers.list(stream)) {
        out.push({ stream, durable: info.name, pending: info.num_pending, ackPending: info.num_ack_pending });
      }
    }
    return out;
  }

  async close(): Promise<void> {
    await this.nc.close();
  }
}
