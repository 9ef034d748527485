import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { Roles } from '@vaikuta/auth';
import { text, UuidParam } from '@vaikuta/http';
import { DeadLetterService } from './dead-letter.service';

/** A fractional, negative or huge `limit` is a 400 naming it, not a database error. */
const listQuerySchema = z.object({
  consumer: text({ max: 200 }).optional(),
  includeReplayed: z.enum(['true', 'false'], { error: 'Use true or false' }).optional(),
  limit: z.coerce.number({ error: 'Give a whole number from 1 to 500' }).int('Give a whole number from 1 to 500').min(1).max(500).default(50),
});

/**
 * Operators list events that could not be applied and replay them once the cause is
 * fixed. Mounted under each service's own prefix (e.g. /feedback/admin/dead-letters).
 */
@Controller('admin/dead-letters')
@Roles('admin')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetterService) {}

  @Get()
  list(@Query({ schema: listQuerySchema }) query: z.infer<typeof listQuerySchema>) {
    return this.deadLetters
      .list({ consumer: query.consumer, includeReplayed: query.includeReplayed === 'true', limit: query.limit })
      .then((items) => ({ items }));
  }

  @Post(':id/replay')
  @HttpCode(200)
  replay(@UuidParam('id') id: string) {
    return this.deadLetters.replay(id);
  }
}
