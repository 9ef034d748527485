import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Language } from '@vaikuta/contracts';
import { AfterCommitEnqueue } from '../delivery/after-commit-enqueue';
import { inLanguage, TemplateRenderer } from '../templates/template-renderer';
import { templateTitles } from '../templates/template-titles';

export type DigestFrequencyRun = 'daily' | 'weekly';

interface HeldRow {
  id: string;
  channel: string;
  template: string;
  data: { summary?: string; link?: string } & Record<string, unknown>;
}

/**
 * Gathers the messages held for recipients who chose a daily or weekly digest into one
 * message per channel. A recipient with nothing held gets nothing: a digest is never empty.
 * `period` names the run; the (event id, recipient, channel) key makes a re-run of the same
 * period write nothing twice.
 */
@Injectable()
export class DigestService {
  private readonly logger = new Logger(DigestService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly renderer: TemplateRenderer,
    private readonly afterCommit: AfterCommitEnqueue,
  ) {}

  async compose(frequency: DigestFrequencyRun, period: string): Promise<number> {
    // Held rows of people who since switched to immediate go out with the daily run.
    const recipients: { id: string; language: string }[] = await this.dataSource.query(
      `SELECT DISTINCT r.id, r.language FROM notifications n JOIN recipients r ON r.id = n.recipient_id
        WHERE n.status = 'held' AND (r.digest = $1 OR ($1 = 'daily' AND r.digest = 'immediate'))`,
      [frequency],
    );
    let digests = 0;
    for (const recipient of recipients) {
      digests += await this.dataSource.transaction(async (manager) => {
        const held: HeldRow[] = await manager.query(
          `SELECT id, channel, template, data FROM notifications WHERE recipient_id = $1 AND status = 'held'
            ORDER BY created_at FOR UPDATE SKIP LOCKED`,
          [recipient.id],
        );
        let written = 0;
        for (const channel of [...new Set(held.map((h) => h.channel))]) {
          const rows = held.filter((h) => h.channel === channel);
          const items = rows.map((h) => ({
            // Titled in the reader's language (today's, which may differ from when it was
            // held), by the template in use; never a raw key like `feedback.replied`.
            subject: this.itemTitle(h, recipient.language),
            summary: h.data.summary,
            // Like every other link in a message, it opens the page in the reader's language.
            link: h.data.link ? inLanguage(h.data.link, recipient.language) : undefined,
          }));
          const [digest]: { id: string }[] = await manager.query(
            `INSERT INTO notifications (event_id, event_type, recipient_id, channel, item_key, template, language, data, status)
             VALUES ($1, 'digest', $2, $3, NULL, 'digest', $4, $5, 'pending')
             ON CONFLICT (event_id, recipient_id, channel) DO NOTHING RETURNING id`,
            [`digest:${frequency}:${period}`, recipient.id, channel, recipient.language, JSON.stringify({ count: items.length, items })],
          );
          if (!digest) continue;
          await manager.query(
            `UPDATE notifications SET status = 'digested', digest_id = $2, updated_at = clock_timestamp() WHERE id = ANY($1::uuid[])`,
            [rows.map((r) => r.id), digest.id],
          );
          this.afterCommit.add(manager, [{ id: digest.id, channel }]);
          written++;
        }
        return written;
      });
    }
    if (digests) this.logger.log(`${frequency} digest ${period}: ${digests} messages`);
    return digests;
  }

  private itemTitle(held: HeldRow, language: string): string {
    if (this.renderer.has(held.template, language)) {
      try {
        return this.renderer.subject(held.template, language, held.data);
      } catch {
        // A template that fails on this data: its name below still says what the item is.
      }
    }
    const code = typeof held.data.trackingCode === 'string' ? ` ${held.data.trackingCode}` : '';
    return `${templateTitles(held.template)[language as Language] ?? held.template}${code}`;
  }
}
