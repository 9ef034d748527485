import { FakeClock } from '@vaikuta/domain';
import { premisesSpaceRequest, retryAfterLostAnswer } from '@vaikuta/testing';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';

// docs/adr/0007: a booking that committed and whose answer never reached Redis (the process died
// in between) is sent again by the client's retry. The retry must find the booking: not be
// refused because its own booking holds the time or fills the person's limit, and not make a
// second row or a second event (a second door code, a second confirmation message).
const clock = new FakeClock(new Date('2026-12-01T08:00:00Z'));
let t: GrantsTestApp;
let manager: string;
beforeAll(async () => {
  t = await startGrantsTestApp('book_lost_answer', {}, { clock });
  manager = `Bearer ${await t.token('premises_manager')}`;
});
afterAll(() => t?.close());

const space = async () => (await t.http().post('/premises/spaces').set('Authorization', manager).send(premisesSpaceRequest({}, { maxActiveBookingsPerPerson: 1 })).expect(201)).body.id as string;
const stored = async (spaceId: string) => {
  const rows: { id: string }[] = await t.dataSource.query(`SELECT id FROM bookings WHERE space_id = $1`, [spaceId]);
  const ids = rows.map((r) => r.id);
  return {
    ids,
    // The booking's own events; the door code's come from the door-access consumer in its own time.
    events: (await t.dataSource.query(`SELECT 1 FROM outbox WHERE envelope #>> '{data,bookingId}' = ANY($1::text[]) AND type NOT LIKE '%.access\\_code\\_%'`, [ids])).length,
    audit: (await t.dataSource.query(`SELECT 1 FROM booking_audit WHERE entity_id = ANY($1::uuid[])`, [ids])).length,
  };
};
const keyed = (url: string, auth: string, body: object) => (key: string) => t.http().post(url).set('Authorization', auth).set('Idempotency-Key', key).send(body);

describe('a retried booking whose first answer was lost', () => {
  it('answers a resident’s retry with the first booking: 201, same id, one row, one event, one audit row', async () => {
    const spaceId = await space();
    const resident = `Bearer ${await t.token('resident', { sub: 'lost-answer-booker' })}`;
    const { first, retry } = await retryAfterLostAnswer(
      t.config,
      keyed(`/premises/spaces/${spaceId}/bookings`, resident, { begin: '2026-12-10T17:00:00+02:00', end: '2026-12-10T18:00:00+02:00' }),
    );
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.headers['idempotent-replayed']).toBeUndefined(); // the stored answer really was gone
    expect(retry.body).toEqual(first.body);
    expect(await stored(spaceId)).toEqual({ ids: [first.body.id], events: 1, audit: 1 });
  });

  it('answers staff’s retry of a booking on someone’s behalf with the first booking', async () => {
    const spaceId = await space();
    const { first, retry } = await retryAfterLostAnswer(
      t.config,
      keyed(`/premises/spaces/${spaceId}/staff-bookings`, manager, { begin: '2026-12-11T17:00:00+02:00', end: '2026-12-11T18:00:00+02:00', bookerSub: 'phoned-in-resident' }),
    );
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
    expect(await stored(spaceId)).toEqual({ ids: [first.body.id], events: 1, audit: 1 });
  });

  it('answers staff’s retry of a maintenance block with the first block', async () => {
    const spaceId = await space();
    const { first, retry } = await retryAfterLostAnswer(
      t.config,
      keyed(`/premises/spaces/${spaceId}/blocks`, manager, { begin: '2026-12-12T08:00:00+02:00', end: '2026-12-12T12:00:00+02:00', reason: 'Lattian hionta' }),
    );
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
    expect(await stored(spaceId)).toEqual({ ids: [first.body.id], events: 0, audit: 1 });
  });
});
