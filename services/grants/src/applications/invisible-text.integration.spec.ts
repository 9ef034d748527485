import { FakeClock } from '@vaikuta/domain';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';

// Text with nothing visible in it (spaces, zero-width characters) in an application's free-text
// fields: a required text is a 400 naming the field, an optional note sent blank is refused, a
// form answer with nothing visible is not an answer (as an empty one never was).
const clock = new FakeClock(new Date('2027-03-01T09:00:00Z'));
const INVISIBLE = '\u200b\u200b';
let t: GrantsTestApp;
let officer: string;
let chair: string;
let associationId: string;
let roundId: string;

beforeAll(async () => {
  t = await startGrantsTestApp('applications_invisible_text', {}, { clock });
  officer = `Bearer ${await t.token('grants_officer', { sub: 'officer-1' })}`;
  chair = `Bearer ${await t.token('resident', { sub: 'invisible-chair', actingFor: ['1234567-1'] })}`;
  associationId = (await t.http().post('/grants/associations').set('Authorization', chair).send({ name: 'Näkymätön ry', businessId: '1234567-1' }).expect(201)).body.id;
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
        formFields: [
          { key: 'summary', label: { fi: 'Tiivistelmä' }, kind: 'text', required: true },
          { key: 'other', label: { fi: 'Muuta' }, kind: 'text', required: false },
        ],
      })
      .expect(201)
  ).body.id;
});
afterAll(() => t?.close());

const post = (url: string, auth: string, body: object) => t.http().post(url).set('Authorization', auth).send(body);
const read = async (id: string) => (await t.http().get(`/grants/applications/${id}`).set('Authorization', officer).expect(200)).body;
const draft = async (answers: object) => (await post(`/grants/rounds/${roundId}/applications`, chair, { associationId, title: 'Kevätretki', requestedCents: 50_000, answers }).expect(201)).body;

/** An application in review (version 4), its required answer given. */
async function inReview(): Promise<string> {
  const { id } = await draft({ summary: 'Retki Nuuksioon' });
  await post(`/grants/applications/${id}/submit`, chair, { version: 1 }).expect(200);
  await post(`/grants/applications/${id}/receive`, officer, { version: 2 }).expect(200);
  await post(`/grants/applications/${id}/review`, officer, { version: 3 }).expect(200);
  return id;
}

describe('form answers with nothing visible', () => {
  it('are not answers: a draft keeps none of them, and submitting it names the required field', async () => {
    const created = await draft({ summary: INVISIBLE, other: ` ${INVISIBLE} ` });
    expect(created.answers).toEqual({});
    const res = await post(`/grants/applications/${created.id}/submit`, chair, { version: 1 }).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([{ field: 'answers.summary', message: 'Required' }]);
    expect(await read(created.id)).toMatchObject({ state: 'draft', version: 1, answers: {} });
  });

  it('replace an answer given before with none, and visible answers are kept trimmed of zero-width characters', async () => {
    const created = await draft({ summary: 'Retki', other: 'Lisätietoa' });
    const updated = await t
      .http()
      .patch(`/grants/applications/${created.id}`)
      .set('Authorization', chair)
      .send({ version: 1, answers: { summary: `\u200bRetki Nuuksioon\u200b`, other: INVISIBLE } })
      .expect(200);
    expect(updated.body.answers).toEqual({ summary: 'Retki Nuuksioon' });
  });
});

describe('free text with nothing visible', () => {
  it('is a 400 naming the field for a title', async () => {
    const { id } = await draft({});
    const res = await t.http().patch(`/grants/applications/${id}`).set('Authorization', chair).send({ version: 1, title: INVISIBLE }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['title']);
  });

  it('is a 400 naming the field once for a request for information, a rejection’s reasons and a score’s note, and nothing is stored', async () => {
    const id = await inReview();
    const fields = async (path: string, body: object) => (await post(`/grants/applications/${id}/${path}`, officer, body).expect(400)).body.errors.map((e: { field: string }) => e.field);
    expect(await fields('information-requests', { version: 4, message: INVISIBLE })).toEqual(['message']);
    expect(await fields('decision', { version: 4, outcome: 'rejected', reasons: ` ${INVISIBLE} ` })).toEqual(['reasons']);
    expect(await fields('scores', { version: 4, scores: [{ criterion: 'impact', score: 3, note: INVISIBLE }] })).toEqual(['scores.0.note']);
    expect(await read(id)).toMatchObject({ state: 'in_review', version: 4, scores: [], messages: [], decision: null });
  });

  it('leaves a score without a note when none is sent, and keeps a visible one trimmed', async () => {
    const id = await inReview();
    const res = await post(`/grants/applications/${id}/scores`, officer, { version: 4, scores: [{ criterion: 'impact', score: 3, note: `\u200bHyvä suunnitelma ` }] }).expect(200);
    expect(res.body.scores).toEqual([expect.objectContaining({ criterion: 'impact', score: 3, note: 'Hyvä suunnitelma' })]);
  });
});
