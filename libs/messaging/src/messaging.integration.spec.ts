import { randomUUID } from 'node:crypto';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { CloudEvent, FeedbackEvents } from '@vaikuta/contracts';
import { createTestDatabase, PersistenceModule, TestDatabase } from '@vaikuta/persistence';
import { StreamReader, testNamespace, waitFor } from '@vaikuta/testing';
import {
  CreateMessagingTables1763800000000,
  DeadLetterService,
  EventConsumer,
  MessagingLifecycle,
  MessagingModule,
  OnEvent,
  OutboxRelay,
  OutboxWriter,
  StreamNaming,
  NATS_CONNECTION,
  NonRetryableEventError,
} from './index';

class CreateEffects1763800000001 implements MigrationInterface {
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE effects (event_id text NOT NULL, type text NOT NULL)`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE effects`);
  }
}

/** A consumer whose behaviour each test sets: it records an effect row per applied event. */
@Injectable()
@EventConsumer({ name: 'test-notifier', maxDeliver: 3, backoffMs: 20, maxBackoffMs: 50, ackWaitMs: 5000 })
class RecordingConsumer {
  failuresLeft = 0;
  alwaysFail = false;
  nonRetryable = false;

  @OnEvent(FeedbackEvents.resolved)
  async onResolved(event: CloudEvent, manager: EntityManager) {
    await manager.query(`INSERT INTO effects (event_id, type) VALUES ($1, $2)`, [event.id, event.type]);
    if (this.nonRetryable) throw new NonRetryableEventError('no template for this event');
    if (this.alwaysFail) throw new Error('template missing');
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new Error('transient failure');
    }
  }
}

/**
 * A batch consumer: it is called with runs of events and records each call. A test can hold
 * it at a gate so that a backlog builds up, and name a tracking code that poisons a batch.
 */
@Injectable()
@EventConsumer({ name: 'test-batcher', batchSize: 50, maxDeliver: 3, backoffMs: 20, maxBackoffMs: 50, ackWaitMs: 5000 })
class BatchingConsumer {
  calls: string[][] = [];
  gate: Promise<void> | undefined;
  poison: string | undefined;

  @OnEvent(FeedbackEvents.replied, { batch: true })
  async onReplied(events: CloudEvent[], manager: EntityManager) {
    await this.gate;
    this.calls.push(events.map((e) => e.id));
    for (const e of events) await manager.query(`INSERT INTO effects (event_id, type) VALUES ($1, $2)`, [e.id, e.type]);
    if (events.some((e) => (e.data as { trackingCode: string }).trackingCode === this.poison)) {
      throw new NonRetryableEventError('poisoned batch');
    }
  }
}

const repliedData = (trackingCode = 'FB-TEST-2') => ({
  requestId: randomUUID(),
  trackingCode,
  departmentCode: 'KYMP',
  categoryCode: 'street',
  language: 'fi' as const,
  replyId: randomUUID(),
  body: 'Korjaamme tämän',
  by: { id: 'worker-1', role: 'case_worker' },
  repliedAt: new Date().toISOString(),
});

const resolvedData = () => ({
  requestId: randomUUID(),
  trackingCode: 'FB-TEST-1',
  departmentCode: 'KYMP',
  categoryCode: 'street',
  language: 'fi' as const,
  resolution: 'Korjattu',
  by: { id: 'worker-1', role: 'case_worker' },
  resolvedAt: new Date().toISOString(),
});

