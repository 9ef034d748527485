import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The start of a participant's own text, kept on their subscription to the item they wrote
 * about: messages to them quote it. On the subscription (not on the item or the message) so
 * it is shown to its writer only, never to followers, and goes with the recipient on erasure.
 */
export class SubscriptionExcerpt1764600000500 implements MigrationInterface {
  name = 'SubscriptionExcerpt1764600000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE subscriptions ADD COLUMN excerpt text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE subscriptions DROP COLUMN excerpt`);
  }
}
