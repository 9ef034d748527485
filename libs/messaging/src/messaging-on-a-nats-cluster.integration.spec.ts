import { randomUUID } from 'node:crypto';
import { Injectable, INestApplicationContext, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import type { NatsConnection } from '@nats-io/nats-core';
import { jetstreamManager } from '@nats-io/jetstream';
import { CloudEvent, FeedbackEvents } from '@vaikuta/contracts';
import { createTestDatabase, PersistenceModule, TestDatabase } from '@vaikuta/persistence';
import { freePort, StreamReader, testNamespace, waitFor } from '@vaikuta/testing';
// The cluster is a development script (Node only, no package), as the stand-ins in scripts/ are.
// eslint-disable-next-line @nx/enforce-module-boundaries
import type { NatsCluster } from '../../../scripts/platform/nats-cluster.mjs';
import {
  CreateMessagingTables1763800000000,
  EventConsumer,
  MessagingLifecycle,
  MessagingModule,
  NATS_CONNECTION,
  OnEvent,
  OutboxWriter,
  StreamNaming,
} from './index';

// Two replicas of one service on a three-node JetStream cluster (issue 12): the layout a city
// runs. They share one database (outbox, inbox), one stream replicated ×3 and one durable
// consumer; a NATS node may die under them.

class CreateEffects1763800000002 implements MigrationInterface {
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE effects (event_id text NOT NULL, replica text NOT NULL)`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE effects`);
  }
}

/** Records which replica applied each event; a test can hold one replica at a gate. */
@Injectable()
@EventConsumer({ name: 'cluster-recorder', ackWaitMs: 30_000, backoffMs: 20, maxBackoffMs: 50 })
class ReplicaRecorder {
  replica = '?';
  gate: Promise<void> | undefined;
  held = 0;

  @OnEvent(FeedbackEvents.resolved)
  async onResolved(event: CloudEvent, manager: EntityManager) {
    if (this.gate) {
      this.held++;
      await this.gate;
    }
    await manager.query(`INSERT INTO effects (event_id, replica) VALUES ($1, $2)`, [event.id, this.replica]);
  }
}

const resolvedData = (trackingCode = 'FB-CLUSTER') => ({
  requestId: randomUUID(),
  trackingCode,
  departmentCode: 'KYMP',
  categoryCode: 'street',
  language: 'fi' as const,
  resolution: 'Korjattu',
  by: { id: 'worker-1', role: 'case_worker' },
  resolvedAt: new Date().toISOString(),
});