describe('messaging on real PostgreSQL and NATS', () => {
  let db: TestDatabase;
  let app: INestApplicationContext;
  let dataSource: DataSource;
  let writer: OutboxWriter;
  let reader: StreamReader;
  let consumer: RecordingConsumer;
  let batcher: BatchingConsumer;
  const namespace = testNamespace('messaging');
  const stream = `${namespace.toUpperCase()}_FEEDBACK`;

  beforeAll(async () => {
    db = await createTestDatabase('messaging');
    @Module({
      imports: [
        PersistenceModule.forRoot({
          url: db.url,
          entities: [],
          migrations: [CreateMessagingTables1763800000000, CreateEffects1763800000001],
        }),
        MessagingModule.forRoot({ service: 'feedback', namespace, producesStreams: ['FEEDBACK'], relayPollIntervalMs: 100 }),
      ],
      providers: [RecordingConsumer, BatchingConsumer],
    })
    class TestModule {}
    const moduleRef = await Test.createTestingModule({ imports: [TestModule] }).compile();
    app = moduleRef;
    await app.init();
    dataSource = app.get(getDataSourceToken());
    writer = app.get(OutboxWriter);
    consumer = app.get(RecordingConsumer);
    batcher = app.get(BatchingConsumer);
    reader = await StreamReader.open();
  });

  afterAll(async () => {
    await app?.close();
    await reader?.deleteNamespace(namespace);
    await reader?.close();
    await db?.drop();
  });

  const effectsFor = async (eventId: string) =>
    Number((await dataSource.query(`SELECT count(*) AS n FROM effects WHERE event_id = $1`, [eventId]))[0].n);

  it('publishes a committed event to the stream with the outbox id as message id, and not a rolled-back one', async () => {
    const event = await dataSource.transaction((m) => writer.append(m, FeedbackEvents.resolved, resolvedData()));
    await expect(
      dataSource.transaction(async (m) => {
        await writer.append(m, FeedbackEvents.resolved, { ...resolvedData(), trackingCode: 'ROLLED-BACK' });
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');

    const landed = await waitFor(async () => (await reader.events(stream)).find((e) => e.event.id === event.id), {
      what: 'event on stream',
    });
    expect(landed.subject).toBe(`${namespace}.feedback.request.resolved`);
    expect(landed.msgId).toBe(event.id);
    expect((await reader.events(stream)).some((e) => e.event.data.trackingCode === 'ROLLED-BACK')).toBe(false);
    // And the consumer applied it exactly once.
    await waitFor(async () => (await effectsFor(event.id)) === 1, { what: 'effect' });
  });

  it('refuses to write an event outside a transaction or with invalid data', async () => {
    await expect(writer.append(dataSource.manager, FeedbackEvents.resolved, resolvedData())).rejects.toThrow(/transaction/);
    await expect(
      dataSource.transaction((m) => writer.append(m, FeedbackEvents.resolved, { ...resolvedData(), language: 'de' } as never)),
    ).rejects.toThrow(/language/);
  });

  it('loses and duplicates nothing when a relay dies between publishing and marking', async () => {
    const lifecycle = app.get(MessagingLifecycle);
    await lifecycle.relay!.stop(); // take the running relay out of the way
    const ids: string[] = [];
    await dataSource.transaction(async (m) => {
      for (let i = 0; i < 5; i++) ids.push((await writer.append(m, FeedbackEvents.resolved, resolvedData())).id);
    });

    class DyingRelay extends OutboxRelay {
      protected override async beforeMark(): Promise<void> {
        throw new Error('killed after publish, before mark');
      }
    }
    const options = { batchSize: 50, pollIntervalMs: 1000, publishTimeoutMs: 5000, retentionHours: 1 };
    const nc = app.get(NATS_CONNECTION);
    const naming = app.get(StreamNaming);
    await expect(new DyingRelay(dataSource, nc, naming, options).relayBatch()).rejects.toThrow('killed');
    // The rows were published but the marks rolled back: all five are still pending.
    const pending = await dataSource.query(`SELECT id FROM outbox WHERE id = ANY($1::uuid[]) AND published_at IS NULL`, [ids]);
    expect(pending).toHaveLength(5);

    await new OutboxRelay(dataSource, nc, naming, options).drain();
    const onStream = (await reader.events(stream)).filter((e) => ids.includes(e.event.id));
    expect(onStream.map((e) => e.event.id).sort()).toEqual([...ids].sort());
    const stillPending = await dataSource.query(`SELECT id FROM outbox WHERE published_at IS NULL`);
    expect(stillPending).toHaveLength(0);
    await lifecycle.relay!.start();
  });

  it('applies a redelivered event once, and retries a transient failure until it succeeds', async () => {
    const event = await dataSource.transaction((m) => writer.append(m, FeedbackEvents.resolved, resolvedData()));
    await waitFor(async () => (await effectsFor(event.id)) === 1, { what: 'first application' });
    // The same event arrives again under another message id (e.g. an ack lost in transit).
    const [copy] = (await reader.messages(stream)).filter((m) => m.json<{ id: string }>().id === event.id);
    await reader.publishRaw(copy.subject, copy.string(), randomUUID());
    await waitFor(async () => (await reader.events(stream)).filter((e) => e.event.id === event.id).length === 2);
    // Give the consumer a chance to see the copy: a later event acts as a marker.
    const marker = await dataSource.transaction((m) => writer.append(m, FeedbackEvents.resolved, resolvedData()));
    await waitFor(async () => (await effectsFor(marker.id)) === 1, { what: 'marker' });
    expect(await effectsFor(event.id)).toBe(1);

    consumer.failuresLeft = 2;
    const flaky = await dataSource.transaction((m) => writer.append(m, FeedbackEvents.resolved, resolvedData()));
    await waitFor(async () => (await effectsFor(flaky.id)) === 1, { what: 'retried application' });
    expect(consumer.failuresLeft).toBe(0);
  });

  it('parks a poison event as a dead letter, goes on, and replays it once fixed', async () => {
    const deadLetters = app.get(DeadLetterService);
    // Unreadable bytes on the subject: parked at once with the reason.
    await reader.publishRaw(`${namespace}.feedback.request.resolved`, '{not json', randomUUID());
    await waitFor(async () => (await deadLetters.list({})).some((d) => /unreadable/.test(d.reason)), { what: 'unreadable parked' });

    consumer.alwaysFail = true;
    const doomed = await dataSource.transaction((m) => writer.append(m, FeedbackEvents.resolved, resolvedData()));
    const parked = await waitFor(async () => (await deadLetters.list({})).find((d) => d.eventId === doomed.id), {
      what: 'failing event parked',
    });
    expect(parked).toMatchObject({ consumer: 'test-notifier', deliveries: 3, reason: 'template missing', eventType: doomed.type });
    expect(await effectsFor(doomed.id)).toBe(0); // each failed attempt rolled back

    // The consumer goes on with the next event.
    consumer.alwaysFail = false;
    const next = await dataSource.transaction((m) => writer.append(m, FeedbackEvents.resolved, resolvedData()));
    await waitFor(async () => (await effectsFor(next.id)) === 1, { what: 'next event' });

    await expect(deadLetters.replay(parked.id)).resolves.toEqual({ id: parked.id, applied: true });
    expect(await effectsFor(doomed.id)).toBe(1);
    // A second replay finds the inbox row and applies nothing.
    await expect(deadLetters.replay(parked.id)).resolves.toEqual({ id: parked.id, applied: false });
    expect(await effectsFor(doomed.id)).toBe(1);
    expect((await deadLetters.list({})).find((d) => d.id === parked.id)).toBeUndefined();
  });

  it('parks an event at its first delivery when the handler says retrying cannot help', async () => {
    const deadLetters = app.get(DeadLetterService);
    consumer.nonRetryable = true;
    try {
      const doomed = await dataSource.transaction((m) => writer.append(m, FeedbackEvents.resolved, resolvedData()));
      const parked = await waitFor(async () => (await deadLetters.list({})).find((d) => d.eventId === doomed.id), {
        what: 'non-retryable event parked',
      });
      expect(parked).toMatchObject({ deliveries: 1, reason: 'no template for this event' });
      expect(await effectsFor(doomed.id)).toBe(0);
    } finally {
      consumer.nonRetryable = false;
    }
    const next = await dataSource.transaction((m) => writer.append(m, FeedbackEvents.resolved, resolvedData()));
    await waitFor(async () => (await effectsFor(next.id)) === 1, { what: 'next event after the parked one' });
  });

  /** Holds the batch consumer until `release`; events published meanwhile wait as a backlog. */
  const holdBatcher = () => {
    let release!: () => void;
    batcher.gate = new Promise<void>((r) => (release = r));
    return () => {
      batcher.gate = undefined;
      release();
    };
  };
  /** The event id in a stored message; the stream also holds an unreadable one. */
  const eventIdOf = (msg: { string(): string }): string | undefined => {
    try {
      return JSON.parse(msg.string()).id;
    } catch {
      return undefined;
    }
  };
  const onStream = async (ids: string[]) =>
    waitFor(
      async () => {
        const idsOnStream = new Set((await reader.messages(stream)).map(eventIdOf));
        return ids.every((id) => idsOnStream.has(id));
      },
      { what: 'events on the stream' },
    );

  it('applies a backlog in batches, in stream order, each event once', async () => {
    const release = holdBatcher();
    const first = await dataSource.transaction((m) => writer.append(m, FeedbackEvents.replied, repliedData()));
    const rest = await dataSource.transaction(async (m) => {
      const events = [];
      for (let i = 0; i < 30; i++) events.push(await writer.append(m, FeedbackEvents.replied, repliedData()));
      return events;
    });
    const ids = [first.id, ...rest.map((e) => e.id)];
    const copiesOf = async (id: string) => (await reader.messages(stream)).filter((msg) => eventIdOf(msg) === id);
    try {
      await onStream(ids);
      // The same event once more, under another message id, in the backlog: the inbox must skip it.
      const [copy] = await copiesOf(rest[3].id);
      await reader.publishRaw(copy.subject, copy.string(), randomUUID());
      await waitFor(async () => (await copiesOf(rest[3].id)).length === 2, { what: 'the copy on the stream' });
    } finally {
      batcher.calls = [];
      release();
    }

    await waitFor(async () => (await Promise.all(ids.map(effectsFor))).every((n) => n === 1), { what: 'every event applied' });
    expect(batcher.calls.flat()).toEqual(ids); // stream order, each once
    expect(Math.max(...batcher.calls.map((c) => c.length))).toBeGreaterThan(1);
    const marker = await dataSource.transaction((m) => writer.append(m, FeedbackEvents.replied, repliedData()));
    await waitFor(async () => (await effectsFor(marker.id)) === 1, { what: 'marker after the copy' });
    expect(await effectsFor(rest[3].id)).toBe(1);
  });

  it('applies the rest of a failing batch one by one and parks only the event at fault', async () => {
    const deadLetters = app.get(DeadLetterService);
    batcher.poison = 'FB-POISON';
    const release = holdBatcher();
    const blocker = await dataSource.transaction((m) => writer.append(m, FeedbackEvents.replied, repliedData()));
    const events = await dataSource.transaction(async (m) => {
      const list = [];
      for (let i = 0; i < 9; i++) list.push(await writer.append(m, FeedbackEvents.replied, repliedData(i === 4 ? 'FB-POISON' : 'FB-TEST-3')));
      return list;
    });
    try {
      await onStream([blocker.id, ...events.map((e) => e.id)]);
    } finally {
      batcher.calls = [];
      release();
    }
    const poisoned = events[4];
    const parked = await waitFor(async () => (await deadLetters.list({})).find((d) => d.eventId === poisoned.id), { what: 'poison parked' });
    expect(parked).toMatchObject({ consumer: 'test-batcher', deliveries: 1, reason: 'poisoned batch' });
    const healthy = [blocker, ...events.filter((e) => e !== poisoned)];
    await waitFor(async () => (await Promise.all(healthy.map((e) => effectsFor(e.id)))).every((n) => n === 1), { what: 'the others applied' });
    expect(await effectsFor(poisoned.id)).toBe(0);
    // The failed batch was tried whole first, then its events alone.
    expect(batcher.calls.some((c) => c.length > 1 && c.includes(poisoned.id))).toBe(true);
    expect(batcher.calls).toContainEqual([poisoned.id]);
    batcher.poison = undefined;
  });
});
