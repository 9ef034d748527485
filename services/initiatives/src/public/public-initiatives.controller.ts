import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Public, Roles } from '@vaikuta/auth';
import { InitiativesHttp } from '@vaikuta/contracts';
import { Idempotent, IdempotentRequestId, RateLimitClass, UuidPipe } from '@vaikuta/http';
import { z } from 'zod';
import { InitiativeFilingService } from '../initiatives/initiative-filing.service';
import { InitiativeReader } from '../initiatives/initiative-reader.service';
import { PublicListQuery, publicListQuerySchema } from './public-initiatives.schemas';

const uuid = new UuidPipe();

/** What anyone may read, and what a signed-in resident may do: file and support. */
@ApiTags('initiatives')
@Controller('initiatives')
export class PublicInitiativesController {
  constructor(
    private readonly reader: InitiativeReader,
    private readonly filing: InitiativeFilingService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Public initiatives, newest first; keyset pages ({items, nextCursor})' })
  list(@Query({ schema: publicListQuerySchema }) query: PublicListQuery) {
    return this.reader.publicList(query);
  }

  /** The public page: timeline, statements, decision, measures; initiators' names only if they made them public. */
  @Get(':id')
  @Public()
  detail(@Param('id', uuid) id: string) {
    return this.reader.publicDetail(id);
  }

  @Post()
  @Roles('resident')
  @ApiBearerAuth()
  @RateLimitClass('anonymous-intake')
  @Idempotent()
  @HttpCode(201)
  @ApiOperation({ summary: 'A resident files an initiative (kuntalaisaloite)' })
  file(
    @Body({ schema: InitiativesHttp.fileInitiativeRequest }) body: z.infer<typeof InitiativesHttp.fileInitiativeRequest>,
    @CurrentUser() user: AuthUser,
    @IdempotentRequestId() requestId: string | undefined,
  ) {
    return this.filing.fileByResident(body, user, requestId);
  }

  /** One support per person; a second one, or a retry whose answer was lost, changes nothing. */
  @Post(':id/supports')
  @Roles('resident')
  @ApiBearerAuth()
  @Idempotent()
  @HttpCode(200)
  support(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    return this.filing.support(id, user);
  }
}
