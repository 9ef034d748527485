import { FeedbackTestApp, startFeedbackTestApp } from '../../test/feedback-test-app';

describe('GET /feedback/my/requests', () => {
  let t: FeedbackTestApp;
  beforeAll(async () => {
    t = await startFeedbackTestApp('my_feedback');
  });
  afterAll(() => t.close());

  const send = (token: string | undefined, description: string) => {
    const req = t.http().post('/feedback/requests').send({ kind: 'feedback', categoryCode: '320', description });
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };

  it('lists only what the signed-in resident sent, newest first', async () => {
    const aino = await t.token('resident', [], 'aino');
    const other = await t.token('resident', [], 'other');
    const staff = await t.token('case_worker', ['KUVA'], 'aino');
    await send(aino, 'Kirjaston aukioloajat ovat liian lyhyet.').expect(201);
    await send(aino, 'Lasten lukunurkka on ihana, kiitos!').expect(201);
    await send(other, 'Toisen asukkaan palaute kirjastosta.').expect(201);
    await send(undefined, 'Nimetön palaute kirjastosta tänään.').expect(201);
    // Staff entering on someone's behalf is not the staff member's own participation.
    await send(staff, 'Puhelimessa kirjattu palaute asukkaalta.').expect(201);

    const res = await t.http().get('/feedback/my/requests?lang=sv').set('Authorization', `Bearer ${aino}`).expect(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items[0]).toMatchObject({ kind: 'feedback', status: 'received', category: { name: 'Bibliotek' }, published: false });
    expect(new Date(res.body.items[0].submittedAt) >= new Date(res.body.items[1].submittedAt)).toBe(true);
    expect(JSON.stringify(res.body)).not.toMatch(/email|phone|submittedBy/);
  });

  it('needs a signed-in person', async () => {
    await t.http().get('/feedback/my/requests').expect(401);
  });
});
