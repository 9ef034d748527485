import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@vaikuta/auth';
import { GrantsHttp } from '@vaikuta/contracts';
import { z } from 'zod';
import { GrantRoundService } from './grant-round.service';

const feedQuery = GrantsHttp.calendarQuery.extend({ lang: z.enum(['fi', 'sv', 'en']).default('fi') });

/** The vuosikello: the year's rounds and deadlines, as JSON for the portal and as a feed to subscribe to. */
@ApiTags('grant rounds')
@Controller('grants')
export class VuosikelloController {
  constructor(private readonly rounds: GrantRoundService) {}

  @Get('calendar')
  @Public()
  @ApiOperation({ summary: 'The year’s rounds and their openings, closings and report deadlines (?year=)' })
  calendar(@Query({ schema: GrantsHttp.calendarQuery }) query: GrantsHttp.CalendarQuery) {
    return this.rounds.calendar(query.year);
  }

  @Get('calendar.ics')
  @Public()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=900')
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'The year’s rounds and deadlines as an iCalendar feed (?year=, ?lang=fi|sv|en)' })
  feed(@Query({ schema: feedQuery }) query: z.infer<typeof feedQuery>) {
    return this.rounds.calendarFeed(query.year, query.lang);
  }
}
