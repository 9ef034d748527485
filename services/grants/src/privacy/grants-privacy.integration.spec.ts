import { randomUUID } from 'node:crypto';
import { PrivacyEvents, PrivacyHttp } from '@vaikuta/contracts';
import { premisesSpaceRequest, waitFor } from '@vaikuta/testing';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';
import { addDays, localInstant, readLocal } from '../bookings/helsinki-time';

/**
 * A representative's data in grants and premises: what the export shows them (and not another
 * representative of the same association), and what `privacy.erasure_requested` does to it —
 * the person's rows and name go, the association's records stay under `erased` (ADR 0018).
 */
describe('grants: a person’s data, exported and erased', () => {
  let t: GrantsTestApp;
  const bearer = { type: 'bearer' } as const;

  beforeAll(async () => {
    t = await startGrantsTestApp('privacy');
  });
  afterAll(() => t?.close());

  const exportOf = async (token: string) => {
    const section = async (prefix: string) => PrivacyHttp.personalDataSection.parse((await t.http().get(`/${prefix}/privacy/my-data`).auth(token, bearer).expect(200)).body);
    const all = [await section('grants'), await section('premises')];
    return Object.fromEntries(all.flatMap((s) => s.categories.map((c) => [c.name, c.records])));
  };

  it('exports the representative’s own records only, and after erasure keeps the association’s without them', async () => {
    const person = await t.token('resident', { sub: 'rep-maija' });
    const colleague = await t.token('resident', { sub: 'rep-pekka' });
    const manager = await t.token('premises_manager', { sub: 'manager-1' });

    const { body: association } = await t
      .http()
      .post('/grants/associations')
      .auth(person, bearer)
      .send({ name: 'Tietosuojaseura', unregisteredGroup: true, role: 'chair', representativeName: 'Maija Meikäläinen' })
      .expect(201);
    await t
      .http()
      .post(`/grants/associations/${association.id}/representatives`)
      .auth(person, bearer)
      .send({ version: association.version, sub: 'rep-pekka', role: 'treasurer', name: 'Pekka Puupää' })
      .expect(201);

    // A decided application with the applicant's answer, written as the applications feature leaves them.
    const round = randomUUID();
    const application = randomUUID();
    await t.dataSource.query(
      `INSERT INTO grant_rounds (id, type, title, department, budget_cents, continuous, opens_at, created_by)
       VALUES ($1, 'small', '{"fi":"Pienavustus"}', 'KUVA', 100000, true, now() - interval '30 days', 'officer-1')`,
      [round],
    );
    await t.dataSource.query(
      `INSERT INTO grant_applications (id, round_id, association_id, round_type, department, state, title, requested_cents,
                                       outcome, granted_cents, decided_by, decided_at, created_by)
       VALUES ($1, $2, $3, 'small', 'KUVA', 'decided', 'Kevätretki', 50000, 'granted', 40000, 'officer-1', now(), 'rep-maija')`,
      [application, round, association.id],
    );
    await t.dataSource.query(
      `INSERT INTO grant_application_messages (id, application_id, kind, side, body, written_by, written_at)
       VALUES ($1, $2, 'answer', 'applicant', 'Retki on toukokuussa.', 'rep-maija', now())`,
      [randomUUID(), application],
    );

    const { body: space } = await t.http().post('/premises/spaces').auth(manager, bearer).send(premisesSpaceRequest()).expect(201);
    // Noon in Helsinki three days from now: inside the hall's opening hours.
    const begin = localInstant(addDays(readLocal(new Date()).date, 3), 12 * 60)!;
    const { body: booking } = await t
      .http()
      .post(`/premises/spaces/${space.id}/staff-bookings`)
      .auth(manager, bearer)
      .send({ begin: begin.toISOString(), end: new Date(begin.getTime() + 3_600_000).toISOString(), bookerSub: 'rep-maija', purpose: 'Maijan juhlat' })
      .expect(201);
    await t.http().post('/premises/calendar-token').auth(person, bearer).send({ lang: 'fi' }).expect(201);

    const before = await exportOf(person);
    expect(before.association_representations).toEqual([expect.objectContaining({ associationId: association.id, role: 'chair', name: 'Maija Meikäläinen' })]);
    expect(before.association_registrations).toEqual([expect.objectContaining({ associationId: association.id })]);
    expect(before.grant_applications).toEqual([expect.objectContaining({ id: application, outcome: 'granted', grantedCents: '40000' })]);
    expect(before.application_messages).toEqual([expect.objectContaining({ body: 'Retki on toukokuussa.' })]);
    expect(before.bookings).toEqual([expect.objectContaining({ id: booking.id, purpose: 'Maijan juhlat' })]);
    expect(before.calendar_feeds).toEqual([expect.objectContaining({ lang: 'fi' })]);
    // Officers are not named, and the feed's secret is not in the file.
    expect(JSON.stringify(before)).not.toContain('officer-1');
    expect(JSON.stringify(before)).not.toContain('token_hash');

    // The colleague sees their own representation, not Maija.
    const theirs = await exportOf(colleague);
    expect(theirs.association_representations).toEqual([expect.objectContaining({ name: 'Pekka Puupää' })]);
    expect(JSON.stringify(theirs)).not.toContain('Maija');

    const requestId = randomUUID();
    const eventId = await t.publish(PrivacyEvents.erasureRequested, { requestId, subjectId: 'rep-maija', requestedAt: new Date().toISOString() });
    await waitFor(async () => (await t.dataSource.query(`SELECT 1 FROM erasures_applied WHERE request_id = $1`, [requestId])).length === 1, {
      what: 'grants to apply the erasure',
      timeoutMs: 20_000,
    });
    // A redelivery of the same event erases nothing twice.
    await t.publish(PrivacyEvents.erasureRequested, { requestId, subjectId: 'rep-maija', requestedAt: new Date().toISOString() }, randomUUID());
    await waitFor(async () => (await t.dataSource.query(`SELECT 1 FROM erasures_applied WHERE request_id = $1`, [requestId])).length === 2, {
      what: 'grants to record the second event',
      timeoutMs: 20_000,
    });
    expect(await t.dataSource.query(`SELECT erased FROM erasures_applied WHERE request_id = $1 AND event_id = $2`, [requestId, eventId])).toEqual([{ erased: 4 }]);

    const after = await exportOf(person);
    expect(Object.entries(after).filter(([, records]) => records.length > 0)).toEqual([]);

    // The association, its decision and its booking stay; Maija is no longer in them.
    expect(await t.dataSource.query(`SELECT sub, name FROM association_representatives WHERE association_id = $1`, [association.id])).toEqual([
      { sub: 'rep-pekka', name: 'Pekka Puupää' },
    ]);
    expect(await t.dataSource.query(`SELECT created_by, outcome, granted_cents FROM grant_applications WHERE id = $1`, [application])).toEqual([
      { created_by: 'erased', outcome: 'granted', granted_cents: '40000' },
    ]);
    expect(await t.dataSource.query(`SELECT written_by, body FROM grant_application_messages WHERE application_id = $1`, [application])).toEqual([
      { written_by: 'erased', body: 'Retki on toukokuussa.' },
    ]);
    expect(await t.dataSource.query(`SELECT booker_sub, booked_by, purpose, state FROM bookings WHERE id = $1`, [booking.id])).toEqual([
      { booker_sub: 'erased', booked_by: 'manager-1', purpose: null, state: 'confirmed' },
    ]);
    const audit: { actor_id: string; details: { sub?: string } }[] = await t.dataSource.query(
      `SELECT actor_id, details FROM association_audit WHERE entity_id = $1 ORDER BY id`,
      [association.id],
    );
    expect(JSON.stringify(audit)).not.toContain('rep-maija');
    expect(audit.map((a) => a.actor_id)).toEqual(['anonymous', 'anonymous']);
    expect(audit[1].details.sub).toBe('rep-pekka');
  });
});
