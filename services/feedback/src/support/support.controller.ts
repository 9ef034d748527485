import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, OptionalUser, Public } from '@vaikuta/auth';
import { RateLimitClass } from '@vaikuta/http';
import { NearbyReportsService } from './nearby-reports.service';
import { NearbyQuery, nearbyQuerySchema, SupportInput, supportSchema } from './support.schemas';
import { SupportService } from './support.service';

@ApiTags('support')
@Controller('feedback')
@Public()
export class SupportController {
  constructor(
    private readonly nearby: NearbyReportsService,
    private readonly supporters: SupportService,
  ) {}

  /** "Is it one of these?": open reports of the category near a point, only their public parts. */
  @Get('nearby')
  @ApiOperation({ summary: 'Open reports of a category within 150 m of a point (public parts only)' })
  async near(@Query({ schema: nearbyQuerySchema }) query: NearbyQuery) {
    return { items: await this.nearby.near(query) };
  }

  /** "Me too": counted once per person; a repeat answers the same and changes nothing. */
  @Post('supporters')
  // A write anyone may make, like sending feedback: the same limits per address and caller.
  @RateLimitClass('anonymous-intake')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Support an open report ("me too") instead of sending the same one' })
  async support(@Body({ schema: supportSchema }) input: SupportInput, @OptionalUser() user: AuthUser | undefined) {
    return this.supporters.support(input, { subject: user?.sub });
  }
}
