import type { DataSource } from 'typeorm';
import { waitFor } from '../wait-for';
import type { ServiceProcess } from './service-process';

/**
 * Waits until `consumer` has applied every event `producer` committed: first the producer's
 * outbox is all relayed — read straight after a 2xx, the event may not be on the stream yet (an
 * e2e spec read an empty stream in CI) — then the latest event (of those `matching`, if given) is
 * in the consumer's inbox, and then every durable consumer of the stream has been handed every
 * message and acked it.
 *
 * The last step is not implied by the second: a consumer with several workers applies
 * neighbouring events at once, so the latest event can commit while an earlier one is still in
 * another worker's transaction (a CI run read a voter's follows with their changed ballot not
 * yet applied). A message is acked only after its transaction commits, so nothing delivered and
 * nothing awaiting an ack means nothing is still being applied.
 */
export async function consumerSettled(
  producer: Pick<ServiceProcess, 'dataSource' | 'reader' | 'stream'>,
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
  await waitFor(
    async () => {
      const busy = await producer.reader.consumersBusy(producer.stream);
      // Thrown, so a timeout names the consumers still at work.
      if (busy.length) throw new Error(`still busy: ${busy.join(', ')}`);
      return true;
    },
    {
      what: `every consumer of ${producer.stream} to ack what it was handed`,
      timeoutMs,
    },
  );
}
