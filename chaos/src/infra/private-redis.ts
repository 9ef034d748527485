import { OwnedProcess, waitForPort } from './child-processes';

/** A redis-server of the suite's own, in memory only (nothing saved): a restart empties it, as a lost Redis would. */
export class PrivateRedis {
  private process?: OwnedProcess;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process = OwnedProcess.spawn('redis', 'redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
    await waitForPort(this.port, 'redis-server', 15_000, () => this.process!.running);
  }

  async restart(): Promise<void> {
    await this.process?.signal('SIGKILL');
    await this.start();
  }

  async stop(): Promise<void> {
    await this.process?.stop(5_000);
  }
}
