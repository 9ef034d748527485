import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { inSpan, SpanKind } from '@vaikuta/observability';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications-config';
import { attachmentsOf, DeliveryChannel, EMAIL_CHANNEL, PermanentDeliveryError, SMS_CHANNEL } from '../channels/channel';
import { TemplateRenderer } from '../templates/template-renderer';
import { UnsubscribeLinks } from '../unsubscribe/unsubscribe-links';
import { StatementBatcher } from './statement-batcher';
import { deliveryRetries, eventToDeliverySeconds, notificationsFailed, notificationsSent } from './delivery.metrics';

interface ClaimedRow {
  id: string;
  channel: 'email' | 'sms';
  template: string;
  language: string;
  data: Record<string, unknown>;
  item_key: string | null;
  recipient_id: string;
  attempts: number;
  event_time: Date | null;
  email: string | null;
  phone: string | null;
  /** The start of the recipient's own text about the item, when they wrote it. */
  own_text: string | null;
}

interface AttemptRecord {
  id: string;
  status: 'sent' | 'failed' | 'pending';
  error: string | null;
  attempt: number;
  channel: string;
  outcome: 'sent' | 'retry' | 'failed';
  providerId: string | null;
  durationMs: number;
}

export type DeliveryOutcome = 'sent' | 'skipped' | 'retry' | 'failed';

/** Thrown to BullMQ so it retries with backoff; the row is already back to pending. */
export class RetryDeliveryError extends Error {}

