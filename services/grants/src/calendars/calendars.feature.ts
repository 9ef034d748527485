import type { GrantsFeature } from '../grants-feature';
import { CreateCalendarTokens1766000000260 } from '../migrations/1766000000260-CreateCalendarTokens';
import { CalendarEntriesRepository } from './calendar-entries.repository';
import { CalendarTokenRepository } from './calendar-token.repository';
import { CalendarsController } from './calendars.controller';
import { CalendarsService } from './calendars.service';

/** iCalendar feeds: a space's busy times in public, one's own bookings behind a secret. */
export const calendarsFeature: GrantsFeature = {
  controllers: [CalendarsController],
  providers: [CalendarEntriesRepository, CalendarTokenRepository, CalendarsService],
  entities: [],
  migrations: [CreateCalendarTokens1766000000260],
};
