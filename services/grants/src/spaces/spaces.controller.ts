import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Public, Roles } from '@vaikuta/auth';
import { PremisesHttp } from '@vaikuta/contracts';
import { UuidPipe } from '@vaikuta/http';
import { SpaceService } from './space.service';

const uuid = new UuidPipe();

/** Spaces: anyone finds and reads them; premises managers and admins create and edit them. */
@ApiTags('spaces')
@Controller('premises/spaces')
export class SpacesController {
  constructor(private readonly spaces: SpaceService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Spaces by name ({items: [{id, name, requiresApproval, accessType, ...}], nextCursor}); ?capacity, ?accessibility=a,b, ?unit' })
  list(@Query({ schema: PremisesHttp.spaceListQuery }) query: PremisesHttp.SpaceListQuery) {
    return this.spaces.list(query);
  }

  @Get(':spaceId')
  @Public()
  @ApiOperation({ summary: 'A space: opening hours with exceptions, booking rules, access type, accessibility' })
  detail(@Param('spaceId', uuid) spaceId: string) {
    return this.spaces.detail(spaceId);
  }

  @Post()
  @Roles('premises_manager', 'admin')
  @ApiBearerAuth()
  @HttpCode(201)
  @ApiOperation({ summary: 'A premises manager adds a space' })
  create(@Body({ schema: PremisesHttp.spaceRequest }) body: PremisesHttp.SpaceRequest, @CurrentUser() user: AuthUser) {
    return this.spaces.create(body, user);
  }

  @Put(':spaceId')
  @Roles('premises_manager', 'admin')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'A premises manager replaces the space’s details, with the version they saw (409 when stale)' })
  update(@Param('spaceId', uuid) spaceId: string, @Body({ schema: PremisesHttp.updateSpaceRequest }) body: PremisesHttp.UpdateSpaceRequest, @CurrentUser() user: AuthUser) {
    return this.spaces.update(spaceId, body, user);
  }
}
