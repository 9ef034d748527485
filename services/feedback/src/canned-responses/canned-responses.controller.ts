import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '@vaikuta/auth';
import { UuidPipe } from '@vaikuta/http';
import {
  CannedResponseInput,
  CannedResponseListQuery,
  cannedResponseListSchema,
  CannedResponsePatch,
  cannedResponsePatchSchema,
  cannedResponseSchema,
} from './canned-response.schemas';
import { CannedResponsesRepository } from './canned-responses.repository';

const uuid = new UuidPipe();

/**
 * Admins write the canned responses; case workers choose them on a case (the case detail
 * lists those of its category and department) and edit the text before sending. Nothing is
 * deleted: one no longer wanted is made inactive, so who wrote what stays known.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('feedback/admin/canned-responses')
@Roles('admin')
export class CannedResponsesController {
  constructor(private readonly responses: CannedResponsesRepository) {}

  @Get()
  async list(@Query({ schema: cannedResponseListSchema }) query: CannedResponseListQuery) {
    return { items: await this.responses.list(query) };
  }

  @Post()
  @HttpCode(201)
  create(@Body({ schema: cannedResponseSchema }) body: CannedResponseInput, @CurrentUser() user: AuthUser) {
    return this.responses.create(body, user.sub);
  }

  @Get(':id')
  get(@Param('id', uuid) id: string) {
    return this.responses.get(id);
  }

  @Patch(':id')
  update(@Param('id', uuid) id: string, @Body({ schema: cannedResponsePatchSchema }) body: CannedResponsePatch, @CurrentUser() user: AuthUser) {
    return this.responses.update(id, body, user.sub);
  }
}
