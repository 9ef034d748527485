import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** An item as a rule announces it public: its key and its public title (never personal data). */
export interface PublicItem {
  itemKey: string;
  title: string | null;
}

/**
 * Which items are public, learnt from events: anyone signed in may follow those. Each change
 * carries the time of its event and applies only over an older one, so events applied out of
 * order (concurrent handlers, a dead letter replayed later) leave the latest state.
 */
@Injectable()
export class PublicItemService {
  publish(manager: EntityManager, item: PublicItem, at: string): Promise<void> {
    return this.upsert(manager, item.itemKey, item.title, at, at);
  }

  /** No longer public: new follows are refused; whoever already follows keeps following. */
  withdraw(manager: EntityManager, itemKey: string, at: string): Promise<void> {
    return this.upsert(manager, itemKey, null, null, at);
  }

  private async upsert(manager: EntityManager, itemKey: string, title: string | null, publishedAt: string | null, at: string) {
    await manager.query(
      `INSERT INTO public_items (item_key, item_type, title, published_at, updated_at) VALUES ($1, split_part($1, ':', 1), $2, $3, $4)
       ON CONFLICT (item_key) DO UPDATE SET title = EXCLUDED.title, published_at = EXCLUDED.published_at, updated_at = EXCLUDED.updated_at
       WHERE public_items.updated_at <= EXCLUDED.updated_at`,
      [itemKey, title, publishedAt, at],
    );
  }
}
