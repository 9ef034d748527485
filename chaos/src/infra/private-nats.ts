import { mkdirSync } from 'node:fs';
import path from 'node:path';
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
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.process?.stop(5_000)));
  }
}
