import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AuthUser, CurrentUser, Roles } from '@vaikuta/auth';
import { UuidParam } from '@vaikuta/http';
import { Open311ApiKeysService } from './open311-api-keys.service';

const createKeySchema = z.object({
  label: z.string({ error: 'Name the client the key is for' }).trim().min(1, 'Name the client the key is for').max(100, 'At most 100 characters'),
});

/**
 * Admins issue and revoke the keys Open311 clients post with. These are the service's own
 * admin routes, so they answer errors as problem+json like the rest of it, not in Open311's format.
 */
@ApiTags('open311 keys')
@ApiBearerAuth()
@Controller('feedback/admin/open311-keys')
@Roles('admin')
export class Open311ApiKeysController {
  constructor(private readonly keys: Open311ApiKeysService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Issue an Open311 API key; the key is in this response only' })
  create(@Body({ schema: createKeySchema }) body: z.infer<typeof createKeySchema>, @CurrentUser() user: AuthUser) {
    return this.keys.create(body.label, user.sub);
  }

  @Get()
  @ApiOperation({ summary: 'Open311 API keys (without key material)' })
  async list() {
    return { items: await this.keys.list() };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an Open311 API key' })
  async revoke(@UuidParam('id') id: string): Promise<void> {
    if (!(await this.keys.revoke(id))) throw new NotFoundException(`No Open311 API key ${id}`);
  }
}
