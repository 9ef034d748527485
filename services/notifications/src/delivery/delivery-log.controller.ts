import { Controller, Get, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Roles } from '@vaikuta/auth';
import { maskAddress } from './address-mask';

const logQuery = z.object({
  status: z.enum(['pending', 'sending', 'sent', 'failed', 'held', 'digested']).optional(),
  channel: z.enum(['email', 'sms', 'inapp']).optional(),
  eventType: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.iso.datetime({ offset: true }).optional(),
});

/** What staff see of deliveries: every attempt, with the address masked. */
@ApiTags('delivery log')
@ApiBearerAuth()
@Roles('admin')
@Controller('notifications/admin/deliveries')
export class DeliveryLogController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Recent notifications with their attempts; addresses masked' })
  async list(@Query({ schema: logQuery }) q: z.infer<typeof logQuery>) {
    const rows = await this.dataSource.query(
      `SELECT n.id, n.event_id AS "eventId", n.event_type AS "eventType", n.channel, n.status, n.attempts,
              n.last_error AS "lastError", n.created_at AS "createdAt", n.sent_at AS "sentAt",
              r.email, r.phone,
              coalesce((SELECT json_agg(json_build_object('attempt', a.attempt, 'outcome', a.outcome, 'error', a.error,
                         'durationMs', a.duration_ms, 'at', a.at) ORDER BY a.id)
                 FROM delivery_attempts a WHERE a.notification_id = n.id), '[]') AS attempts_log
         FROM notifications n JOIN recipients r ON r.id = n.recipient_id
        WHERE ($1::text IS NULL OR n.status = $1) AND ($2::text IS NULL OR n.channel = $2)
          AND ($3::text IS NULL OR n.event_type = $3) AND ($5::timestamptz IS NULL OR n.created_at < $5)
        ORDER BY n.created_at DESC LIMIT $4`,
      [q.status ?? null, q.channel ?? null, q.eventType ?? null, q.limit, q.before ?? null],
    );
    return {
      items: rows.map(({ email, phone, attempts_log, ...n }: Record<string, unknown>) => ({
        ...n,
        to: n.channel === 'inapp' ? null : maskAddress(String(n.channel), (n.channel === 'sms' ? phone : email) as string | null),
        log: attempts_log,
      })),
    };
  }
}
