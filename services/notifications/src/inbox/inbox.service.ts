import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RecipientService } from '../recipients/recipient.service';
import { TemplateRenderer } from '../templates/template-renderer';

export interface InboxItem {
  id: string;
  eventType: string;
  itemKey: string | null;
  subject: string;
  text: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

/** The signed-in resident's in-app messages, rendered in their language when read. */
@Injectable()
export class InboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recipients: RecipientService,
    private readonly renderer: TemplateRenderer,
  ) {}

  async list(subject: string, { unreadOnly = false, limit = 50, before }: { unreadOnly?: boolean; limit?: number; before?: string }) {
    const id = await this.recipients.ensurePerson(subject);
    const rows: { id: string; event_type: string; item_key: string | null; template: string; language: string; data: Record<string, unknown>; created_at: Date; read_at: Date | null }[] =
      await this.dataSource.query(
        `SELECT id, event_type, item_key, template, language, data, created_at, read_at FROM notifications
          WHERE recipient_id = $1 AND channel = 'inapp' AND ($2 = false OR read_at IS NULL)
            AND ($4::timestamptz IS NULL OR created_at < $4)
          ORDER BY created_at DESC LIMIT $3`,
        [id, unreadOnly, Math.min(Math.max(limit, 1), 200), before ?? null],
      );
    const items: InboxItem[] = rows.map((r) => ({
      id: r.id,
      eventType: r.event_type,
      itemKey: r.item_key,
      subject: this.renderer.has(r.template, r.language) ? this.renderer.subject(r.template, r.language, r.data) : r.template,
      text: this.renderer.has(r.template, r.language) ? this.renderer.text(r.template, r.language, r.data) : '',
      link: typeof r.data.link === 'string' ? r.data.link : null,
      createdAt: r.created_at.toISOString(),
      readAt: r.read_at?.toISOString() ?? null,
    }));
    return { items, nextBefore: items.length ? items[items.length - 1].createdAt : null };
  }

  async unreadCount(subject: string): Promise<number> {
    const id = await this.recipients.ensurePerson(subject);
    const [{ n }] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1 AND channel = 'inapp' AND read_at IS NULL`,
      [id],
    );
    return n;
  }

  async markRead(subject: string, notificationId: string): Promise<void> {
    const id = await this.recipients.ensurePerson(subject);
    const [, count] = await this.dataSource.query(
      `UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND recipient_id = $2 AND channel = 'inapp'`,
      [notificationId, id],
    );
    if (!count) throw new NotFoundException('No such message in your inbox');
  }

  async markAllRead(subject: string): Promise<number> {
    const id = await this.recipients.ensurePerson(subject);
    const [, count] = await this.dataSource.query(
      `UPDATE notifications SET read_at = now() WHERE recipient_id = $1 AND channel = 'inapp' AND read_at IS NULL`,
      [id],
    );
    return count;
  }
}
