import { FakeClock } from '@vaikuta/domain';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';

// Edges found by the hardening pass (issue 11) in the officers' decision.
// Monday 1 March 2027, 11:00 in Helsinki.
const clock = new FakeClock(new Date('2027-03-01T09:00:00Z'));
let t: GrantsTestApp;
let officer: string;
let chair: string;
let associationId: string;
let roundId: string;

beforeAll(async () => {
  t = await startGrantsTestApp('applications_edges', {}, { clock });
  officer = `Bearer ${await t.token('grants_officer', { sub: 'officer-1' })}`;
  chair = `Bearer ${await t.token('resident', { sub: 'edges-chair', actingFor: ['1234567-1'] })}`;
  associationId = (await t.http().post('/grants/associations').set('Authorization', chair).send({ name: 'Reuna ry', businessId: '1234567-1' }).expect(201)).body.id;
  roundId = (
    await t
      .http()
      .post('/grants/rounds')
      .set('Authorization', officer)
      .send({
        type: 'small',
        title: { fi: 'Pienavustukset' },
        department: 'KUVA',
        budgetCents: 1_000_000,
        continuous: true,
        opensAt: '2027-01-01T00:00:00+02:00',
        criteria: [{ key: 'impact', label: { fi: 'Vaikuttavuus' }, weight: 100 }],
      })
      .expect(201)
  ).body.id;
});
afterAll(() => t?.close());

const post = (url: string, auth: string, body: object) => t.http().post(url).set('Authorization', auth).send(body);

/** An application of the association, in review (version 4). */
async function inReview(): Promise<string> {
  const { body } = await post(`/grants/rounds/${roundId}/applications`, chair, { associationId, title: 'Kevätretki', requestedCents: 50_000 }).expect(201);
  await post(`/grants/applications/${body.id}/submit`, chair, { version: 1 }).expect(200);
  await post(`/grants/applications/${body.id}/receive`, officer, { version: 2 }).expect(200);
  await post(`/grants/applications/${body.id}/review`, officer, { version: 3 }).expect(200);
  return body.id;
}

describe('a grant decision’s report date', () => {
  it.each([
    ['year 0, which PostgreSQL refuses (it was a 500)', '0000-01-01'],
    ['the day before the decision', '2027-02-28'],
  ])('is a 400 naming reportDue for %s, and the application stays in review', async (_what, reportDue) => {
    const id = await inReview();
    const res = await post(`/grants/applications/${id}/decision`, officer, { version: 4, outcome: 'granted', grantedCents: 40_000, reportDue }).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([{ field: 'reportDue', message: expect.any(String) }]);
    const after = await t.http().get(`/grants/applications/${id}`).set('Authorization', officer).expect(200);
    expect(after.body).toMatchObject({ state: 'in_review', version: 4, decision: null });
    const decided = await t.dataSource.query(`SELECT count(*) AS n FROM outbox WHERE envelope->'data'->>'applicationId' = $1 AND envelope->>'type' LIKE '%decided%'`, [id]);
    expect(Number(decided[0].n)).toBe(0);
  });

  it('may be the day of the decision itself', async () => {
    const id = await inReview();
    const res = await post(`/grants/applications/${id}/decision`, officer, { version: 4, outcome: 'granted', grantedCents: 40_000, reportDue: '2027-03-01' }).expect(200);
    expect(res.body.decision).toMatchObject({ reportDue: '2027-03-01' });
  });
});


describe('scores', () => {
  it('refuse a criterion scored twice in one request with a 400 naming the second, storing neither', async () => {
    const id = await inReview();
    const res = await post(`/grants/applications/${id}/scores`, officer, {
      version: 4,
      scores: [
        { criterion: 'impact', score: 1 },
        { criterion: 'impact', score: 5 },
      ],
    }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'scores.1.criterion', message: expect.any(String) }]);
    const after = await t.http().get(`/grants/applications/${id}`).set('Authorization', officer).expect(200);
    expect(after.body).toMatchObject({ version: 4, scores: [], totalScore: null });
  });
});
