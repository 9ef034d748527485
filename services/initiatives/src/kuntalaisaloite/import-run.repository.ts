import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { InitiativesHttp } from '@vaikuta/contracts';

/** Import runs: one at a time across replicas (a session advisory lock), each recorded. */
@Injectable()
export class ImportRunRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs `work` holding the import lock; undefined when another run holds it. */
  async exclusively<T>(work: () => Promise<T>): Promise<T | undefined> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock(hashtext('initiatives.kuntalaisaloite_import')) AS locked`);
      if (!locked) return undefined;
      try {
        return await work();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext('initiatives.kuntalaisaloite_import'))`);
      }
    } finally {
      await runner.release();
    }
  }

  async record(run: InitiativesHttp.ImportRun extends infer R ? Omit<R, 'startedAt' | 'finishedAt'> & { startedAt: Date; finishedAt: Date } : never): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO initiative_import_runs (trigger, started_at, finished_at, created, updated, unchanged, failed) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [run.trigger, run.startedAt, run.finishedAt, run.created, run.updated, run.unchanged, run.failed],
    );
  }

  async latest(limit = 20): Promise<InitiativesHttp.ImportRun[]> {
    const rows = await this.dataSource.query(
      `SELECT trigger, started_at, finished_at, created, updated, unchanged, failed FROM initiative_import_runs ORDER BY id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r: Record<string, any>) => ({
      trigger: r.trigger,
      startedAt: new Date(r.started_at).toISOString(),
      finishedAt: new Date(r.finished_at).toISOString(),
      created: r.created,
      updated: r.updated,
      unchanged: r.unchanged,
      failed: r.failed,
    }));
  }
}
