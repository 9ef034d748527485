import { FinnishBusinessIds } from 'finnish-business-ids';
import { retryAfterLostAnswer } from '@vaikuta/testing';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';

// docs/adr/0007: a registration that committed and whose answer never reached Redis (the process
// died in between) is sent again by the client's retry. The retry must find the association: a
// group without an ID must not be registered twice, and a registered business ID must not be
// answered "already registered" to the very person who just registered it.
let t: GrantsTestApp;
beforeAll(async () => {
  t = await startGrantsTestApp('assoc_lost_answer');
});
afterAll(() => t?.close());

const register = (auth: string, body: object) => (key: string) => t.http().post('/grants/associations').set('Authorization', auth).set('Idempotency-Key', key).send(body);
const stored = async (id: string) => ({
  rows: (await t.dataSource.query(`SELECT 1 FROM association_representatives WHERE association_id = $1`, [id])).length,
  events: (await t.dataSource.query(`SELECT 1 FROM outbox WHERE type = 'fi.vaikuta.grants.association_registered.v1' AND envelope->'data'->>'associationId' = $1`, [id])).length,
  audit: (await t.dataSource.query(`SELECT 1 FROM association_audit WHERE entity_id = $1`, [id])).length,
});

describe('a retried association registration whose first answer was lost', () => {
  it('answers the retry for a group without an ID with the first registration: one association, one event', async () => {
    const auth = `Bearer ${await t.token('resident', { sub: 'lost-answer-group' })}`;
    const name = 'Torstain lukupiiri';
    const { first, retry } = await retryAfterLostAnswer(t.config, register(auth, { name, unregisteredGroup: true, role: 'contact' }));
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.headers['idempotent-replayed']).toBeUndefined(); // the stored answer really was gone
    expect(retry.body).toEqual(first.body);
    const rows: { id: string }[] = await t.dataSource.query(`SELECT id FROM associations WHERE name->>'fi' = $1`, [name]);
    expect(rows.map((r) => r.id)).toEqual([first.body.id]);
    expect(await stored(first.body.id)).toEqual({ rows: 1, events: 1, audit: 1 });
  });

  it('answers the retry for a business ID with the first registration, not 409 already registered', async () => {
    const businessId = FinnishBusinessIds.generateBusinessId();
    const auth = `Bearer ${await t.token('resident', { sub: 'lost-answer-chair', actingFor: [businessId] })}`;
    const { first, retry } = await retryAfterLostAnswer(t.config, register(auth, { name: 'Kallion Kuoro ry', businessId, role: 'chair' }));
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
    expect(await stored(first.body.id)).toEqual({ rows: 1, events: 1, audit: 1 });
  });
});