/** A gate a test opens when it has seen what it waits for. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('two replicas on a three-node NATS cluster', () => {
  let cluster: NatsCluster;
  let db: TestDatabase;
  const replicas: INestApplicationContext[] = [];
  let dataSource: DataSource;
  let reader: StreamReader;
  const namespace = testNamespace('cluster');
  const stream = `${namespace.toUpperCase()}_FEEDBACK`;

  async function startReplica(name: string): Promise<INestApplicationContext> {
    @Module({
      imports: [
        PersistenceModule.forRoot({
          url: db.url,
          entities: [],
          migrations: [CreateMessagingTables1763800000000, CreateEffects1763800000002],
        }),
        MessagingModule.forRoot({
          service: 'feedback',
          natsUrl: cluster.urls,
          namespace,
          producesStreams: ['FEEDBACK'],
          streamReplicas: 3,
          relayBatchSize: 10,
          relayPollIntervalMs: 100,
        }),
      ],
      providers: [ReplicaRecorder],
    })
    class ReplicaModule {}
    const app = await Test.createTestingModule({ imports: [ReplicaModule] }).compile();
    app.get(ReplicaRecorder).replica = name;
    await app.init();
    return app;
  }

  /** Writes events through replica `app`'s outbox, `perTransaction` to a commit. */
  async function writeEvents(app: INestApplicationContext, count: number, perTransaction = 1): Promise<string[]> {
    const writer = app.get(OutboxWriter);
    const source = app.get<DataSource>(getDataSourceToken());
    const ids: string[] = [];
    for (let i = 0; i < count; i += perTransaction) {
      await source.transaction(async (m) => {
        for (let j = i; j < Math.min(count, i + perTransaction); j++) ids.push((await writer.append(m, FeedbackEvents.resolved, resolvedData())).id);
      });
    }
    return ids;
  }

  const onStream = async (ids: string[]) => (await reader.events(stream)).filter((e) => ids.includes(e.event.id));
  const effects = async (ids: string[]): Promise<{ event_id: string; replica: string }[]> =>
    dataSource.query(`SELECT event_id, replica FROM effects WHERE event_id = ANY($1)`, [ids]);

  beforeAll(async () => {
    // eslint-disable-next-line @nx/enforce-module-boundaries
    const { startNatsCluster } = await import('../../../scripts/platform/nats-cluster.mjs');
    const ports: number[] = [];
    for (let i = 0; i < 9; i++) ports.push(await freePort());
    cluster = await startNatsCluster({
      nodes: 3,
      clientPorts: ports.slice(0, 3),
      clusterPorts: ports.slice(3, 6),
      monitorPorts: ports.slice(6, 9),
    });
    db = await createTestDatabase('cluster');
    // One after the other, as a rolling start: the second runs its migrations as a no-op.
    replicas.push(await startReplica('a'));
    replicas.push(await startReplica('b'));
    dataSource = replicas[0].get(getDataSourceToken());
    reader = await StreamReader.open(cluster.urls);
  }, 90_000);

  afterAll(async () => {
    for (const app of replicas) await app.close();
    await reader?.deleteNamespace(namespace);
    await reader?.close();
    await db?.drop();
    await cluster?.stop();
  }, 60_000);

  it('keeps the stream replicated on three nodes after the consuming replicas started', async () => {
    // Each replica's consumer runner re-applies the stream's settings when it starts; it used to
    // apply one replica and so scaled the stream down to R1.
    const jsm = await jetstreamManager(replicas[1].get<NatsConnection>(NATS_CONNECTION));
    const info = await jsm.streams.info(stream);
    expect(info.config.num_replicas).toBe(3);
    const peers = [info.cluster?.leader, ...(info.cluster?.replicas ?? []).map((r) => r.name)];
    expect(new Set(peers).size).toBe(3);
    // The durable consumer inherits the stream's replicas: its state survives a node too.
    const consumer = await jsm.consumers.info(stream, replicas[1].get(StreamNaming).durable('cluster-recorder'));
    expect(consumer.cluster?.replicas ?? []).toHaveLength(2);
  });

  it('relays from both replicas: one holding its batch does not stop the other, and nothing is published twice', async () => {
    const held = gate();
    let holder: string | undefined;
    for (const [index, app] of replicas.entries()) {
      const relay = app.get(MessagingLifecycle).relay as unknown as { beforeMark: () => Promise<void> };
      const original = relay.beforeMark.bind(relay);
      relay.beforeMark = async () => {
        // The first relay to reach this point keeps its claimed rows locked until the test says.
        if (holder === undefined) {
          holder = String(index);
          await held.promise;
        }
        return original();
      };
    }
    const marked = async () =>
      (await dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE id = ANY($1::uuid[]) AND published_at IS NOT NULL`, [ids]))[0].n;
    let ids: string[] = [];
    try {
      ids = await writeEvents(replicas[0], 30, 30);
      // While one relay holds its 10 rows locked (published, not yet marked), the other relays and
      // marks the remaining 20 past them (SKIP LOCKED).
      await waitFor(async () => (await marked()) === 20, { what: 'the other replica to relay 20 events', timeoutMs: 20_000 });
      expect(holder).toBeDefined();
    } finally {
      held.open();
    }
    await waitFor(async () => (await dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE id = ANY($1::uuid[]) AND published_at IS NULL`, [ids]))[0].n === 0, {
      what: 'every row marked published',
      timeoutMs: 20_000,
    });
    const landed = await onStream(ids);
    expect(landed).toHaveLength(30);
    expect(new Set(landed.map((e) => e.event.id)).size).toBe(30);
    await waitFor(async () => (await effects(ids)).length === 30, { what: 'all 30 applied', timeoutMs: 20_000 });
  }, 60_000);

  it('shares one durable consumer: while one replica is stuck on an event, the other applies the rest, each once', async () => {
    const recorders = replicas.map((app) => app.get(ReplicaRecorder));
    const stuck = gate();
    recorders[0].gate = stuck.promise;
    recorders[1].gate = undefined;
    recorders[0].held = 0;
    const ids = await writeEvents(replicas[1], 40);
    // Replica b keeps applying while a is held (a has at most its buffered messages in hand).
    await waitFor(async () => (await effects(ids)).filter((e) => e.replica === 'b').length >= 10, {
      what: 'replica b to apply events while a is stuck',
      timeoutMs: 20_000,
    });
    recorders[0].gate = undefined;
    stuck.open();
    await waitFor(async () => (await effects(ids)).length === 40, { what: 'all 40 applied', timeoutMs: 20_000 });
    const applied = await effects(ids);
    expect(new Set(applied.map((e) => e.event_id)).size).toBe(40);
    expect(applied).toHaveLength(40);
  }, 60_000);

  it('keeps relaying and consuming when the NATS node a replica is connected to dies', async () => {
    const nc = replicas[0].get<NatsConnection>(NATS_CONNECTION);
    const node = cluster.names.indexOf(nc.info!.server_name);
    expect(node).toBeGreaterThanOrEqual(0);
    await cluster.kill(node);
    try {
      const ids = [...(await writeEvents(replicas[0], 10)), ...(await writeEvents(replicas[1], 10))];
      // A NATS node elects new stream and consumer leaders; on a loaded CI machine that and the
      // consumers' re-pull (PULL_EXPIRES_MS) take tens of seconds.
      await waitFor(async () => (await effects(ids)).length === 20, { what: 'all 20 applied with a node down', timeoutMs: 70_000 });
      // The connection moved to a live node.
      expect(cluster.names.indexOf(nc.info!.server_name)).not.toBe(node);
      // The test's own reader may have been on the dead node too: its stream reads time out until
      // it has reconnected and the stream's new leader answers, so it asks again (waitFor retries a throw).
      let landed: Awaited<ReturnType<typeof onStream>> = [];
      await waitFor(
        async () => {
          landed = await onStream(ids);
          return landed.length >= 20;
        },
        { what: 'the 20 events readable on the stream with a node down', timeoutMs: 30_000 },
      );
      expect(new Set(landed.map((e) => e.event.id)).size).toBe(20);
      expect(landed).toHaveLength(20);
      expect(new Set((await effects(ids)).map((e) => e.event_id)).size).toBe(20);
    } finally {
      await cluster.restart(node);
    }
  }, 120_000);
});
