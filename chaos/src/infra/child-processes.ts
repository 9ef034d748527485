import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import net from 'node:net';

/** A child the suite started, with the last of its output kept for a failure's message. */
export class OwnedProcess {
  private output = '';

  private constructor(
    readonly label: string,
    readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-32_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', (error) => keep(Buffer.from(`\n[${label}: ${error.message}]`)));
  }

  static spawn(label: string, command: string, args: string[], options: SpawnOptions = {}): OwnedProcess {
    return new OwnedProcess(label, spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options }));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number {
    return this.child.pid!;
  }

  lastOutput(chars = 6000): string {
    return this.output.slice(-chars);
  }

  /** Sends the signal and, for one that ends the process, resolves once it has exited. */
  async signal(signal: NodeJS.Signals): Promise<void> {
    if (!this.running) return;
    const exited = signal === 'SIGSTOP' || signal === 'SIGCONT' ? Promise.resolve() : this.exited();
    this.child.kill(signal);
    await exited;
  }

  /** SIGTERM, then SIGKILL if it is still there after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    const exited = this.exited();
    this.child.kill('SIGCONT');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  exited(): Promise<void> {
    return new Promise((resolve) => (this.running ? this.child.once('exit', () => resolve()) : resolve()));
  }
}

/** Ports free at the moment of asking, all distinct (held open together while they are picked). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject).listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** Resolves once something accepts TCP connections on the port. */
export async function waitForPort(port: number, what: string, timeoutMs = 30_000, alive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (!alive()) throw new Error(`${what} exited before it listened on ${port}`);
    if (Date.now() > deadline) throw new Error(`${what} did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
