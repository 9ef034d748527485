import type { DataSource } from 'typeorm';
import { waitFor } from '../wait-for';
import type { ServiceProcess } from './service-process';

/**
 * Waits until `consumer` has applied the latest event `producer` committed (of those `matching`,
 * if given): first the producer's outbox is all relayed — read straight after a 2xx, the event
 * may not be on the stream yet (an e2e spec read an empty stream in CI) — then that event is in
 * the consumer's inbox.
 */
export async function consumerSettled(
  producer: ServiceProcess,
  consumer: { dataSource: DataSource },
  options: { matching?: (event: { type: string; data: any }) => boolean; timeoutMs?: number } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  await waitFor(async () => (await producer.dataSource.query(`SELECT 1 FROM outbox WHERE published_at IS NULL LIMIT 1`)).length === 0, {
    what: `${producer.stream}: every outbox row relayed`,
    timeoutMs,
  });
  const events = (await producer.reader.events(producer.stream)).filter((e) => !options.matching || options.matching(e.event));
  const last = events.at(-1)?.event.id;
  if (!last) throw new Error(`${producer.stream} holds no such event`);
  await waitFor(async () => (await consumer.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [last])).length === 1, {
    what: `the consumer to apply ${producer.stream}'s event ${last}`,
    timeoutMs,
  });
}
