import type { DataSource } from 'typeorm';

/** The demo city's canned responses: one for a category, one for a whole department. */
const DEMO_CANNED_RESPONSES = [
  {
    categoryCode: '171',
    departmentCode: null,
    title: ['Korjaus tilattu', 'Reparation beställd', 'Repair ordered'],
    body: [
      'Kiitos palautteestasi. Olemme tilanneet korjauksen urakoitsijalta, ja se tehdään kahden viikon kuluessa.',
      'Tack för din respons. Vi har beställt reparationen av entreprenören, och den görs inom två veckor.',
      'Thank you for your feedback. We have ordered the repair from our contractor, and it will be done within two weeks.',
    ],
  },
  {
    categoryCode: null,
    departmentCode: 'KYMP',
    title: ['Kiitos, välitetty', 'Tack, vidarebefordrat', 'Thank you, passed on'],
    body: [
      'Kiitos palautteestasi. Olemme välittäneet asian alueen kunnossapidosta vastaavalle, joka arvioi tarvittavat toimet.',
      'Tack för din respons. Vi har vidarebefordrat ärendet till den som ansvarar för underhållet i området och som bedömer vad som behöver göras.',
      'Thank you for your feedback. We have passed the matter on to the team maintaining the area, who will assess what needs to be done.',
    ],
  },
];

/** Only into an empty table: an admin's own texts are never overwritten by a re-run. */
export async function seedDemoCannedResponses(dataSource: DataSource): Promise<number> {
  const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM canned_responses`);
  if (n > 0) return 0;
  for (const r of DEMO_CANNED_RESPONSES) {
    await dataSource.query(
      `INSERT INTO canned_responses (category_code, department_code, title_fi, title_sv, title_en, body_fi, body_sv, body_en, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'demo-seed')`,
      [r.categoryCode, r.departmentCode, ...r.title, ...r.body],
    );
  }
  return DEMO_CANNED_RESPONSES.length;
}
