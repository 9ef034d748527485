import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recipients (signed-in people and consented contacts), what they follow, one row per
 * (event, recipient, channel) and every delivery attempt. Contacts live only here and in
 * the service that collected them; deleting a recipient removes their whole history.
 */
export class CreateNotificationsSchema1763900000100 implements MigrationInterface {
  name = 'CreateNotificationsSchema1763900000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE recipients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('person', 'contact')),
        subject text UNIQUE,
        contact_key text UNIQUE,
        email text,
        phone text,
        language text NOT NULL DEFAULT 'fi' CHECK (language IN ('fi', 'sv', 'en')),
        channels text[] NOT NULL,
        digest text NOT NULL DEFAULT 'immediate' CHECK (digest IN ('immediate', 'daily', 'weekly')),
        opt_outs text[] NOT NULL DEFAULT '{}',
        unsubscribed_all boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'person') = (subject IS NOT NULL)),
        CHECK ((kind = 'contact') = (contact_key IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX recipients_email ON recipients (lower(email)) WHERE email IS NOT NULL`);
    await q.query(`CREATE INDEX recipients_phone ON recipients (phone) WHERE phone IS NOT NULL`);

    await q.query(`
      CREATE TABLE subscriptions (
        recipient_id uuid NOT NULL REFERENCES recipients (id) ON DELETE CASCADE,
        item_key text NOT NULL,
        topic text NOT NULL,
        reason text NOT NULL CHECK (reason IN ('participant', 'follower')),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (recipient_id, item_key)
      )`);
    await q.query(`CREATE INDEX subscriptions_item ON subscriptions (item_key) WHERE active`);

    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id text NOT NULL,
        event_type text NOT NULL,
        recipient_id uuid NOT NULL REFERENCES recipients (id) ON DELETE CASCADE,
        channel text NOT NULL CHECK (channel IN ('email', 'sms', 'inapp')),
        item_key text,
        template text NOT NULL,
        language text NOT NULL,
        data jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'held', 'digested')),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        event_time timestamptz,
        lease_until timestamptz,
        digest_id uuid REFERENCES notifications (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        sent_at timestamptz,
        read_at timestamptz,
        UNIQUE (event_id, recipient_id, channel)
      )`);
    // The reconciler's scan, the digest's scan, the inbox and the staff log.
    await q.query(`CREATE INDEX notifications_unsent ON notifications (updated_at) WHERE status IN ('pending', 'sending')`);
    await q.query(`CREATE INDEX notifications_held ON notifications (recipient_id) WHERE status = 'held'`);
    await q.query(`CREATE INDEX notifications_inbox ON notifications (recipient_id, created_at DESC) WHERE channel = 'inapp'`);
    await q.query(`CREATE INDEX notifications_recent ON notifications (created_at DESC)`);

    await q.query(`
      CREATE TABLE delivery_attempts (
        id bigserial PRIMARY KEY,
        notification_id uuid NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
        attempt int NOT NULL,
        channel text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('sent', 'retry', 'failed')),
        error text,
        provider_id text,
        duration_ms int NOT NULL,
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX delivery_attempts_notification ON delivery_attempts (notification_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE delivery_attempts`);
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP TABLE subscriptions`);
    await q.query(`DROP TABLE recipients`);
  }
}
