import { Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EventCatalogue } from '@vaikuta/contracts';
import { MessagingLifecycle } from './messaging-lifecycle';

export interface DeadLetterView {
  id: string;
  consumer: string;
  stream: string;
  streamSeq: number;
  subject: string;
  eventId: string | null;
  eventType: string | null;
  reason: string;
  deliveries: number;
  failedAt: string;
  replayedAt: string | null;
  replayError: string | null;
}


const columns = `id, consumer, stream, stream_seq AS "streamSeq", subject, event_id AS "eventId",
  event_type AS "eventType", reason, deliveries, failed_at AS "failedAt",
  replayed_at AS "replayedAt", replay_error AS "replayError"`;

/** What operators see of events that could not be applied, and how they retry them. */
@Injectable()
export class DeadLetterService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifecycle: MessagingLifecycle,
  ) {}

  async list({ consumer, includeReplayed = false, limit = 50 }: { consumer?: string; includeReplayed?: boolean; limit?: number }) {
    const rows: DeadLetterView[] = await this.dataSource.query(
      `SELECT ${columns} FROM dead_letters
        WHERE ($1::text IS NULL OR consumer = $1) AND ($2 OR replayed_at IS NULL)
        ORDER BY failed_at DESC LIMIT $3`,
      [consumer ?? null, includeReplayed, Math.min(Math.max(limit, 1), 500)],
    );
    return rows.map((r) => ({ ...r, streamSeq: Number(r.streamSeq) }));
  }

  /**
   * Applies a parked event again through the same inbox guard, so replaying one that was
   * already applied does nothing. A failure is recorded on the row and reported.
   */
  async replay(id: string): Promise<{ id: string; applied: boolean }> {
    const [row]: { payload: string; consumer: string; stream: string; replayed_at: Date | null }[] =
      await this.dataSource.query(`SELECT payload, consumer, stream, replayed_at FROM dead_letters WHERE id = $1`, [id]);
    if (!row) throw new NotFoundException(`No dead letter ${id}`);
    try {
      const event = EventCatalogue.validate(JSON.parse(row.payload));
      const handler = this.lifecycle.runner.handlerFor(row.consumer, row.stream, event.type);
      if (!handler) throw new Error(`consumer ${row.consumer} has no handler for ${event.type}`);
      const applied = await this.lifecycle.runner.apply(row.consumer, event, handler);
      await this.dataSource.query(`UPDATE dead_letters SET replayed_at = now(), replay_error = NULL WHERE id = $1`, [id]);
      return { id, applied };
    } catch (error) {
      const reason = (error as Error).message;
      await this.dataSource.query(`UPDATE dead_letters SET replay_error = $2 WHERE id = $1`, [id, reason.slice(0, 2000)]);
      throw new UnprocessableEntityException(`Replay failed: ${reason}`);
    }
  }

  async countOpen(): Promise<{ consumer: string; count: number }[]> {
    const rows: { consumer: string; count: string }[] = await this.dataSource.query(
      `SELECT consumer, count(*) AS count FROM dead_letters WHERE replayed_at IS NULL GROUP BY consumer`,
    );
    return rows.map((r) => ({ consumer: r.consumer, count: Number(r.count) }));
  }
}
