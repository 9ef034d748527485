import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Recipient, RECIPIENT_COLUMNS } from '../recipients/recipient';

/** Who follows what. A subscription someone stopped stays, inactive, so nothing revives it. */
@Injectable()
export class SubscriptionService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async subscribe(
    manager: EntityManager,
    recipientId: string,
    itemKey: string,
    topic: string,
    reason: 'participant' | 'follower',
  ): Promise<void> {
    await manager.query(
      `INSERT INTO subscriptions (recipient_id, item_key, topic, reason) VALUES ($1, $2, $3, $4)
       ON CONFLICT (recipient_id, item_key) DO NOTHING`,
      [recipientId, itemKey, topic, reason],
    );
  }

  /** Everyone to tell about the item: active subscription, topic not opted out, not unsubscribed from all. */
  async audience(manager: EntityManager, itemKey: string, topic: string): Promise<Recipient[]> {
    return manager.query(
      `SELECT ${RECIPIENT_COLUMNS} FROM subscriptions s JOIN recipients r ON r.id = s.recipient_id
        WHERE s.item_key = $1 AND s.active AND NOT r.unsubscribed_all AND NOT ($2 = ANY (r.opt_outs))
        ORDER BY r.id`,
      [itemKey, topic],
    );
  }

  /** A merged duplicate's followers follow the original from now on. */
  async move(manager: EntityManager, fromItem: string, toItem: string): Promise<void> {
    await manager.query(
      `INSERT INTO subscriptions (recipient_id, item_key, topic, reason)
       SELECT recipient_id, $2, topic, reason FROM subscriptions WHERE item_key = $1 AND active
       ON CONFLICT (recipient_id, item_key) DO NOTHING`,
      [fromItem, toItem],
    );
    await manager.query(`UPDATE subscriptions SET active = false, updated_at = now() WHERE item_key = $1`, [fromItem]);
  }

  async follow(recipientId: string, itemKey: string, topic: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO subscriptions (recipient_id, item_key, topic, reason) VALUES ($1, $2, $3, 'follower')
       ON CONFLICT (recipient_id, item_key) DO UPDATE SET active = true, updated_at = now()`,
      [recipientId, itemKey, topic],
    );
  }

  async unfollow(recipientId: string, itemKey: string): Promise<boolean> {
    const [, count] = await this.dataSource.query(
      `UPDATE subscriptions SET active = false, updated_at = now() WHERE recipient_id = $1 AND item_key = $2 AND active`,
      [recipientId, itemKey],
    );
    return count > 0;
  }

  async following(recipientId: string): Promise<{ itemKey: string; reason: string; since: string }[]> {
    return this.dataSource.query(
      `SELECT item_key AS "itemKey", reason, created_at AS since FROM subscriptions
        WHERE recipient_id = $1 AND active ORDER BY created_at DESC LIMIT 500`,
      [recipientId],
    );
  }
}
