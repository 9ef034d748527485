import { hallRequest } from '../src/spaces/space-request.fixture';
import type { GrantsTestApp } from './grants-test-app';

export interface WeeklySeriesRequest {
  /** The chair's `Authorization` header; their token acts for `businessId`. */
  booker: string;
  businessId: string;
  associationName: string;
  season: { name: string; startsOn: string; endsOn: string };
  purpose: string;
}

export interface PublishedWeeklySeries {
  associationId: string;
  spaceId: string;
  seasonId: string;
  applicationId: string;
  /** The weeks booked, in date order. */
  weeks: { date: string; bookingId: string }[];
}

/**
 * Where the door-code tests of season series start: an association registers, a hall (door
 * code) is added, the association applies for Wednesdays 18:00–19:30 in a season of its own,
 * and the season is allocated and published through the API, each step as a manager or the
 * chair would take it. Every step must succeed.
 */
export async function publishWeeklySeries(t: GrantsTestApp, manager: string, request: WeeklySeriesRequest): Promise<PublishedWeeklySeries> {
  const { booker, businessId, associationName, season, purpose } = request;
  const associationId = (await t.http().post('/grants/associations').set('Authorization', booker).send({ name: associationName, businessId }).expect(201)).body.id;
  const spaceId = (await t.http().post('/premises/spaces').set('Authorization', manager).send(hallRequest()).expect(201)).body.id;
  const seasonId = (
    await t
      .http()
      .post('/premises/seasons')
      .set('Authorization', manager)
      .send({ name: { fi: season.name }, spaceIds: [spaceId], startsOn: season.startsOn, endsOn: season.endsOn, skipDates: [] })
      .expect(201)
  ).body.id;
  const applicationId = (
    await t
      .http()
      .post(`/premises/seasons/${seasonId}/applications`)
      .set('Authorization', booker)
      .send({ associationId, spaceId, purpose, weekday: 'wed', begins: '18:00', ends: '19:30' })
      .expect(201)
  ).body.id;
  await t.http().post(`/premises/seasons/${seasonId}/allocate`).set('Authorization', manager).send({ version: 1 }).expect(200);
  const published = (await t.http().post(`/premises/seasons/${seasonId}/publish`).set('Authorization', manager).send({ version: 2 }).expect(200)).body;
  const weeks = (published.series[0].occurrences as { outcome: string; date: string; bookingId: string }[])
    .filter((o) => o.outcome === 'booked')
    .map(({ date, bookingId }) => ({ date, bookingId }));
  return { associationId, spaceId, seasonId, applicationId, weeks };
}
