import listSample from '../../test/fixtures/kuntalaisaloite/initiatives_list.json';
import detailSample from '../../test/fixtures/kuntalaisaloite/initiative_detail.json';
import type { KuntalaisaloiteStub, StubInitiative } from '../../../../scripts/kuntalaisaloite-stub.mjs';
import { InitiativesHttp } from '@vaikuta/contracts';
import { InitiativesTestApp, startInitiativesTestApp } from '../../test/initiatives-test-app';

/** 60 generated ones (more than one page of 50), with Swedish names, unicode and nulls. */
function generated(): StubInitiative[] {
  return Array.from({ length: 60 }, (_, n) => ({
    id: 5000 + n,
    municipality: 91,
    name: n === 7 ? null : n % 3 === 0 ? `Förslag nr ${n} för Åggelby och Östersundom` : `Aloite ${n}: kävelykatu ”Töölönlahti” 🚲 ${'ä'.repeat(n % 5)}`,
    proposal: n === 8 ? null : `Sisältö ${n} – 東京 ∑ ŝ`,
    participants: n === 9 ? null : n * 10,
    publishDate: n === 10 ? null : '2026-02-01',
    sentTime: n % 2 === 0 ? '2026-03-01' : null,
    authors: n % 4 === 0 ? [{ name: `Ärla Åkerlund ${n}` }] : [],
    privateAuthors: 1,
  }));
}

