import { execFileSync } from 'node:child_process';
import { chownSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { OwnedProcess, waitForPort } from './child-processes';

const BIN = '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of the suite's own in a temporary folder, on its own port: restarting it
 * must not break the tests that use the machine's shared server at the same time. PostgreSQL
 * refuses to run as root, so when we are root it runs as the `postgres` OS user.
 */
export class PrivatePostgres {
  private process?: OwnedProcess;
  private readonly dataDir: string;
  private readonly asRoot = process.getuid?.() === 0;

  constructor(
    private readonly workDir: string,
    readonly port: number,
  ) {
    this.dataDir = path.join(workDir, 'pg');
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private command(bin: string): [string, string[]] {
    return this.asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(BIN, bin)]] : [path.join(BIN, bin), []];
  }

  async init(): Promise<void> {
    mkdirSync(this.dataDir, { recursive: true });
    if (this.asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
      chownSync(this.workDir, uid, gid);
      chownSync(this.dataDir, uid, gid);
    }
    const [cmd, pre] = this.command('initdb');
    execFileSync(cmd, [...pre, '-D', this.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], { stdio: 'pipe' });
    await this.start();
  }

  /** Runs `postgres` in the foreground of a child we own, so it can be killed like any process. */
  async start(): Promise<void> {
    const [cmd, pre] = this.command('postgres');
    this.process = OwnedProcess.spawn('postgres', cmd, [
      ...pre,
      '-D', this.dataDir,
      '-p', String(this.port),
      '-k', this.dataDir,
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'max_connections=400',
      // A restart here is a process crash, not a machine's: what reached the OS survives, so
      // fsync can be off. synchronous_commit must stay on — off, a crash loses commits already
      // answered (the first short runs "lost" an accepted ballot that way).
      '-c', 'fsync=off',
      '-c', 'full_page_writes=off',
      '-c', 'shared_buffers=64MB',
    ]);
    await waitForPort(this.port, 'postgres', 30_000, () => this.process!.running);
    await this.ready();
  }

  private async ready(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const client = new Client({ connectionString: this.url('postgres') });
      try {
        await client.connect();
        await client.query('SELECT 1');
        await client.end();
        return;
      } catch (error) {
        await client.end().catch(() => undefined);
        if (Date.now() > deadline) throw new Error(`private postgres not ready: ${(error as Error).message}\n${this.process?.lastOutput()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  async createDatabase(name: string): Promise<void> {
    const client = new Client({ connectionString: this.url('postgres') });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
  }

  /** An immediate shutdown (like a crash: no checkpoint), then a start on the same data. */
  async restart(): Promise<void> {
    await this.shutdown('immediate');
    await this.start();
  }

  async stop(): Promise<void> {
    await this.shutdown('fast');
  }

  /**
   * Through pg_ctl, which signals the postmaster by its pid file: runuser does not pass every
   * signal on to the process it runs.
   */
  private async shutdown(mode: 'immediate' | 'fast'): Promise<void> {
    if (!this.process?.running) return;
    const [cmd, pre] = this.command('pg_ctl');
    try {
      execFileSync(cmd, [...pre, '-D', this.dataDir, 'stop', '-m', mode, '-w', '-t', '30'], { stdio: 'pipe' });
    } catch {
      // Not running after all (or gone meanwhile): the wrapper's exit below settles it.
    }
    await this.process.stop(10_000);
  }
}
