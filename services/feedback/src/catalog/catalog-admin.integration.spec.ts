import { startFeedbackTestApp, FeedbackTestApp } from '../../test/feedback-test-app';

describe('catalogue administration', () => {
  let t: FeedbackTestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startFeedbackTestApp('catalog');
    admin = await t.token('admin');
  });
  afterAll(() => t?.close());
  const auth = { type: 'bearer' as const };

  it('lets an admin add a department and a category that routes new feedback there', async () => {
    await t.http().post('/feedback/admin/departments').auth(admin, auth).send({ code: 'RAKE', nameFi: 'Rakentaminen', nameSv: 'Byggande', nameEn: 'Construction' }).expect(201);
    const category = {
      code: '901', departmentCode: 'RAKE', nameFi: 'Rakennustyömaat', nameSv: 'Byggarbetsplatser', nameEn: 'Construction sites', serviceLevelDays: 3,
    };
    await t.http().post('/feedback/admin/categories').auth(admin, auth).send(category).expect(201);
    await t.http().post('/feedback/admin/categories').auth(admin, auth).send(category).expect(409);
    const sent = (await t.http().post('/feedback/requests').send({ kind: 'feedback', categoryCode: '901', description: 'Työmaa-aita on kaatunut jalkakäytävälle.' }).expect(201)).body;
    const [row] = await t.dataSource.query(`SELECT department_code FROM feedback_requests WHERE id = $1`, [sent.id]);
    expect(row.department_code).toBe('RAKE');

    await t.http().patch('/feedback/admin/categories/901').auth(admin, auth).send({ active: false }).expect(200);
    const refused = await t.http().post('/feedback/requests').send({ kind: 'feedback', categoryCode: '901', description: 'Toinen aita on myös kaatunut.' }).expect(400);
    expect(refused.body.errors[0].field).toBe('categoryCode');
    const listed = (await t.http().get('/feedback/categories?lang=en').expect(200)).body.items.map((c: { code: string }) => c.code);
    expect(listed).not.toContain('901');
  });

  it('a PATCH changes only the fields it names: renaming keeps a category inactive and its descriptions', async () => {
    await t.http().post('/feedback/admin/categories').auth(admin, auth).send({
      code: '902', departmentCode: 'RAKE', nameFi: 'Telineet', nameSv: 'Ställningar', nameEn: 'Scaffolding', serviceLevelDays: 5, descriptionFi: 'Rakennustelineet kadulla',
    }).expect(201);
    await t.http().patch('/feedback/admin/categories/902').auth(admin, auth).send({ active: false }).expect(200);
    const renamed = await t.http().patch('/feedback/admin/categories/902').auth(admin, auth).send({ nameSv: 'Byggnadsställningar', departmentCode: 'KYMP' }).expect(200);
    expect(renamed.body).toMatchObject({ nameFi: 'Telineet', nameSv: 'Byggnadsställningar', departmentCode: 'KYMP', active: false, descriptionFi: 'Rakennustelineet kadulla', serviceLevelDays: 5 });

    await t.http().patch('/feedback/admin/departments/RAKE').auth(admin, auth).send({ active: false }).expect(200);
    const department = await t.http().patch('/feedback/admin/departments/RAKE').auth(admin, auth).send({ nameEn: 'Building' }).expect(200);
    expect(department.body).toMatchObject({ nameFi: 'Rakentaminen', nameEn: 'Building', active: false });

    const bad = await t.http().patch('/feedback/admin/categories/902').auth(admin, auth).send({ nameSv: ' ', serviceLevelDays: -1, departmentCode: 'NOPE' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['nameSv', 'serviceLevelDays']);
    await t.http().patch('/feedback/admin/categories/nope').auth(admin, auth).send({ nameSv: 'x' }).expect(404);
  });

  it('corrects a district’s names one at a time; the code stays, and the public list shows the new name', async () => {
    await t.http().post('/feedback/admin/districts').auth(admin, auth).send({ code: 'KALA', nameFi: 'Kalasatama', nameSv: 'Fiskehamnen', nameEn: 'Kalasatma' }).expect(201);
    const renamed = await t.http().patch('/feedback/admin/districts/KALA').auth(admin, auth).send({ nameEn: 'Kalasatama', code: 'OTHER' }).expect(200);
    expect(renamed.body).toEqual({ code: 'KALA', nameFi: 'Kalasatama', nameSv: 'Fiskehamnen', nameEn: 'Kalasatama' });
    const rows = await t.dataSource.query(`SELECT code, name_fi, name_sv, name_en FROM districts WHERE code IN ('KALA', 'OTHER')`);
    expect(rows).toEqual([{ code: 'KALA', name_fi: 'Kalasatama', name_sv: 'Fiskehamnen', name_en: 'Kalasatama' }]);
    const listed = (await t.http().get('/feedback/districts?lang=en').expect(200)).body.items;
    expect(listed).toContainEqual({ code: 'KALA', name: 'Kalasatama' });

    const bad = await t.http().patch('/feedback/admin/districts/KALA').auth(admin, auth).send({ nameSv: ' ', nameFi: 'x'.repeat(201) }).expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['nameFi', 'nameSv']);
    const missing = await t.http().patch('/feedback/admin/districts/NOPE').auth(admin, auth).send({ nameFi: 'Ei ole' }).expect(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');

    const worker = await t.token('case_worker', ['KYMP']);
    await t.http().patch('/feedback/admin/districts/KALA').auth(worker, auth).send({ nameFi: 'Sompasaari' }).expect(403);
    expect((await t.dataSource.query(`SELECT name_fi, name_sv FROM districts WHERE code = 'KALA'`))[0]).toEqual({ name_fi: 'Kalasatama', name_sv: 'Fiskehamnen' });
  });

  it('checks input and role', async () => {
    const bad = await t.http().post('/feedback/admin/categories').auth(admin, auth).send({ code: 'x y', departmentCode: 'NOPE', nameFi: '', serviceLevelDays: 0 }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['code', 'nameFi', 'nameSv', 'serviceLevelDays']));
    const worker = await t.token('case_worker', ['KYMP']);
    await t.http().post('/feedback/admin/departments').auth(worker, auth).send({ code: 'X', nameFi: 'x', nameSv: 'x', nameEn: 'x' }).expect(403);
  });
});
