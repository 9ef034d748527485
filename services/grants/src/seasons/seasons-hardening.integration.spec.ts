import { FakeClock } from '@vaikuta/domain';
import { premisesSpaceRequest } from '@vaikuta/testing';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';
import { lockWaiters, secondSession } from '../bookings/second-session.fixture';

// Edges found by trying the seasons API as a careless client would (issue 11 hardening).
const clock = new FakeClock(new Date('2026-12-01T08:00:00Z'));
let t: GrantsTestApp;
let manager: string;
let chair: string;
let associationId: string;
let spaceId: string;

beforeAll(async () => {
  t = await startGrantsTestApp('seasons_edges', {}, { clock });
  manager = `Bearer ${await t.token('premises_manager')}`;
  chair = `Bearer ${await t.token('resident', { sub: 'edge-chair', actingFor: ['1234567-1'] })}`;
  associationId = (await t.http().post('/grants/associations').set('Authorization', chair).send({ name: 'Reunaseura ry', businessId: '1234567-1' }).expect(201)).body.id;
  spaceId = (await t.http().post('/premises/spaces').set('Authorization', manager).send(premisesSpaceRequest()).expect(201)).body.id;
});
afterAll(() => t?.close());

it('refuses a season outside 2000–2100 with a 400 naming the date, not a 500 from the database', async () => {
  const res = await t.http().post('/premises/seasons').set('Authorization', manager).send({ name: { fi: 'Kausi' }, spaceIds: [spaceId], startsOn: '0000-01-01', endsOn: '0000-12-31' });
  expect(res.status).toBe(400);
  expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('startsOn');
});

it('books each week once when Publish is sent twice at the same time (a double click)', async () => {
  const season = (
    await t.http().post('/premises/seasons').set('Authorization', manager).send({ name: { fi: 'Tuplakausi' }, spaceIds: [spaceId], startsOn: '2027-01-04', endsOn: '2027-06-27' }).expect(201)
  ).body;
  for (const weekday of ['mon', 'tue', 'wed']) {
    await t.http().post(`/premises/seasons/${season.id}/applications`).set('Authorization', chair).send({ associationId, spaceId, purpose: 'Harjoitus', weekday, begins: '18:00', ends: '19:00' }).expect(201);
  }
  await t.http().post(`/premises/seasons/${season.id}/allocate`).set('Authorization', manager).send({ version: 1 }).expect(200);
  // The first Publish marks the season published, then books week after week; the second comes
  // while it is still booking (it finds the season published and resumes the booking pass).
  const publish = (version: number) => t.http().post(`/premises/seasons/${season.id}/publish`).set('Authorization', manager).send({ version }).then((r) => r);
  const first = publish(2);
  await waitForPublished(season.id);
  const [a, b] = await Promise.all([first, publish(3)]);
  expect([a.status, b.status]).toEqual([200, 200]);

  // Every confirmed booking of the association is a recorded week of a series, and no week is a clash with its own series.
  const orphans = await t.dataSource.query(
    `SELECT b.id FROM bookings b WHERE b.association_id = $1 AND b.state = 'confirmed'
        AND NOT EXISTS (SELECT 1 FROM season_occurrences o WHERE o.booking_id = b.id)`,
    [associationId],
  );
  expect(orphans).toEqual([]);
  const clashes = await t.dataSource.query(
    `SELECT o.date FROM season_occurrences o JOIN season_applications a ON a.id = o.application_id WHERE a.season_id = $1 AND o.outcome = 'clash'`,
    [season.id],
  );
  expect(clashes).toEqual([]);
});

it('refuses an application that arrives while the allocation commits, instead of leaving it submitted in an allocated season', async () => {
  const season = (
    await t.http().post('/premises/seasons').set('Authorization', manager).send({ name: { fi: 'Kilpakausi' }, spaceIds: [spaceId], startsOn: '2027-08-02', endsOn: '2027-12-19' }).expect(201)
  ).body;
  // An allocation mid-commit: the season row locked and already allocated, not yet committed.
  const allocation = await secondSession(t);
  try {
    await allocation.query('BEGIN');
    await allocation.query(`SELECT id FROM seasons WHERE id = $1 FOR UPDATE`, [season.id]);
    await allocation.query(`UPDATE seasons SET state = 'allocated', version = version + 1 WHERE id = $1`, [season.id]);
    const late = t.http().post(`/premises/seasons/${season.id}/applications`).set('Authorization', chair).send({ associationId, spaceId, purpose: 'Myöhässä', weekday: 'thu', begins: '18:00', ends: '19:00' }).then((r) => r);
    await lockWaiters(t, 1);
    await allocation.query('COMMIT');
    expect((await late).status).toBe(409);
  } finally {
    await allocation.end();
  }
  expect(await t.dataSource.query(`SELECT id FROM season_applications WHERE season_id = $1`, [season.id])).toEqual([]);
});

async function waitForPublished(seasonId: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    const [row] = await t.dataSource.query(`SELECT state FROM seasons WHERE id = $1`, [seasonId]);
    if (row.state === 'published') return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('the season was never published');
}
