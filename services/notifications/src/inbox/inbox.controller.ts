import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Authenticated, AuthUser, CurrentUser } from '@vaikuta/auth';
import { UuidParam } from '@vaikuta/http';
import { InboxService } from './inbox.service';

const inboxQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.iso.datetime({ offset: true }).optional(),
});

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('notifications/inbox')
@Authenticated()
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiOperation({ summary: 'My in-app messages, newest first (page with ?before=<createdAt of the last>)' })
  list(@CurrentUser() user: AuthUser, @Query({ schema: inboxQuery }) query: z.infer<typeof inboxQuery>) {
    return this.inbox.list(user.sub, { unreadOnly: query.unread === 'true', limit: query.limit, before: query.before });
  }

  @Get('unread-count')
  async unread(@CurrentUser() user: AuthUser) {
    return { unread: await this.inbox.unreadCount(user.sub) };
  }

  @Post(':id/read')
  @HttpCode(204)
  async read(@CurrentUser() user: AuthUser, @UuidParam('id') id: string) {
    await this.inbox.markRead(user.sub, id);
  }

  @Post('read-all')
  @HttpCode(200)
  async readAll(@CurrentUser() user: AuthUser) {
    return { marked: await this.inbox.markAllRead(user.sub) };
  }
}
