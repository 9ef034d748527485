import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { Roles } from '@vaikuta/auth';
import { DeadLetterService } from './dead-letter.service';

/**
 * Operators list events that could not be applied and replay them once the cause is
 * fixed. Mounted under each service's own prefix (e.g. /feedback/admin/dead-letters).
 */
@Controller('admin/dead-letters')
@Roles('admin')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetterService) {}

  @Get()
  list(@Query('consumer') consumer?: string, @Query('includeReplayed') includeReplayed?: string, @Query('limit') limit?: string) {
    return this.deadLetters
      .list({ consumer, includeReplayed: includeReplayed === 'true', limit: limit ? Number(limit) || 50 : 50 })
      .then((items) => ({ items }));
  }

  @Post(':id/replay')
  @HttpCode(200)
  replay(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.deadLetters.replay(id);
  }
}
