// Types for scripts/platform/nats-cluster.mjs, so TypeScript tests (the chaos suite) can start
// a local NATS JetStream cluster.

export interface NatsClusterOptions {
  /** Default 3. */
  nodes?: number;
  /** Client ports, one per node (default 14222, 14223, ...). */
  clientPorts?: number[];
  /** Route ports, one per node (default 16222, 16223, ...). */
  clusterPorts?: number[];
  /** Monitoring (HTTP) ports, one per node (default clusterPorts[i] + 100). */
  monitorPorts?: number[];
  /** Where each node keeps its JetStream store and log (default a fresh temporary folder). */
  dir?: string;
  /** Default 'vaikuta'; node names are `<clusterName>-n1`, ... */
  clusterName?: string;
  /** How long start and restart wait for a meta leader (default 30 s). */
  readyTimeoutMs?: number;
}

export interface NatsCluster {
  dir: string;
  names: string[];
  clientPorts: number[];
  clusterPorts: number[];
  monitorPorts: number[];
  /** Every node's client URL, comma-separated: what NATS_URL should be. */
  urls: string;
  /** Node i's client URL. */
  url(i: number): string;
  pid(i: number): number | undefined;
  running(i: number): boolean;
  /** Index of the JetStream meta leader, once the running nodes agree on one. */
  leader(): Promise<number>;
  /** Sends `signal` (default SIGKILL) to node i; resolves once it has exited. */
  kill(i: number, signal?: NodeJS.Signals): Promise<void>;
  /** Stops node i if it runs, starts it on the same store, resolves when it is a current peer again. */
  restart(i: number): Promise<void>;
  /** Stops every node; the stores stay in `dir`. */
  stop(): Promise<void>;
}

export function startNatsCluster(options?: NatsClusterOptions): Promise<NatsCluster>;
