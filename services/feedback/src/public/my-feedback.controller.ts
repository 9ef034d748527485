import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Authenticated, AuthUser, CurrentUser } from '@vaikuta/auth';

const myQuerySchema = z.object({
  lang: z.enum(['fi', 'sv', 'en']).default('fi'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/**
 * "My participation": what the signed-in person sent (`submitted_by` is their subject), in
 * any state, newest first. Only their own requests and only what the tracking page shows.
 */
@ApiTags('public')
@ApiBearerAuth()
@Controller('feedback/my')
@Authenticated()
export class MyFeedbackController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('requests')
  @ApiOperation({ summary: 'The feedback I sent while signed in, newest first' })
  async mine(@CurrentUser() user: AuthUser, @Query({ schema: myQuerySchema }) query: z.infer<typeof myQuerySchema>) {
    const name = `c.name_${query.lang}`;
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT r.id, r.tracking_code, r.kind, r.status, r.title, ${name} AS category_name, r.submitted_at, r.updated_at,
              r.published_at IS NOT NULL AS published
         FROM feedback_requests r JOIN categories c ON c.code = r.category_code
        WHERE r.submitted_by = $1 AND r.channel = 'web'
        ORDER BY r.submitted_at DESC, r.id DESC
        LIMIT $2`,
      [user.sub, query.limit],
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        trackingCode: r.tracking_code,
        kind: r.kind,
        status: r.status,
        title: r.title,
        category: { name: r.category_name },
        published: r.published,
        submittedAt: new Date(r.submitted_at).toISOString(),
        updatedAt: new Date(r.updated_at).toISOString(),
      })),
    };
  }
}
