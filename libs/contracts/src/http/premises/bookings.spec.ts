import type { z } from 'zod';
import { cancelBookingRequest, createBookingRequest, staffBookingRequest } from './bookings';

const INVISIBLE = ' \u200B\u200D\uFEFF\u00A0 ';
const times = { begin: '2027-03-01T17:00:00+02:00', end: '2027-03-01T19:00:00+02:00' };

/** The fields a refused parse names, as the services' problem+json does. */
function refusedFields(schema: z.ZodType, input: unknown): string[] {
  const parsed = schema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
}

// A booking's purpose (shown to the managers handling it) and a cancellation's reason are
// optional, but text with nothing visible in it is not a purpose or a reason: refused, naming the field.
describe('premises booking requests with free text that has nothing visible', () => {
  it("refuse a booking's purpose, a staff booking's too", () => {
    expect(refusedFields(createBookingRequest, { ...times, purpose: INVISIBLE })).toEqual(['purpose']);
    expect(refusedFields(staffBookingRequest, { ...times, bookerSub: 'resident-1', purpose: '\u200B\u200B' })).toEqual(['purpose']);
  });

  it("refuse a cancellation's reason", () => {
    expect(refusedFields(cancelBookingRequest, { version: 2, reason: INVISIBLE })).toEqual(['reason']);
  });

  it('keep visible text trimmed of invisible characters at its ends, and accept none sent', () => {
    expect(createBookingRequest.parse({ ...times, purpose: '\u200BKuoroharjoitus ' }).purpose).toBe('Kuoroharjoitus');
    expect(createBookingRequest.parse(times).purpose).toBeUndefined();
    expect(cancelBookingRequest.parse({ version: 2, reason: '\uFEFFSairastuminen\u200B' }).reason).toBe('Sairastuminen');
    expect(cancelBookingRequest.parse({ version: 2 }).reason).toBeUndefined();
  });
});
