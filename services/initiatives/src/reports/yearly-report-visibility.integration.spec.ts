import { InitiativesHttp } from '@vaikuta/contracts';
import { FakeClock, InitiativesTestApp, startInitiativesTestApp } from '../../test/initiatives-test-app';

/**
 * An initiative that is not public (kuntalaisaloite.fi stopped showing it) answers 404 on its
 * page and is left out of the list; the public yearly report must not show it either.
 */
describe('the yearly report shows only public initiatives (integration)', () => {
  let t: InitiativesTestApp;
  let resident: string;

  beforeAll(async () => {
    t = await startInitiativesTestApp('report_visibility', {}, { clock: new FakeClock(new Date('2026-06-01T09:00:00Z')) });
    resident = await t.token('resident', [], 'resident-1');
  });
  afterAll(() => t?.close());

  const file = async (title: string) =>
    (
      await t
        .http()
        .post('/initiatives')
        .set('Authorization', `Bearer ${resident}`)
        .send({ type: 'resident', language: 'fi', title, body: 'Perustelut aloitteelle tässä.', initiatorName: 'Aino Asukas' })
        .expect(201)
    ).body.id as string;

  it('leaves a hidden initiative out of the report, as JSON and as CSV', async () => {
    const shown = await file('Näkyvä aloite');
    const hidden = await file('Piilotettu aloite');
    await t.dataSource.query('UPDATE initiatives SET public = false WHERE id = $1', [hidden]);
    await t.http().get(`/initiatives/${hidden}`).expect(404);

    const report = InitiativesHttp.yearlyReport.parse((await t.http().get(`/initiatives/reports/2026`).expect(200)).body);
    expect(report.items.map((i) => i.id)).toEqual([shown]);
    const csv = (await t.http().get(`/initiatives/reports/2026.csv`).expect(200)).text;
    expect(csv).toContain(shown);
    expect(csv).not.toContain(hidden);
    expect(csv).not.toContain('Piilotettu aloite');
  });
});
