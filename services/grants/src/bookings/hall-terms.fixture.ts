import type { PremisesHttp } from '@vaikuta/contracts';
import type { SpaceBookingTerms } from './booking-rules';

/** A sports hall's rules for the unit tests: 1–3 h on a 30-minute grid, 15-minute buffers, 1–60 days ahead. */
export const hallRules: PremisesHttp.BookingRules = {
  minDurationMinutes: 60,
  maxDurationMinutes: 180,
  startIntervalMinutes: 30,
  bufferBeforeMinutes: 15,
  bufferAfterMinutes: 15,
  minDaysAhead: 1,
  maxDaysAhead: 60,
  maxActiveBookingsPerPerson: 2,
  whoMayBook: 'anyone',
  price: { kind: 'hourly', cents: 2500 },
  cancellationDeadlineHours: 24,
};

/** Open 08–21 on weekdays, 10–16 on Saturdays, closed on Sundays; closed on Independence Day; short hours on Christmas Eve. */
export const hallTerms: SpaceBookingTerms = {
  rules: hallRules,
  openingHours: {
    weekly: {
      mon: [{ opens: '08:00', closes: '21:00' }],
      tue: [{ opens: '08:00', closes: '21:00' }],
      wed: [{ opens: '08:00', closes: '21:00' }],
      thu: [{ opens: '08:00', closes: '21:00' }],
      fri: [{ opens: '08:00', closes: '21:00' }],
      sat: [{ opens: '10:00', closes: '16:00' }],
    },
    exceptions: [
      { date: '2026-12-07', periods: [] },
      { date: '2026-12-24', periods: [{ opens: '10:00', closes: '12:00' }] },
    ],
  },
};

