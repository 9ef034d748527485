import { premisesSpaceRequest } from '@vaikuta/testing';
import { addDays, localInstant, readLocal } from '../src/bookings/helsinki-time';
import type { GrantsTestApp } from './grants-test-app';

/**
 * A real space and a booking of it, for the authorization matrix's path parameters, so routes
 * under `/premises/spaces/{spaceId}` and `/premises/bookings/{bookingId}` are asked about rows
 * that exist rather than only answering 404.
 */
export async function premisesRows(t: GrantsTestApp): Promise<{ spaceId: string; bookingId: string }> {
  const manager = `Bearer ${await t.token('premises_manager')}`;
  const space = await t.http().post('/premises/spaces').set('Authorization', manager).send(premisesSpaceRequest()).expect(201);
  // Noon in Helsinki three days from now: inside the hall's opening hours and booking window.
  const begin = localInstant(addDays(readLocal(new Date()).date, 3), 12 * 60)!;
  const booking = await t
    .http()
    .post(`/premises/spaces/${space.body.id}/staff-bookings`)
    .set('Authorization', manager)
    .send({ begin: begin.toISOString(), end: new Date(begin.getTime() + 3_600_000).toISOString(), bookerSub: 'test-resident' })
    .expect(201);
  return { spaceId: space.body.id, bookingId: booking.body.id };
}
