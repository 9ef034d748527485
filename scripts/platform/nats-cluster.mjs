#!/usr/bin/env node
// A local NATS JetStream cluster from the installed `nats-server`: N nodes on loopback, each
// with its own client, route and monitoring port and its own JetStream store, routed to one
// another. For the scale-out layout (issue 12): streams replicated ×3, a node killed and
// brought back by the chaos suite, the scaling bench. No containers.
//
//   node scripts/platform/nats-cluster.mjs [dir]   three nodes on 14222-14224, Ctrl-C stops them
//
// Importable:
//   const cluster = await startNatsCluster({ nodes: 3, clientPorts, clusterPorts, dir });
//   cluster.urls          'nats://127.0.0.1:14222,nats://127.0.0.1:14223,...' (NATS_URL)
//   await cluster.kill(1) SIGKILL one node (default signal), resolves when it has exited
//   await cluster.restart(1)  starts it again on the same store; resolves when the cluster has a
//                         JetStream meta leader again and the node has caught up with it
//   await cluster.stop()  stops every node (SIGTERM, then SIGKILL) and keeps the store
//
// The monitoring port of node i (`monitorPorts`, default clusterPorts[i] + 100) answers
// /jsz and /healthz; readiness is read from there rather than from a client, so this script
// needs nothing but Node.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const HOST = '127.0.0.1';

async function fetchJson(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    if (!res.ok) return undefined;
    return await res.json();
  } catch {
    return undefined;
  }
}

/** Polls `check` until it answers something truthy; throws `what` after `timeoutMs`. */
async function waitFor(check, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`NATS cluster: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function defaultPorts(base, nodes) {
  return Array.from({ length: nodes }, (_, i) => base + i);
}

/**
 * Starts the cluster and waits until JetStream has a meta leader that every node knows.
 * @param {{ nodes?: number, clientPorts?: number[], clusterPorts?: number[], monitorPorts?: number[],
 *   dir?: string, clusterName?: string, readyTimeoutMs?: number, log?: boolean }} [options]
 */
export async function startNatsCluster(options = {}) {
  const nodes = options.nodes ?? 3;
  const clientPorts = options.clientPorts ?? defaultPorts(14222, nodes);
  const clusterPorts = options.clusterPorts ?? defaultPorts(16222, nodes);
  const monitorPorts = options.monitorPorts ?? clusterPorts.map((p) => p + 100);
  const clusterName = options.clusterName ?? 'vaikuta';
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vaikuta-nats-'));
  for (const [name, ports] of Object.entries({ clientPorts, clusterPorts, monitorPorts })) {
    if (ports.length !== nodes) throw new Error(`NATS cluster: ${name} has ${ports.length} ports for ${nodes} nodes`);
  }
  const routes = clusterPorts.map((p) => `nats://${HOST}:${p}`).join(',');
  const names = clientPorts.map((_, i) => `${clusterName}-n${i + 1}`);
  /** @type {(import('node:child_process').ChildProcess | undefined)[]} */
  const processes = new Array(nodes).fill(undefined);

  function launch(i) {
    const store = path.join(dir, names[i]);
    fs.mkdirSync(store, { recursive: true });
    const args = [
      '-js', '-sd', store,
      '-n', names[i],
      '-a', HOST, '-p', String(clientPorts[i]),
      '-m', String(monitorPorts[i]),
      '--cluster_name', clusterName,
      '--cluster', `nats://${HOST}:${clusterPorts[i]}`,
      '--routes', routes,
    ];
    const logFile = fs.openSync(path.join(dir, `${names[i]}.log`), 'a');
    const child = spawn('nats-server', args, { stdio: ['ignore', logFile, logFile] });
    fs.closeSync(logFile);
    child.exitPromise = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.once('error', () => undefined);
    processes[i] = child;
    return child;
  }

  const jsz = (i) => fetchJson(`http://${HOST}:${monitorPorts[i]}/jsz`);

  /** Every running node names the same meta leader, and the cluster has all its peers. */
  async function metaLeader() {
    const running = processes.map((p, i) => (p && p.exitCode === null && p.signalCode === null ? i : -1)).filter((i) => i >= 0);
    const leaders = new Set();
    for (const i of running) {
      const info = await jsz(i);
      const meta = info?.meta_cluster;
      if (!meta?.leader) return undefined;
      leaders.add(meta.leader);
      // A restarted node is ready once it is a current peer again (or the leader itself).
      if (meta.leader !== names[i]) {
        const leaderIndex = names.indexOf(meta.leader);
        if (leaderIndex < 0) return undefined;
        const leaderInfo = await jsz(leaderIndex);
        const peer = leaderInfo?.meta_cluster?.replicas?.find((r) => r.name === names[i]);
        if (!peer?.current) return undefined;
      }
    }
    return leaders.size === 1 ? [...leaders][0] : undefined;
  }

  async function stopNode(i, signal = 'SIGTERM') {
    const child = processes[i];
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    if (signal !== 'SIGKILL') {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await child.exitPromise;
      clearTimeout(timer);
    } else {
      await child.exitPromise;
    }
  }

  for (let i = 0; i < nodes; i++) launch(i);
  try {
    await waitFor(metaLeader, 'a JetStream meta leader', readyTimeoutMs);
  } catch (error) {
    await Promise.all(processes.map((_, i) => stopNode(i, 'SIGKILL')));
    throw new Error(`${error.message} (logs in ${dir})`);
  }

  return {
    dir,
    names,
    clientPorts,
    clusterPorts,
    monitorPorts,
    urls: clientPorts.map((p) => `nats://${HOST}:${p}`).join(','),
    url: (i) => `nats://${HOST}:${clientPorts[i]}`,
    pid: (i) => processes[i]?.pid,
    running: (i) => Boolean(processes[i] && processes[i].exitCode === null && processes[i].signalCode === null),
    /** The current meta leader's index, once the running nodes agree on one. */
    async leader() {
      const name = await waitFor(metaLeader, 'a JetStream meta leader', readyTimeoutMs);
      return names.indexOf(name);
    },
    async kill(i, signal = 'SIGKILL') {
      await stopNode(i, signal);
    },
    async restart(i) {
      await stopNode(i, 'SIGTERM');
      launch(i);
      await waitFor(metaLeader, `node ${names[i]} to rejoin`, readyTimeoutMs);
    },
    async stop() {
      await Promise.all(processes.map((_, i) => stopNode(i, 'SIGTERM')));
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
  startNatsCluster({ dir }).then(
    (cluster) => {
      console.log(`NATS cluster ready: NATS_URL=${cluster.urls} (store and logs in ${cluster.dir})`);
      for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => cluster.stop().then(() => process.exit(0)));
    },
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
