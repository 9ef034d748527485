import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LockStub } from '../../../scripts/lock-stub.mjs';
import type { FakeClock } from '@vaikuta/domain';
import { GrantsTestApp, startGrantsTestApp } from './grants-test-app';

/**
 * A lock provider in front of the lock stand-in (scripts/lock-stub.mjs) that holds code
 * creations (POST) until the test opens its gate: a code being given is held "at the provider"
 * while the test cancels its booking or series, the order in which the door-code races showed.
 * Other requests (a revocation) pass at once; `seen` lists the methods in the order they came.
 */
export async function startGatedLock(target: string) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      seen.push(req.method!);
      if (req.method === 'POST') await gate;
      const answer = await fetch(`${target}${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: chunks.length ? Buffer.concat(chunks) : undefined });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    open: () => open(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type GatedLock = Awaited<ReturnType<typeof startGatedLock>>;

/** The grants service whose lock provider is a gated lock in front of the lock stand-in: the door-code race tests' set-up. */
export interface GrantsBehindGatedLock {
  t: GrantsTestApp;
  stub: LockStub;
  lock: GatedLock;
  /** Opens the gate (a code still held would keep the service from stopping), then stops all three. */
  close(): Promise<void>;
}

/**
 * Starts the lock stand-in, the gated lock in front of it, and the service with that lock as
 * its provider: series codes due 48 hours ahead, and a minute's patience with the provider (a
 * code is held at the gate for as long as a test needs). What started is stopped if a later part fails.
 */
export async function startGrantsBehindGatedLock(label: string, clock: FakeClock): Promise<GrantsBehindGatedLock> {
  const { startLockStub } = await import('../../../scripts/lock-stub.mjs');
  const stub = await startLockStub({ port: 0 });
  const lock = await startGatedLock(stub.url);
  let t: GrantsTestApp;
  try {
    t = await startGrantsTestApp(label, { lock: { apiUrl: lock.url, leadMinutes: 15, trailMinutes: 15, timeoutMs: 60_000, seriesNoticeHours: 48 } }, { clock });
  } catch (error) {
    await lock.close();
    await stub.close();
    throw error;
  }
  return {
    t,
    stub,
    lock,
    close: async () => {
      lock.open();
      await t.close();
      await lock.close();
      await stub.close();
    },
  };
}
