import http from 'node:http';
import type { AddressInfo } from 'node:net';

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
