import { OwnedProcess } from '../infra/child-processes';
import { REPO_ROOT } from './service-build';

/**
 * One replica of a service: its main (compiled by the run, see ServiceBuild) in a child
 * process, which the suite kills with SIGKILL, starts again on the same database, stream and
 * durable consumers, or pauses with SIGSTOP.
 */
export class ServiceReplica {
  private process?: OwnedProcess;
  starts = 0;

  constructor(
    readonly service: string,
    readonly replica: number,
    readonly port: number,
    private readonly main: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly nodeArgs: string[] = [],
  ) {}

  get name(): string {
    return `${this.service}#${this.replica}`;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.process?.running ?? false;
  }

  /**
   * Starts the replica and waits for /health/ready. A replica that exits while booting (a
   * broker still electing its leader times it out) is started again, up to three times, as an
   * orchestrator restarts a crashed pod.
   */
  async start(readyTimeoutMs = 120_000): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.startOnce(readyTimeoutMs);
      } catch (error) {
        if (attempt >= 3 || this.running) throw error;
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  private async startOnce(readyTimeoutMs: number): Promise<void> {
    this.process = OwnedProcess.spawn(this.name, process.execPath, [...this.nodeArgs, '--enable-source-maps', this.main], { cwd: REPO_ROOT, env: this.env });
    this.starts++;
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      if (!this.process.running) throw new Error(`${this.name} exited before it was ready:\n${this.process.lastOutput()}`);
      const ready = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2_000) })
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ready) return;
      if (Date.now() > deadline) throw new Error(`${this.name} not ready within ${readyTimeoutMs} ms:\n${this.process.lastOutput()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** kill -9 and a start on the same database and consumers. */
  async killAndRestart(): Promise<void> {
    await this.process?.signal('SIGKILL');
    await this.start();
  }

  async pause(): Promise<void> {
    await this.process?.signal('SIGSTOP');
  }

  async resume(): Promise<void> {
    await this.process?.signal('SIGCONT');
  }

  lastOutput(): string {
    return this.process?.lastOutput() ?? '';
  }

  async stop(): Promise<void> {
    await this.process?.stop(10_000);
  }
}