/**
 * Sends one notification. The row is claimed with a lease (pending → sending), so two
 * workers holding the same id (a reconciled duplicate job) cannot both send it; the send
 * and its outcome are recorded in delivery_attempts. Addresses are read at send time and
 * never logged, so an erasure between planning and sending leaves nothing to send.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);
  private readonly channels: Record<'email' | 'sms', DeliveryChannel>;
  private readonly claims = new StatementBatcher((ids: string[]) => this.claimMany(ids));
  private readonly records = new StatementBatcher((records: AttemptRecord[]) => this.recordMany(records));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(EMAIL_CHANNEL) email: DeliveryChannel,
    @Inject(SMS_CHANNEL) sms: DeliveryChannel,
    private readonly renderer: TemplateRenderer,
    private readonly links: UnsubscribeLinks,
  ) {
    this.channels = { email, sms };
  }

  /** `finalAttempt`: BullMQ will not try again, so a failure now is permanent. */
  async deliver(id: string, { finalAttempt }: { finalAttempt: boolean }): Promise<DeliveryOutcome> {
    const row = await this.claim(id);
    if (!row) return 'skipped'; // sent already, erased, or another worker holds the lease
    const to = row.channel === 'email' ? row.email : row.phone;
    const started = Date.now();
    let providerId: string | undefined;
    try {
      if (!to) throw new PermanentDeliveryError(`the recipient has no ${row.channel === 'email' ? 'email address' : 'phone number'}`);
      const links = this.links.forMessage(row.recipient_id, row.item_key, row.language);
      const view = row.own_text ? { ...row.data, ownText: row.own_text } : row.data;
      const content = this.renderer.render(row.template, row.language, view, links);
      const attachments = row.channel === 'email' ? attachmentsOf(row.data) : [];
      // The provider's hand-over as a span of its own: the address is never an attribute.
      ({ providerId } = await inSpan(
        row.channel === 'email' ? 'smtp send' : 'sms send',
        { kind: SpanKind.CLIENT, attributes: { 'vaikuta.notification.id': row.id, 'vaikuta.notification.template': row.template, 'vaikuta.delivery.attempt': row.attempts } },
        () => this.channels[row.channel].send({ id: row.id, to, content, unsubscribeUrl: links.unsubscribeUrl, ...(attachments.length ? { attachments } : {}) }),
      ));
    } catch (error) {
      const reason = ((error as Error).message ?? String(error)).slice(0, 500);
      const permanent = (error as { permanent?: boolean }).permanent === true || finalAttempt;
      await this.record(row, permanent ? 'failed' : 'retry', started, reason);
      if (permanent) {
        notificationsFailed.inc({ channel: row.channel });
        this.logger.warn(`notification ${row.id} (${row.channel}) failed permanently after ${row.attempts} attempts: ${reason}`);
        return 'failed';
      }
      deliveryRetries.inc({ channel: row.channel });
      throw new RetryDeliveryError(reason);
    }
    await this.recordSent(row, started, providerId);
    notificationsSent.inc({ channel: row.channel });
    if (row.event_time) eventToDeliverySeconds.observe({ channel: row.channel }, (Date.now() - new Date(row.event_time).getTime()) / 1000);
    return 'sent';
  }

  /**
   * The provider has the message: a failure to record that is not a failed send. Taken for one
   * (as it was), the row went back to pending and the message out a second time — the chaos
   * suite saw it when PostgreSQL restarted between a send and its record. Retried while the
   * lease keeps other workers off the row.
   */
  private async recordSent(row: ClaimedRow, started: number, providerId: string | undefined): Promise<void> {
    const giveUpAt = Date.now() + (this.config.leaseSeconds * 1000) / 2;
    for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
      try {
        await this.record(row, 'sent', started, null, providerId);
        return;
      } catch (error) {
        if (Date.now() + wait > giveUpAt) throw error;
        this.logger.warn(`notification ${row.id} was sent; recording it failed (${(error as Error).message}), retrying`);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  /**
   * A named statement on TypeORM's pool, for the two statements every send makes: PostgreSQL
   * parses and plans them once per connection instead of once per batch of sends.
   */
  private async prepared<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    return (await pool.query({ name, text, values })).rows as T[];
  }

  private claim(id: string): Promise<ClaimedRow | undefined> {
    return this.claims.call(id);
  }

  /** Claims rows with a lease: only a pending row, or one whose lease ran out, is taken. */
  private async claimMany(ids: string[]): Promise<(ClaimedRow | undefined)[]> {
    const rows = await this.prepared<ClaimedRow>(
      'notifications-claim',
      `UPDATE notifications n
          SET status = 'sending', attempts = n.attempts + 1, updated_at = clock_timestamp(),
              lease_until = clock_timestamp() + make_interval(secs => $2)
         FROM recipients r
        WHERE n.id = ANY ($1::uuid[]) AND r.id = n.recipient_id AND n.channel IN ('email', 'sms')
          AND (n.status = 'pending' OR (n.status = 'sending' AND n.lease_until < clock_timestamp()))
        RETURNING n.id, n.channel, n.template, n.language, n.data, n.item_key, n.recipient_id, n.attempts,
                  n.event_time, r.email, r.phone,
                  -- Read at send time from the recipient's own subscription: quoted to its writer only.
                  (SELECT s.excerpt FROM subscriptions s WHERE s.recipient_id = n.recipient_id AND s.item_key = n.item_key) AS own_text`,
      [ids, this.config.leaseSeconds],
    );
    // The same id twice in a batch (a reconciled duplicate job): only the first one sends.
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => {
      const row = byId.get(id);
      byId.delete(id);
      return row;
    });
  }

  private record(row: ClaimedRow, outcome: 'sent' | 'retry' | 'failed', started: number, error: string | null, providerId?: string) {
    const status = outcome === 'sent' ? 'sent' : outcome === 'failed' ? 'failed' : 'pending';
    return this.records.call({ id: row.id, status, error, attempt: row.attempts, channel: row.channel, outcome, providerId: providerId ?? null, durationMs: Date.now() - started });
  }

  /** The outcome on the row and the attempt in the log, for many sends in one statement. */
  private async recordMany(records: AttemptRecord[]): Promise<void[]> {
    const column = <K extends keyof AttemptRecord>(key: K) => records.map((r) => r[key]);
    await this.prepared(
      'notifications-record-outcomes',
      `WITH outcome AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::int[])
                AS o(id, status, error, attempt, channel, outcome, provider_id, duration_ms)),
       updated AS (
         UPDATE notifications n SET status = o.status, lease_until = NULL, last_error = o.error, updated_at = clock_timestamp(),
                sent_at = CASE WHEN o.status = 'sent' THEN clock_timestamp() ELSE n.sent_at END
           FROM outcome o WHERE n.id = o.id RETURNING n.id)
       INSERT INTO delivery_attempts (notification_id, attempt, channel, outcome, error, provider_id, duration_ms)
       SELECT o.id, o.attempt, o.channel, o.outcome, o.error, o.provider_id, o.duration_ms
         FROM outcome o JOIN updated u ON u.id = o.id`,
      [column('id'), column('status'), column('error'), column('attempt'), column('channel'), column('outcome'), column('providerId'), column('durationMs')],
    );
    return records.map(() => undefined);
  }
}
