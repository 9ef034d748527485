import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { freePorts, OwnedProcess, waitForPort } from './child-processes';

interface NatsNode {
  name: string;
  clientPort: number;
  clusterPort: number;
  storeDir: string;
  process?: OwnedProcess;
}

/**
 * nats-server(s) with JetStream of the suite's own: one node, or three clustered over routes
 * on their own ports (the layout streams replicated ×3 need). Each node keeps its store in
 * the work folder, so a killed node comes back with its data and catches up from the others.
 */
export class PrivateNats {
  private constructor(
    private readonly nodes: NatsNode[],
    private readonly clusterName: string,
  ) {}

  static async create(workDir: string, nodeCount: 1 | 3): Promise<PrivateNats> {
    const ports = await freePorts(nodeCount * 2);
    const nodes = Array.from({ length: nodeCount }, (_, i) => {
      const storeDir = path.join(workDir, `nats-${i + 1}`);
      mkdirSync(storeDir, { recursive: true });
      return { name: `chaos-n${i + 1}`, clientPort: ports[i * 2], clusterPort: ports[i * 2 + 1], storeDir };
    });
    return new PrivateNats(nodes, `chaos_${process.pid}`);
  }

  get size(): number {
    return this.nodes.length;
  }

  /** What NATS_URL gets: every node, comma-separated, so a client fails over to the others. */
  get url(): string {
    return this.nodes.map((n) => `nats://127.0.0.1:${n.clientPort}`).join(',');
  }

  async start(): Promise<void> {
    await Promise.all(this.nodes.map((_, i) => this.startNode(i)));
    await this.jetStreamReady();
  }

  /**
   * A cluster answers JetStream requests only once its nodes have elected a meta leader; a
   * service creating its streams before then times out. Waits until a replicated stream can be
   * created (and removes it again).
   */
  private async jetStreamReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const nc = await connect({ servers: this.url.split(','), maxReconnectAttempts: -1 });
    try {
      // No API check on creation: it asks for the account info once, outside the retries, and
      // timed out while a restarted node rejoined (a cluster run died on it); the stream below
      // is the check, and it is retried.
      const jsm = await jetstreamManager(nc, { timeout: 5_000, checkAPI: false });
      for (;;) {
        try {
          await jsm.streams.add({ name: 'CHAOS_READY', subjects: ['chaos.ready'], num_replicas: this.nodes.length });
          await jsm.streams.delete('CHAOS_READY');
          return;
        } catch (error) {
          if (Date.now() > deadline) throw new Error(`JetStream not ready within ${timeoutMs} ms: ${(error as Error).message}`);
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    } finally {
      await nc.close();
    }
  }

  private async startNode(index: number): Promise<void> {
    const node = this.nodes[index];
    const args = ['-a', '127.0.0.1', '-p', String(node.clientPort), '-js', '-sd', node.storeDir, '-n', node.name];
    if (this.nodes.length > 1) {
      const routes = this.nodes.filter((n) => n !== node).map((n) => `nats://127.0.0.1:${n.clusterPort}`);
      args.push('--cluster_name', this.clusterName, '--cluster', `nats://127.0.0.1:${node.clusterPort}`, '--routes', routes.join(','));
    }
    node.process = OwnedProcess.spawn(node.name, 'nats-server', args);
    await waitForPort(node.clientPort, node.name, 20_000, () => node.process!.running);
  }

  /** Kills one node with SIGKILL and starts it again on its store; in a cluster the others carry on meanwhile. */
  async killAndRestart(index: number, downMs: number): Promise<void> {
    await this.nodes[index].process?.signal('SIGKILL');
    await new Promise((r) => setTimeout(r, downMs));
    await this.startNode(index);
    await this.jetStreamReady();
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.process?.stop(5_000)));
  }
}
