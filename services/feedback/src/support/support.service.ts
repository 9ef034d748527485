import { createHash } from 'node:crypto';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FeedbackEvents } from '@vaikuta/contracts';
import { ValidationProblem } from '@vaikuta/http';
import { OutboxWriter } from '@vaikuta/messaging';
import { SupportInput } from './support.schemas';

export interface Supporter {
  /** The signed-in person's subject, when signed in. */
  subject?: string;
}

export interface SupportResult {
  trackingCode: string;
  supporterCount: number;
  /** False when this person had already supported the report: nothing changed. */
  added: boolean;
}

/**
 * "Me too": a resident supports an open report instead of sending the same one again. Each
 * person counts once per report — the signed-in subject, else the contact, else the browser's
 * one-off key names them — and is stored only as a hash of that, for the count. A new
 * supporter's `supported` event commits with the row, carrying their contact (with consent)
 * so the notification service can tell them the outcome.
 */
@Injectable()
export class SupportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  async support(input: SupportInput, supporter: Supporter): Promise<SupportResult> {
    const who = supporterIdentity(input, supporter);
    if (!who) throw ValidationProblem.field('clientKey', 'Sign in, give a contact, or send the form’s key, so that you are counted once');
    return this.dataSource.transaction(async (m) => {
      const [r]: Record<string, any>[] = await m.query(
        `SELECT id, tracking_code, department_code, category_code, status, merged_into_id, published_at
           FROM feedback_requests WHERE tracking_code = $1 FOR SHARE`,
        [input.ref.toUpperCase()],
      );
      if (!r) throw new NotFoundException('No such open report');
      if (r.merged_into_id || !['received', 'in_process'].includes(r.status)) {
        throw new ConflictException('This report is already handled; send a new one if the matter is still there');
      }
      const inserted: unknown[] = await m.query(
        `INSERT INTO feedback_supporters (request_id, supporter_hash) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
        [r.id, who],
      );
      const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM feedback_supporters WHERE request_id = $1`, [r.id]);
      if (inserted.length) {
        const contact = input.contactConsent && (input.email || input.phone)
          ? { ...(input.email ? { email: input.email } : {}), ...(input.phone ? { phone: input.phone } : {}), language: input.language }
          : undefined;
        await this.outbox.append(m, FeedbackEvents.supported, {
          requestId: r.id,
          trackingCode: r.tracking_code,
          departmentCode: r.department_code,
          categoryCode: r.category_code,
          language: input.language,
          ...(contact ? { contact } : {}),
          published: r.published_at !== null,
          supporterCount: n,
          supportedAt: new Date().toISOString(),
        });
      }
      return { trackingCode: r.tracking_code, supporterCount: n, added: inserted.length > 0 };
    });
  }
}

/** Who supports, as a hash: enough to count a person once, nothing to read back. */
export function supporterIdentity(input: Pick<SupportInput, 'email' | 'phone' | 'clientKey'>, supporter: Supporter): string | undefined {
  const who = supporter.subject
    ? `sub:${supporter.subject}`
    : input.email
      ? `email:${input.email.trim().toLowerCase()}`
      : input.phone
        ? `phone:${input.phone}`
        : input.clientKey
          ? `client:${input.clientKey}`
          : undefined;
  return who && createHash('sha256').update(`vaikuta-supporter\u0000${who}`).digest('base64url');
}