describe('kuntalaisaloite.fi import (integration)', () => {
  let t: InitiativesTestApp;
  let stub: KuntalaisaloiteStub;
  let admin: string;
  const hidden: StubInitiative = { id: 7777, municipality: 91, name: 'Piilotettu', proposal: 'x', participants: 1, publishDate: '2026-01-01', sentTime: null, public: false };
  const sample: StubInitiative = { id: 1, municipality: 91, name: null, proposal: null, participants: null, publishDate: null, sentTime: null, rawList: listSample[0], rawDetail: detailSample };
  const elsewhere: StubInitiative = { id: 8888, municipality: 49, name: 'Espoon oma', proposal: 'x', participants: 1, publishDate: '2026-01-01', sentTime: null };

  beforeAll(async () => {
    const { startKuntalaisaloiteStub } = await import('../../../../scripts/kuntalaisaloite-stub.mjs');
    stub = await startKuntalaisaloiteStub({ port: 0, initiatives: [sample, ...generated(), hidden, elsewhere] });
    t = await startInitiativesTestApp('import', { kuntalaisaloite: { apiUrl: stub.url, intervalMinutes: 0 } }, { env: { CITY_ELIGIBLE_VOTERS: '10000' } });
    admin = await t.token('admin');
  });
  afterAll(async () => {
    await t?.close();
    await stub?.close();
  });

  const importNow = () => t.http().post('/initiatives/admin/imports/kuntalaisaloite').set('Authorization', `Bearer ${admin}`).expect(200);
  const count = async (where = 'true') => (await t.dataSource.query(`SELECT count(*)::int AS n FROM initiatives WHERE ${where}`))[0].n;

  it('imports every page of the city, the samples as they are, and marks a 403 without creating it', async () => {
    const first = await importNow();
    expect(first.body).toEqual({ created: 61, updated: 0, unchanged: 1, failed: 0 });
    expect(await count()).toBe(61);
    expect(await count(`source_system = 'kuntalaisaloite' AND external_id = '8888'`)).toBe(0);

    // The published sample: the detail's facts (sentTime null: still collecting), the fi page as the source URL.
    const [sampleRow] = await t.dataSource.query(`SELECT id FROM initiatives WHERE external_id = '1'`);
    const sampleView = (await t.http().get(`/initiatives/${sampleRow.id}`).expect(200)).body;
    expect(sampleView).toMatchObject({
      status: 'collecting',
      supportCount: 11,
      title: { fi: 'Tämä on esimerkkialoitteen otsikko' },
      body: 'Tämä on esimerkkialoitteen sisältö',
      source: { system: 'kuntalaisaloite', externalId: '1', url: 'https://www.kuntalaisaloite.fi/fi/aloite/1' },
      initiators: { publicNames: ['Teemu Teekkari'], count: 2 },
    });

    // Swedish names are stored as Swedish and found with Swedish stemming; unicode intact.
    const sv = (await t.http().get('/initiatives').query({ q: 'förslagen Åggelby', source: 'kuntalaisaloite', limit: 100 }).expect(200)).body;
    expect(sv.items.length).toBe(20);
    expect(sv.items[0].language).toBe('sv');
    const [uni] = await t.dataSource.query(`SELECT title, body, status, support_count FROM initiatives WHERE external_id = '5001'`);
    expect(uni).toEqual({ title: { fi: 'Aloite 1: kävelykatu ”Töölönlahti” 🚲 ä' }, body: 'Sisältö 1 – 東京 ∑ ŝ', status: 'collecting', support_count: 10 });
    // Nulls: an unnamed one gets a placeholder title, a missing count is 0.
    const [nulls] = await t.dataSource.query(`SELECT title, support_count FROM initiatives WHERE external_id = '5009'`);
    expect(nulls.support_count).toBe(0);
    const [unnamed] = await t.dataSource.query(`SELECT title FROM initiatives WHERE external_id = '5007'`);
    expect(Object.values(unnamed.title)).toEqual(['(nimetön aloite)']);
    // sentTime set: filed with the city on that day.
    const [sent] = await t.dataSource.query(`SELECT status, filed_at FROM initiatives WHERE external_id = '5002'`);
    expect(sent.status).toBe('filed');
    expect(new Date(sent.filed_at).toISOString().slice(0, 10)).toBe('2026-03-01');
  });

  it('runs again idempotently, then follows changed counts, a sending and a 403, without duplicates', async () => {
    expect((await importNow()).body).toEqual({ created: 0, updated: 0, unchanged: 62, failed: 0 });

    const next = generated();
    next[1] = { ...next[1], participants: 250, sentTime: '2026-05-05' }; // 2.5 % of 10 000: the council clock starts
    next[3] = { ...next[3], participants: 31 };
    const nowHidden = { ...next[5], public: false };
    stub.setInitiatives([sample, ...next.slice(0, 5), nowHidden, ...next.slice(6), hidden, elsewhere]);
    expect((await importNow()).body).toEqual({ created: 0, updated: 3, unchanged: 59, failed: 0 });
    expect(await count()).toBe(61);

    const [raised] = await t.dataSource.query(`SELECT id, status, support_count, to_char(council_deadline, 'YYYY-MM-DD') AS deadline FROM initiatives WHERE external_id = '5001'`);
    expect(raised).toMatchObject({ status: 'filed', support_count: 250, deadline: '2026-11-05' });
    const [gone] = await t.dataSource.query(`SELECT id, public FROM initiatives WHERE external_id = '5005'`);
    expect(gone.public).toBe(false);
    await t.http().get(`/initiatives/${gone.id}`).expect(404);
    const staff = await t.http().get(`/initiatives/staff/${gone.id}`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(staff.body.public).toBe(false);

    const events = await t.reader.events(t.stream);
    const types = events.map((e) => e.event.type);
    expect(types.filter((x) => x.endsWith('.unpublished.v1'))).toHaveLength(1);
    expect(types.filter((x) => x.endsWith('.council_deadline_set.v1')).length).toBeGreaterThanOrEqual(1);
    const runs = (await t.http().get('/initiatives/admin/imports').set('Authorization', `Bearer ${admin}`).expect(200)).body;
    expect(runs).toHaveLength(3);
    expect(InitiativesHttp.importRun.array().parse(runs)[2]).toMatchObject({ trigger: 'admin', created: 61 });
  });

  it('counts an unreachable detail as failed and keeps the others', async () => {
    stub.setInitiatives([{ id: 'bad%2F..', municipality: 91, name: 'x', proposal: 'x', participants: 1, publishDate: null, sentTime: null }, sample]);
    const result = await importNow();
    expect(result.body).toEqual({ created: 0, updated: 0, unchanged: 1, failed: 1 });
  });
});
