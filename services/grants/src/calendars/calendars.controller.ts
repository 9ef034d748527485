import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Authenticated, AuthUser, CurrentUser, Public } from '@vaikuta/auth';
import { PremisesHttp } from '@vaikuta/contracts';
import { UuidPipe } from '@vaikuta/http';
import { CalendarsService } from './calendars.service';

const uuid = new UuidPipe();

/** iCalendar feeds of the premises: each space's busy times, and a person's own bookings. */
@ApiTags('calendars')
@Controller('premises')
export class CalendarsController {
  constructor(private readonly calendars: CalendarsService) {}

  @Get('spaces/:spaceId/calendar.ics')
  @Public()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'The space’s busy times as an iCalendar feed, with no one’s name or purpose (?lang=fi|sv|en)' })
  spaceFeed(@Param('spaceId', uuid) spaceId: string, @Query({ schema: PremisesHttp.calendarFeedQuery }) query: PremisesHttp.CalendarFeedQuery) {
    return this.calendars.spaceFeed(spaceId, query.lang);
  }

  @Post('calendar-token')
  @Authenticated()
  @ApiBearerAuth()
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'A new secret address of the caller’s own bookings feed ({lang?}) → {url}; the previous address stops working' })
  rotateToken(@Body({ schema: PremisesHttp.calendarTokenRequest }) body: PremisesHttp.CalendarTokenRequest, @CurrentUser() user: AuthUser) {
    return this.calendars.rotateToken(user, body);
  }

  @Get('calendar/:token.ics')
  @Public()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'A person’s own bookings as an iCalendar feed, at the secret address from POST /premises/calendar-token' })
  ownFeed(@Param('token') token: string) {
    return this.calendars.ownFeed(token);
  }
}
