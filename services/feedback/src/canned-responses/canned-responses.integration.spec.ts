import { startFeedbackTestApp, FeedbackTestApp } from '../../test/feedback-test-app';

describe('canned responses (valmisvastaukset)', () => {
  let t: FeedbackTestApp;
  let admin: string;
  let kymp: string;
  let kuva: string;
  const bearer = { type: 'bearer' as const };

  beforeAll(async () => {
    t = await startFeedbackTestApp('canned');
    admin = await t.token('admin', [], 'admin-1');
    kymp = await t.token('case_worker', ['KYMP'], 'worker-kymp');
    kuva = await t.token('case_worker', ['KUVA'], 'worker-kuva');
  });
  afterAll(() => t?.close());

  const texts = (word: string) => ({
    titleFi: `${word} fi`, titleSv: `${word} sv`, titleEn: `${word} en`,
    bodyFi: `Kiitos, ${word}.`, bodySv: `Tack, ${word}.`, bodyEn: `Thank you, ${word}.`,
  });
  const create = async (body: Record<string, unknown>) =>
    (await t.http().post('/feedback/admin/canned-responses').auth(admin, bearer).send(body).expect(201)).body as { id: string };
  const submit = async (categoryCode: string) =>
    (await t.http().post('/feedback/requests').send({ kind: 'fault', categoryCode, description: 'Katulamppu on rikki ja tie on pimeä.', address: 'Helsinginkatu 1', language: 'sv' }).expect(201)).body as { id: string };
  const offered = async (id: string, token: string) =>
    ((await t.http().get(`/feedback/cases/${id}`).auth(token, bearer).expect(200)).body.cannedResponses as { title: { en: string } }[]).map((c) => c.title.en);

  it('offers on a case the active ones of its category and of its department, in all three languages', async () => {
    const lamp = await create({ categoryCode: '171', ...texts('lamp') });
    await create({ departmentCode: 'KYMP', ...texts('kymp') });
    await create({ categoryCode: '246', ...texts('litter') });
    await create({ departmentCode: 'KUVA', ...texts('kuva') });
    const retired = await create({ categoryCode: '171', ...texts('old') });
    await t.http().patch(`/feedback/admin/canned-responses/${retired.id}`).auth(admin, bearer).send({ active: false }).expect(200);

    const request = await submit('171');
    const detail = (await t.http().get(`/feedback/cases/${request.id}`).auth(kymp, bearer).expect(200)).body;
    // The category's own first, then the department's; the retired one is not offered.
    expect(detail.cannedResponses.map((c: { title: { en: string } }) => c.title.en)).toEqual(['lamp en', 'kymp en']);
    expect(detail.cannedResponses[0]).toEqual({ id: lamp.id, title: { fi: 'lamp fi', sv: 'lamp sv', en: 'lamp en' }, body: { fi: 'Kiitos, lamp.', sv: 'Tack, lamp.', en: 'Thank you, lamp.' } });
  });

  it('a forwarded case offers the new department’s, and its category’s still', async () => {
    const request = await submit('171');
    await t.http().post(`/feedback/cases/${request.id}/forward`).auth(kymp, bearer).send({ version: 1, departmentCode: 'KUVA' }).expect(200);
    expect(await offered(request.id, kuva)).toEqual(['lamp en', 'kuva en']);
  });

  it('an edit changes only the texts it names, and is what the next case offers', async () => {
    const [item] = (await t.http().get('/feedback/admin/canned-responses').query({ category: '171' }).auth(admin, bearer).expect(200)).body.items.filter((c: { active: boolean }) => c.active);
    const edited = await t.http().patch(`/feedback/admin/canned-responses/${item.id}`).auth(admin, bearer).send({ bodySv: 'Tack, lampan byts.' }).expect(200);
    expect(edited.body).toMatchObject({ categoryCode: '171', departmentCode: null, title: { sv: 'lamp sv' }, body: { fi: 'Kiitos, lamp.', sv: 'Tack, lampan byts.' }, active: true });
    const request = await submit('171');
    const detail = (await t.http().get(`/feedback/cases/${request.id}`).auth(kymp, bearer).expect(200)).body;
    expect(detail.cannedResponses[0].body.sv).toBe('Tack, lampan byts.');
  });

  it('lists by department, the categories it handles included', async () => {
    const listed = (await t.http().get('/feedback/admin/canned-responses').query({ department: 'KUVA' }).auth(admin, bearer).expect(200)).body.items;
    expect(listed.map((c: { title: { en: string } }) => c.title.en)).toEqual(['kuva en']);
    const kymps = (await t.http().get('/feedback/admin/canned-responses').query({ department: 'KYMP' }).auth(admin, bearer).expect(200)).body.items;
    expect(kymps.map((c: { title: { en: string } }) => c.title.en).sort()).toEqual(['kymp en', 'lamp en', 'litter en', 'old en']);
  });

  it('refuses a text without a place, with two places, in an unknown category, or missing a language, naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...texts('x') }, 'categoryCode'],
      [{ categoryCode: '171', departmentCode: 'KYMP', ...texts('x') }, 'categoryCode'],
      [{ categoryCode: 'nope', ...texts('x') }, 'categoryCode'],
      [{ departmentCode: 'NOPE', ...texts('x') }, 'departmentCode'],
      [{ categoryCode: '171', ...texts('x'), bodySv: '   ' }, 'bodySv'],
      [{ categoryCode: '171', ...texts('x'), titleEn: 'a\u0000b' }, 'titleEn'],
    ];
    for (const [body, field] of cases) {
      const res = await t.http().post('/feedback/admin/canned-responses').auth(admin, bearer).send(body).expect(400);
      expect([field, res.body.errors.map((e: { field: string }) => e.field)]).toEqual([field, [field]]);
    }
    const count = await t.dataSource.query(`SELECT count(*)::int AS n FROM canned_responses WHERE title_fi = 'x fi'`);
    expect(count[0].n).toBe(0);
  });

  it('only admins write them; an unknown id is 404', async () => {
    await t.http().post('/feedback/admin/canned-responses').auth(kymp, bearer).send({ categoryCode: '171', ...texts('mine') }).expect(403);
    await t.http().get('/feedback/admin/canned-responses').auth(kymp, bearer).expect(403);
    await t.http().get('/feedback/admin/canned-responses').expect(401);
    await t.http().patch('/feedback/admin/canned-responses/00000000-0000-4000-8000-000000000000').auth(admin, bearer).send({ titleFi: 'x' }).expect(404);
    const bad = await t.http().get('/feedback/admin/canned-responses/not-an-id').auth(admin, bearer).expect(400);
    expect(bad.body.errors[0].field).toBe('id');
  });
});
