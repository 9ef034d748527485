import { randomUUID } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import type { ChaosPlatform, ChaosService } from '../platform/platform';
import type { RequestCounts, RetryingClient } from '../load/retrying-client';

export type FaultKind = 'kill -9 service' | 'nats node down' | 'postgres restart' | 'redis restart' | 'consumer paused past ack wait' | 'poison message';

/** Per kind of fault: how often it was injected, and what the clients saw while it lasted. */
export interface FaultCounts {
  injected: number;
  /** The replicas, nodes or messages it hit, and when (to match a violation with its fault). */
  targets: { target: string; from: string; to: string }[];
  requests: RequestCounts;
}

/** A planted poison message: an event on a stream that fails validation, so each consumer of that stream parks it. */
export interface PlantedPoison {
  id: string;
  marker: string;
  stream: string;
}

/** How long the notifications consumer's deliveries may stay unacked before JetStream redelivers them (libs/messaging default). */
const ACK_WAIT_MS = 30_000;

/**
 * Injects faults one after another while the load runs, cycling through the kinds, each
 * followed by `settleMs` of calm: kill -9 of a service replica (each in turn) and its
 * restart, a NATS node killed and started again, PostgreSQL shut down immediately and
 * started, Redis killed and started empty, the notifications consumer paused with SIGSTOP past
 * its ack wait, and poison messages planted on the feedback stream.
 */
export class FaultSchedule {
  readonly counts = new Map<FaultKind, FaultCounts>();
  readonly poison: PlantedPoison[] = [];
  private victim = 0;
  private natsNode = 0;

  constructor(
    private readonly platform: ChaosPlatform,
    private readonly clients: Map<ChaosService, RetryingClient>,
    private readonly log: (line: string) => void,
    private readonly options: { settleMs: number; pause: boolean },
  ) {}

  /** Runs faults until `stopAt`; each fault completes (restarted, resumed) before the next. */
  async run(stopAt: number, kinds: FaultKind[] = this.defaultKinds()): Promise<void> {
    for (let i = 0; Date.now() < stopAt; i++) {
      await this.inject(kinds[i % kinds.length]);
      await new Promise((r) => setTimeout(r, this.options.settleMs));
    }
  }

  private defaultKinds(): FaultKind[] {
    // Every kind early (a replica's boot under load can take most of a minute), then kills.
    const kinds: FaultKind[] = ['poison message', 'nats node down', 'kill -9 service', 'postgres restart', 'redis restart'];
    if (this.options.pause) kinds.push('consumer paused past ack wait');
    kinds.push('kill -9 service', 'nats node down', 'kill -9 service');
    return kinds;
  }

  async inject(kind: FaultKind): Promise<void> {
    const before = this.snapshot();
    const started = Date.now();
    const target = await this.apply(kind);
    const counts = this.counts.get(kind) ?? { injected: 0, targets: [], requests: { accepted: 0, refused: 0, retried: 0, abandoned: 0 } };
    counts.injected++;
    counts.targets.push({ target, from: new Date(started).toISOString(), to: new Date().toISOString() });
    // What the clients saw from the fault's start until it was repaired.
    const after = this.snapshot();
    for (const k of Object.keys(counts.requests) as (keyof RequestCounts)[]) counts.requests[k] += after[k] - before[k];
    this.counts.set(kind, counts);
    this.log(`fault: ${kind} (${target}) at ${new Date(started).toISOString().slice(11, 19)}, repaired in ${Date.now() - started} ms`);
  }

  private async apply(kind: FaultKind): Promise<string> {
    switch (kind) {
      case 'kill -9 service': {
        // Notifications first (its deliveries and SMTP sends are the easiest to double), then
        // the producers; replica by replica, so a short run still hits the sending side.
        const order: ChaosService[] = ['notifications', 'feedback', 'budgeting', 'grants', 'initiatives'];
        const all = [0, 1].flatMap((r) => order.map((s) => this.platform.replicas.get(s)![r]).filter((x) => x !== undefined));
        const replica = all[this.victim++ % all.length];
        await replica.killAndRestart();
        return replica.name;
      }
      case 'nats node down': {
        const index = this.natsNode++ % this.platform.nats.size;
        // One node of three: the cluster keeps quorum and carries on; a single node is simply away.
        await this.platform.nats.killAndRestart(index, this.platform.nats.size > 1 ? 5_000 : 2_000);
        return `node ${index + 1} of ${this.platform.nats.size}`;
      }
      case 'postgres restart':
        await this.platform.postgres.restart();
        return 'postgres';
      case 'redis restart':
        await this.platform.redis.restart();
        return 'redis';
      case 'consumer paused past ack wait': {
        const replica = this.platform.replicas.get('notifications')![0];
        await replica.pause();
        try {
          await new Promise((r) => setTimeout(r, ACK_WAIT_MS + 5_000));
        } finally {
          await replica.resume();
        }
        return replica.name;
      }
      case 'poison message':
        return this.plantPoison();
    }
  }

  /**
   * A `feedback.submitted` whose data fails the catalogue's schema, published on the feedback
   * stream as a broken producer would: every consumer of that stream must park it, and only it.
   */
  private async plantPoison(): Promise<string> {
    const id = randomUUID();
    const marker = `chaos-poison-${id}`;
    const nc = await connect({ servers: this.platform.nats.url.split(',') });
    try {
      const envelope = {
        specversion: '1.0',
        id,
        source: 'vaikuta/chaos',
        type: 'fi.vaikuta.feedback.submitted.v1',
        time: new Date().toISOString(),
        datacontenttype: 'application/json',
        data: { marker, requestId: 'not-a-uuid' },
      };
      await jetstream(nc).publish('feedback.request.submitted', JSON.stringify(envelope), { msgID: id, timeout: 10_000 });
    } finally {
      await nc.close();
    }
    this.poison.push({ id, marker, stream: 'FEEDBACK' });
    return marker;
  }

  private snapshot(): RequestCounts {
    const total: RequestCounts = { accepted: 0, refused: 0, retried: 0, abandoned: 0 };
    for (const client of this.clients.values()) {
      for (const c of client.counts.values()) for (const k of Object.keys(total) as (keyof RequestCounts)[]) total[k] += c[k];
    }
    return total;
  }
}

