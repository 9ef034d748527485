import { startFeedbackTestApp, FeedbackTestApp } from '../../test/feedback-test-app';

describe('text search of the public list', () => {
  let t: FeedbackTestApp;
  let worker: string;
  const auth = { type: 'bearer' as const };
  const sent: Record<string, { id: string; trackingCode: string }> = {};

  const report = async (name: string, language: string, title: string, description: string, address: string, publish = true) => {
    const res = await t
      .http()
      .post('/feedback/requests')
      .send({ kind: 'fault', categoryCode: '171', language, title, description, address })
      .expect(201);
    sent[name] = res.body;
    if (publish) await t.http().post(`/feedback/cases/${res.body.id}/publish`).auth(worker, auth).send({ version: 1 }).expect(200);
  };

  const search = async (q: string, extra: Record<string, string> = {}) => {
    const res = await t.http().get('/feedback/public/requests').query({ q, ...extra }).expect(200);
    return (res.body.items as { id: string }[]).map((i) => Object.entries(sent).find(([, s]) => s.id === i.id)?.[0]).sort();
  };

  beforeAll(async () => {
    t = await startFeedbackTestApp('public_search');
    worker = await t.token('case_worker', ['KYMP']);
    await report('fi', 'fi', 'Kuoppia pyörätiellä', 'Syviä kuoppia pyörätiellä kirjaston edessä, pyörä meinasi kaatua.', 'Mannerheimintie 1');
    await report('sv', 'sv', 'Gropar på cykelvägen', 'Djupa gropar på cykelvägen framför biblioteket.', 'Mannerheimvägen 1');
    await report('en', 'en', 'Potholes on the bike path', 'Deep potholes on the bike path outside the library.', 'Hämeentie 3');
    await report('streetlight', 'fi', 'Katuvalo rikki', 'Katuvalo ei pala Hämeentiellä illalla.', 'Hämeentie 10');
    await report('private', 'fi', 'Kuoppa pihatiellä', 'Kuoppa pihatiellä, ei vielä julkaistu.', 'Salainen tie 5', false);
  });
  afterAll(() => t?.close());

  it('finds reports by their words in the language each was written in, inflected forms too', async () => {
    expect(await search('kuoppa')).toEqual(['fi']);
    expect(await search('kuoppaa pyörätiellä')).toEqual(['fi']);
    expect(await search('gropen')).toEqual(['sv']);
    expect(await search('pothole')).toEqual(['en']);
    expect(await search('library')).toEqual(['en']);
    expect(await search('Hämeentie')).toEqual(['en', 'streetlight']);
  });

  it('takes what people type: phrases, or, minus, stop words only, punctuation', async () => {
    expect(await search('"bike path"')).toEqual(['en']);
    expect(await search('katuvalo or kuoppa')).toEqual(['fi', 'streetlight']);
    expect(await search('Hämeentie -katuvalo')).toEqual(['en']);
    expect(await search('the')).toEqual([]);
    expect(await search('(kuoppa & !) :* \\')).toEqual(['fi']);
  });

  it('never finds an unpublished report, whatever is searched', async () => {
    expect(await search('pihatie')).toEqual([]);
    expect(await search('Salainen')).toEqual([]);
    expect(await search(sent.private.trackingCode)).toEqual([]);
  });

  it('finds a published report by its tracking code, and combines with the other filters', async () => {
    expect(await search(sent.sv.trackingCode.toLowerCase())).toEqual(['sv']);
    expect(await search('katuvalo', { status: 'closed' })).toEqual([]);
    expect(await search('katuvalo', { status: 'open', kind: 'fault' })).toEqual(['streetlight']);
  });

  it('pages through search results with the cursor', async () => {
    const first = (await t.http().get('/feedback/public/requests').query({ q: 'Hämeentie', limit: 1 }).expect(200)).body;
    expect(first.items).toHaveLength(1);
    const second = (await t.http().get('/feedback/public/requests').query({ q: 'Hämeentie', limit: 1, cursor: first.nextCursor }).expect(200)).body;
    expect(second.items).toHaveLength(1);
    expect(second.items[0].id).not.toBe(first.items[0].id);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses an over-long query or a NUL byte (PostgreSQL cannot hold it), naming the field', async () => {
    for (const q of ['x'.repeat(201), 'kuoppa\u0000']) {
      const res = await t.http().get('/feedback/public/requests').query({ q }).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'q' })]);
    }
  });

  it('treats a blank search as none', async () => {
    expect(await search('   ')).toEqual(['en', 'fi', 'streetlight', 'sv']);
  });
});
