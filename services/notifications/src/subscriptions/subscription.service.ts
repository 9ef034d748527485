import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Recipient, RECIPIENT_COLUMNS } from '../recipients/recipient';
import type { Follows } from '../rules/notification-rules';

/**
 * `reason`: a participant took part (the sender: told everything, with their private link); a
 * follower follows what is public (told only while the item is public, with its public link).
 * `itemPublic` is whether the item is public now.
 */
export type AudienceMember = Recipient & { optOuts: string[]; reason: 'participant' | 'follower'; itemPublic: boolean };

/** Who follows what. A subscription someone stopped stays, inactive, so nothing revives it. */
@Injectable()
export class SubscriptionService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Subscribes recipients to items; an existing subscription, active or stopped, is left as
   * it is. Returns the `recipientId|itemKey` pairs that are new.
   */
  async subscribeMany(
    manager: EntityManager,
    subscriptions: { recipientId: string; itemKey: string; topic: string }[],
    reason: 'participant' | 'follower',
  ): Promise<Set<string>> {
    if (subscriptions.length === 0) return new Set();
    // In key order, so concurrent batches that share a pair wait for each other instead of deadlocking.
    subscriptions = [...subscriptions].sort((a, b) => a.recipientId.localeCompare(b.recipientId) || a.itemKey.localeCompare(b.itemKey));
    const rows: { recipient_id: string; item_key: string }[] = await manager.query(
      `INSERT INTO subscriptions (recipient_id, item_key, topic, reason)
       SELECT x.recipient_id, x.item_key, x.topic, $4 FROM unnest($1::uuid[], $2::text[], $3::text[]) AS x(recipient_id, item_key, topic)
       ON CONFLICT (recipient_id, item_key) DO NOTHING
       RETURNING recipient_id, item_key`,
      [subscriptions.map((s) => s.recipientId), subscriptions.map((s) => s.itemKey), subscriptions.map((s) => s.topic), reason],
    );
    return new Set(rows.map((r) => `${r.recipient_id}|${r.item_key}`));
  }

  /**
   * A signed-in person follows and stops following items because of what they did (a rule's
   * `follows`): created (in-app only) if never seen here. Stopping removes only follows still
   * active, so a follow they stopped themselves stays stopped and is not revived when they
   * follow again; nothing is followed by someone who stopped this topic or every message.
   * Idempotent. Returns the `recipientId|itemKey` pairs that are new.
   */
  async applyFollows(manager: EntityManager, { sub, language, follow, unfollow, asOf }: Follows, topic: string): Promise<Set<string>> {
    const [person]: { id: string; stopped: boolean }[] = await manager.query(
      `INSERT INTO recipients (kind, subject, language, channels) VALUES ('person', $1, $2, '{inapp}')
       ON CONFLICT (subject) DO UPDATE SET updated_at = recipients.updated_at
       RETURNING id, (unsubscribed_all OR $3 = ANY (opt_outs)) AS stopped`,
      [sub, language ?? 'fi', topic],
    );
    if (asOf) {
      // Only a newer state moves the scope on; the row lock orders two at once, so the older of
      // two concurrent events finds the newer one's time and changes nothing.
      const newer: unknown[] = await manager.query(
        `INSERT INTO follow_scopes (recipient_id, scope, as_of) VALUES ($1, $2, $3)
         ON CONFLICT (recipient_id, scope) DO UPDATE SET as_of = EXCLUDED.as_of WHERE follow_scopes.as_of < EXCLUDED.as_of
         RETURNING 1`,
        [person.id, asOf.scope, asOf.at],
      );
      if (newer.length === 0) return new Set();
    }
    const dropped = unfollow.filter((key) => !follow.includes(key));
    if (dropped.length) {
      await manager.query(`DELETE FROM subscriptions WHERE recipient_id = $1 AND item_key = ANY ($2::text[]) AND active AND reason = 'participant'`, [person.id, dropped]);
    }
    if (person.stopped) return new Set();
    return this.subscribeMany(
      manager,
      follow.map((itemKey) => ({ recipientId: person.id, itemKey, topic })),
      'participant',
    );
  }

  /**
   * Keeps the start of each participant's own text with their subscription, once: the first
   * text they wrote about the item is the one their messages quote.
   */
  async keepExcerpts(manager: EntityManager, excerpts: { recipientId: string; itemKey: string; excerpt: string }[]): Promise<void> {
    if (excerpts.length === 0) return;
    await manager.query(
      `UPDATE subscriptions s SET excerpt = x.excerpt
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS x(recipient_id, item_key, excerpt)
        WHERE s.recipient_id = x.recipient_id AND s.item_key = x.item_key AND s.excerpt IS NULL`,
      [excerpts.map((e) => e.recipientId), excerpts.map((e) => e.itemKey), excerpts.map((e) => e.excerpt)],
    );
  }

  /**
   * Everyone to tell about each item: active subscription, not unsubscribed from all. The
   * caller leaves out those who opted out of the event's topic (`optOuts`).
   */
  async audiences(manager: EntityManager, itemKeys: string[]): Promise<Map<string, AudienceMember[]>> {
    const rows: (AudienceMember & { itemKey: string })[] = await manager.query(
      `SELECT s.item_key AS "itemKey", ${RECIPIENT_COLUMNS}, r.opt_outs AS "optOuts", s.reason,
              (p.published_at IS NOT NULL) AS "itemPublic"
         FROM subscriptions s JOIN recipients r ON r.id = s.recipient_id
         LEFT JOIN public_items p ON p.item_key = s.item_key
        WHERE s.item_key = ANY ($1::text[]) AND s.active AND NOT r.unsubscribed_all
        ORDER BY s.item_key, r.id`,
      [itemKeys],
    );
    const byItem = new Map<string, AudienceMember[]>();
    for (const { itemKey, ...recipient } of rows) byItem.set(itemKey, [...(byItem.get(itemKey) ?? []), recipient]);
    return byItem;
  }

  /**
   * A merged duplicate's subscribers follow the original from now on — as followers: the
   * original is another resident's report, so they hear of it only while it is public, and
   * only through its public page (never its sender's private link or unpublished replies).
   * Whoever already takes part in the original keeps taking part (the conflict keeps their row).
   */
  async move(manager: EntityManager, fromItem: string, toItem: string): Promise<void> {
    await manager.query(
      // Each keeps the start of their own text: their messages about the original still quote it.
      `INSERT INTO subscriptions (recipient_id, item_key, topic, reason, excerpt)
       SELECT recipient_id, $2, topic, 'follower', excerpt FROM subscriptions WHERE item_key = $1 AND active
       ON CONFLICT (recipient_id, item_key) DO NOTHING`,
      [fromItem, toItem],
    );
    await manager.query(`UPDATE subscriptions SET active = false, updated_at = now() WHERE item_key = $1`, [fromItem]);
  }

  /** Follows a public item; false (and nothing written) when the item is not public. */
  async follow(recipientId: string, itemKey: string, topic: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO subscriptions (recipient_id, item_key, topic, reason)
       SELECT $1, $2, $3, 'follower' FROM public_items WHERE item_key = $2 AND published_at IS NOT NULL
       ON CONFLICT (recipient_id, item_key) DO UPDATE SET active = true, updated_at = now()
       RETURNING item_key`,
      [recipientId, itemKey, topic],
    );
    return rows.length > 0;
  }

  async unfollow(recipientId: string, itemKey: string): Promise<boolean> {
    const [, count] = await this.dataSource.query(
      `UPDATE subscriptions SET active = false, updated_at = now() WHERE recipient_id = $1 AND item_key = $2 AND active`,
      [recipientId, itemKey],
    );
    return count > 0;
  }

  /** What the recipient follows, with the item's public title (null when it is not public). */
  async following(recipientId: string): Promise<{ itemKey: string; title: string | null; reason: string; since: string }[]> {
    return this.dataSource.query(
      `SELECT s.item_key AS "itemKey", p.title, s.reason, s.created_at AS since
         FROM subscriptions s LEFT JOIN public_items p ON p.item_key = s.item_key AND p.published_at IS NOT NULL
        WHERE s.recipient_id = $1 AND s.active ORDER BY s.created_at DESC LIMIT 500`,
      [recipientId],
    );
  }
}
