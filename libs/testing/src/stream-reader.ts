import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { jetstreamManager, JetStreamManager, StoredMsg } from '@nats-io/jetstream';

/** Reads what actually landed in a stream, straight from the server. */
export class StreamReader {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
  ) {}

  static async open(url = process.env.NATS_URL ?? 'nats://127.0.0.1:4222'): Promise<StreamReader> {
    const nc = await connect({ servers: url.split(',').map((server) => server.trim()) }); // one server or a cluster's list
    return new StreamReader(nc, await jetstreamManager(nc));
  }

  async messages(stream: string): Promise<StoredMsg[]> {
    const info = await this.jsm.streams.info(stream);
    const out: StoredMsg[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const message = await this.jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (message) out.push(message);
    }
    return out;
  }

  async events(stream: string): Promise<{ subject: string; msgId?: string; event: { id: string; type: string; data: any } }[]> {
    return (await this.messages(stream)).map((m) => ({
      subject: m.subject,
      msgId: m.header?.get('Nats-Msg-Id'),
      event: m.json(),
    }));
  }

  /**
   * The durable consumers of a stream that still have messages to be handed (`num_pending`) or
   * handed but not acked (`num_ack_pending`, a message being applied or waiting for redelivery).
   */
  async consumersBusy(stream: string): Promise<string[]> {
    const busy: string[] = [];
    for await (const info of this.jsm.consumers.list(stream)) {
      if (info.num_pending > 0 || info.num_ack_pending > 0) busy.push(info.name);
    }
    return busy;
  }

  async publishRaw(subject: string, payload: string, msgID?: string): Promise<void> {
    const { jetstream } = await import('@nats-io/jetstream');
    await jetstream(this.nc).publish(subject, payload, msgID ? { msgID } : undefined);
  }

  /** Removes every stream of a test namespace. */
  async deleteNamespace(namespace: string): Promise<void> {
    const prefix = `${namespace.toUpperCase()}_`;
    for await (const name of this.jsm.streams.names()) {
      if (name.startsWith(prefix)) await this.jsm.streams.delete(name);
    }
  }

  async close(): Promise<void> {
    await this.nc.close();
  }
}
