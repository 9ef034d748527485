import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnsubscribeClaim, UnsubscribeScope } from './unsubscribe-token';

/** Carries out an unsubscribe: the item, the topic or everything, for one recipient. */
@Injectable()
export class UnsubscribeService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async language(recipientId: string): Promise<string | undefined> {
    const [row] = await this.dataSource.query(`SELECT language FROM recipients WHERE id = $1`, [recipientId]);
    return row?.language;
  }

  /** Idempotent; false when the recipient no longer exists (erased). */
  async apply({ recipientId, scope }: UnsubscribeClaim): Promise<boolean> {
    const [exists] = await this.dataSource.query(`SELECT 1 FROM recipients WHERE id = $1`, [recipientId]);
    if (!exists) return false;
    if (scope.kind === 'all') {
      await this.dataSource.query(`UPDATE recipients SET unsubscribed_all = true, updated_at = now() WHERE id = $1`, [recipientId]);
    } else if (scope.kind === 'sms') {
      await this.dataSource.query(`UPDATE recipients SET channels = array_remove(channels, 'sms'), updated_at = now() WHERE id = $1`, [recipientId]);
    } else if (scope.kind === 'topic') {
      await this.dataSource.query(
        `UPDATE recipients SET opt_outs = array_append(array_remove(opt_outs, $2), $2), updated_at = now() WHERE id = $1`,
        [recipientId, scope.topic],
      );
    } else {
      await this.dataSource.query(
        `UPDATE subscriptions SET active = false, updated_at = now() WHERE recipient_id = $1 AND item_key = $2`,
        [recipientId, scope.itemKey],
      );
    }
    // Nothing more goes out for what was stopped, held digest items included.
    await this.dataSource.query(
      `UPDATE notifications SET status = 'failed', last_error = 'unsubscribed', updated_at = clock_timestamp()
        WHERE recipient_id = $1 AND status IN ('pending', 'held') AND channel <> 'inapp'
          AND ($2::text IS NULL OR item_key = $2) AND ($3::text IS NULL OR channel = $3)`,
      [recipientId, scopeItem(scope), scope.kind === 'sms' ? 'sms' : null],
    );
    return true;
  }
}

function scopeItem(scope: UnsubscribeScope): string | null {
  return scope.kind === 'item' ? scope.itemKey : null;
}
