import { randomUUID } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { AckPolicy, jetstream, jetstreamManager, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@vaikuta/persistence';
import { StreamReader } from '../stream-reader';
import { testNamespace } from '../test-namespace';
import { consumerSettled } from './consumer-settled';

/**
 * consumerSettled on real NATS and PostgreSQL, with the consumer played by hand: it was handed
 * two events and has applied (inbox row, ack) only the later one — as a consumer with two
 * workers can, the earlier event still in the other worker's transaction. The producer's latest
 * event is applied, yet the consumer has not settled.
 */
describe('consumerSettled', () => {
  const namespace = testNamespace('settled');
  const stream = `${namespace.toUpperCase()}_THINGS`;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let reader: StreamReader;
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    jsm = await jetstreamManager(nc);
    reader = await StreamReader.open();
    await jsm.streams.add({ name: stream, subjects: [`${namespace}.things.>`] });
    await jsm.consumers.add(stream, { durable_name: 'notifications', ack_policy: AckPolicy.Explicit, ack_wait: 120_000_000_000 });
    // One database plays both sides: the producer's relayed outbox and the consumer's inbox.
    db = await createTestDatabase('consumer_settled');
    dataSource = await new DataSource({ type: 'postgres', url: db.url, extra: { max: 2 } }).initialize();
    await dataSource.query(`CREATE TABLE outbox (id uuid PRIMARY KEY, published_at timestamptz)`);
    await dataSource.query(`CREATE TABLE inbox (event_id text PRIMARY KEY)`);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
    await jsm?.streams.delete(stream).catch(() => undefined);
    await reader?.close();
    await nc?.close();
  });

  it('waits while an earlier event than the latest applied is still being applied', async () => {
    const js = jetstream(nc);
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids) {
      await js.publish(`${namespace}.things.happened`, JSON.stringify({ id, type: 'thing.happened', data: {} }), { msgID: id });
      await dataSource.query(`INSERT INTO outbox (id, published_at) VALUES ($1, now())`, [id]);
    }
    const handed: JsMsg[] = [];
    const messages = await (await js.consumers.get(stream, 'notifications')).fetch({ max_messages: 2, expires: 5_000 });
    for await (const message of messages) handed.push(message);
    expect(handed.map((m) => m.json<{ id: string }>().id)).toEqual(ids);

    const apply = async (message: JsMsg) => {
      await dataSource.query(`INSERT INTO inbox (event_id) VALUES ($1)`, [message.json<{ id: string }>().id]);
      await message.ackAck();
    };
    const producer = { dataSource, reader, stream };
    await apply(handed[1]);
    await expect(consumerSettled(producer, { dataSource }, { timeoutMs: 1_500 })).rejects.toThrow(/every consumer of .* to ack/);

    await apply(handed[0]);
    await expect(consumerSettled(producer, { dataSource }, { timeoutMs: 10_000 })).resolves.toBeUndefined();
  });
});
