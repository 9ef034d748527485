import type { PremisesHttp } from '@vaikuta/contracts';

const everyDay = (opens: string, closes: string): PremisesHttp.OpeningHours['weekly'] =>
  Object.fromEntries((['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((d) => [d, [{ opens, closes }]]));

/** A sports hall for integration tests: open 08–22 every day, 1–3 h on the half hour, 15-minute buffers, booked directly. */
export function hallRequest(overrides: Partial<PremisesHttp.SpaceRequest> = {}, rules: Partial<PremisesHttp.BookingRules> = {}): PremisesHttp.SpaceRequest {
  return {
    name: { fi: 'Testihalli', sv: 'Testhallen', en: 'Test hall' },
    unit: 'Liikuntapalvelut',
    address: 'Testikatu 1, 00100 Helsinki',
    location: { lat: 60.17, lon: 24.94 },
    capacity: 40,
    accessibility: { features: ['step_free', 'accessible_toilet'] },
    openingHours: { weekly: everyDay('08:00', '22:00'), exceptions: [] },
    rules: {
      minDurationMinutes: 60,
      maxDurationMinutes: 180,
      startIntervalMinutes: 30,
      bufferBeforeMinutes: 15,
      bufferAfterMinutes: 15,
      minDaysAhead: 0,
      maxDaysAhead: 90,
      maxActiveBookingsPerPerson: 3,
      whoMayBook: 'anyone',
      price: { kind: 'free' },
      cancellationDeadlineHours: 24,
      ...rules,
    },
    requiresApproval: false,
    accessType: 'door_code',
    ...overrides,
  };
}
