import { startFeedbackTestApp, FeedbackTestApp } from '../../test/feedback-test-app';

/**
 * Requests are written straight into the table with chosen timestamps, so every count and
 * median below can be worked out by hand. March 2025, Helsinki time (UTC+2 then).
 */
interface Seeded {
  code: string;
  department: string;
  category: string;
  district: string | null;
  status: 'received' | 'in_process' | 'resolved' | 'rejected';
  submitted: string;
  /** Hours from submission to the first public reply. */
  replyAfter?: number;
  /** Hours from submission to resolving or rejecting. */
  closeAfter?: number;
  overdue?: boolean;
  mergedInto?: string;
}

const MARCH: Seeded[] = [
  { code: 'S01', department: 'KYMP', category: '171', district: 'kallio', status: 'resolved', submitted: '2025-03-03T09:00:00+02:00', replyAfter: 2, closeAfter: 10 },
  { code: 'S02', department: 'KYMP', category: '171', district: 'kallio', status: 'resolved', submitted: '2025-03-04T09:00:00+02:00', replyAfter: 4, closeAfter: 20.2 },
  { code: 'S03', department: 'KYMP', category: '246', district: 'malmi', status: 'resolved', submitted: '2025-03-05T09:00:00+02:00', replyAfter: 6, closeAfter: 30 },
  { code: 'S04', department: 'KYMP', category: '246', district: null, status: 'in_process', submitted: '2025-03-06T09:00:00+02:00', replyAfter: 1, overdue: true },
  { code: 'S05', department: 'KYMP', category: '171', district: 'malmi', status: 'received', submitted: '2025-03-07T09:00:00+02:00', overdue: true },
  { code: 'S06', department: 'KYMP', category: '171', district: 'kallio', status: 'received', submitted: '2025-03-10T09:00:00+02:00' },
  // A duplicate of S01, answered and closed at once by the merge: it must not pull the medians down.
  { code: 'S07', department: 'KYMP', category: '246', district: 'kallio', status: 'resolved', submitted: '2025-03-03T10:00:00+02:00', replyAfter: 0.5, closeAfter: 0.5, mergedInto: 'S01' },
  { code: 'S08', department: 'KYMP', category: '171', district: null, status: 'rejected', submitted: '2025-03-11T09:00:00+02:00', replyAfter: 3, closeAfter: 3 },
  { code: 'S09', department: 'KASKO', category: '410', district: 'kallio', status: 'resolved', submitted: '2025-03-12T09:00:00+02:00', replyAfter: 24, closeAfter: 48 },
  { code: 'S10', department: 'KASKO', category: '410', district: null, status: 'received', submitted: '2025-03-13T09:00:00+02:00', overdue: true },
  { code: 'S11', department: 'KUVA', category: '310', district: 'kamppi', status: 'in_process', submitted: '2025-03-14T09:00:00+02:00', replyAfter: 5 },
  // Edges of the month in Helsinki time: the first is still 28 February in UTC, the second already 31 March.
  { code: 'S12', department: 'KYMP', category: '171', district: 'kallio', status: 'received', submitted: '2025-03-01T00:30:00+02:00' },
  { code: 'S13', department: 'KYMP', category: '171', district: 'kallio', status: 'received', submitted: '2025-04-01T00:30:00+02:00', overdue: true },
  { code: 'S14', department: 'KYMP', category: '171', district: 'kallio', status: 'received', submitted: '2025-02-28T23:59:00+02:00', overdue: true },
];

const zero = { total: 0, received: 0, inProcess: 0, resolved: 0, rejected: 0, merged: 0, overdue: 0, medianHoursToFirstReply: null, medianHoursToResolution: null };

const KYMP = { ...zero, total: 9, received: 3, inProcess: 1, resolved: 3, rejected: 1, merged: 1, overdue: 2, medianHoursToFirstReply: 3, medianHoursToResolution: 20.2 };
const KASKO = { ...zero, total: 2, received: 1, resolved: 1, overdue: 1, medianHoursToFirstReply: 24, medianHoursToResolution: 48 };
const KUVA = { ...zero, total: 1, inProcess: 1, medianHoursToFirstReply: 5 };
const ALL = { total: 12, received: 4, inProcess: 2, resolved: 4, rejected: 1, merged: 1, overdue: 3, medianHoursToFirstReply: 4, medianHoursToResolution: 25.1 };

const march = 'from=2025-03-01&to=2025-03-31';

describe('feedback summaries', () => {
  let t: FeedbackTestApp;
  let admin: string;
  let kympWorker: string;

  async function seed(rows: Seeded[]) {
    for (const r of rows) {
      await t.dataSource.query(
        `INSERT INTO feedback_requests
           (id, tracking_code, kind, category_code, department_code, district_code, description, language, status, channel,
            submitted_at, due_at, first_reply_at, closed_at, merged_into_id)
         VALUES (gen_random_uuid(), $1, 'feedback', $2, $3, $4, 'Summary test request', 'fi', $5, 'web',
                 $6::timestamptz,
                 CASE WHEN $7::boolean THEN now() - interval '1 day' ELSE now() + interval '30 days' END,
                 $6::timestamptz + $8::float8 * interval '1 hour',
                 $6::timestamptz + $9::float8 * interval '1 hour',
                 (SELECT id FROM feedback_requests WHERE tracking_code = $10))`,
        [r.code, r.category, r.department, r.district, r.status, r.submitted, r.overdue ?? false, r.replyAfter ?? null, r.closeAfter ?? null, r.mergedInto ?? null],
      );
    }
  }

  const get = (url: string, token?: string) => {
    const req = t.http().get(url);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };

  beforeAll(async () => {
    t = await startFeedbackTestApp('summaries');
    admin = await t.token('admin');
    kympWorker = await t.token('case_worker', ['KYMP']);
    await seed(MARCH);
  });
  afterAll(() => t?.close());

  describe('counts and medians', () => {
    it('summarises every department for an admin, biggest first, with true overall medians', async () => {
      const res = await get(`/feedback/summaries?groupBy=department&${march}`, admin).expect(200);
      expect(res.body).toEqual({
        groupBy: 'department',
        from: '2025-03-01',
        to: '2025-03-31',
        rows: [
          { key: 'KYMP', name: 'Kaupunkiympäristön toimiala', ...KYMP },
          { key: 'KASKO', name: 'Kasvatuksen ja koulutuksen toimiala', ...KASKO },
          { key: 'KUVA', name: 'Kulttuurin ja vapaa-ajan toimiala', ...KUVA },
        ],
        totals: ALL,
      });
    });

    it('summarises one department by category, in English', async () => {
      const res = await get(`/feedback/summaries?groupBy=category&department=KYMP&lang=en&${march}`, admin).expect(200);
      expect(res.body.rows).toEqual([
        { key: '171', name: 'Street damage', ...zero, total: 6, received: 3, resolved: 2, rejected: 1, overdue: 1, medianHoursToFirstReply: 3, medianHoursToResolution: 15.1 },
        { key: '246', name: 'Littering', ...zero, total: 3, inProcess: 1, resolved: 1, merged: 1, overdue: 1, medianHoursToFirstReply: 3.5, medianHoursToResolution: 30 },
      ]);
      expect(res.body.totals).toEqual(KYMP);
    });

    it('summarises by district, with the requests without one in a row of their own, last', async () => {
      const res = await get(`/feedback/summaries?groupBy=district&lang=sv&${march}`, admin).expect(200);
      expect(res.body.rows).toEqual([
        { key: 'kallio', name: 'Berghäll', ...zero, total: 6, received: 2, resolved: 3, merged: 1, medianHoursToFirstReply: 4, medianHoursToResolution: 20.2 },
        { key: 'malmi', name: 'Malm', ...zero, total: 2, received: 1, resolved: 1, overdue: 1, medianHoursToFirstReply: 6, medianHoursToResolution: 30 },
        { key: 'kamppi', name: 'Kampen', ...zero, total: 1, inProcess: 1, medianHoursToFirstReply: 5 },
        { key: null, name: 'Inget område', ...zero, total: 3, received: 1, inProcess: 1, rejected: 1, overdue: 2, medianHoursToFirstReply: 2 },
      ]);
      expect(res.body.totals).toEqual(ALL);
    });

    it('answers an empty period with no rows and zero totals', async () => {
      const res = await get('/feedback/summaries?from=2020-01-01&to=2020-01-31', admin).expect(200);
      expect(res.body).toEqual({ groupBy: 'department', from: '2020-01-01', to: '2020-01-31', rows: [], totals: zero });
    });

    it('defaults to the last 90 days', async () => {
      await seed([
        { code: 'D01', department: 'SOTE', category: '510', district: null, status: 'received', submitted: new Date(Date.now() - 10 * 86400_000).toISOString() },
        { code: 'D02', department: 'SOTE', category: '510', district: null, status: 'received', submitted: new Date(Date.now() - 100 * 86400_000).toISOString() },
      ]);
      const res = await get('/feedback/summaries?department=SOTE', admin).expect(200);
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date());
      expect(res.body.to).toBe(today);
      expect((Date.parse(res.body.to) - Date.parse(res.body.from)) / 86400_000).toBe(89);
      expect(res.body.rows).toEqual([{ key: 'SOTE', name: 'Sosiaali- ja terveystoimiala', ...zero, total: 1, received: 1 }]);
    });
  });

  describe('who may see what', () => {
    it('shows a case worker only their own departments by default', async () => {
      const byDepartment = await get(`/feedback/summaries?${march}`, kympWorker).expect(200);
      expect(byDepartment.body.rows.map((r: { key: string }) => r.key)).toEqual(['KYMP']);
      expect(byDepartment.body.totals).toEqual(KYMP);

      const byDistrict = await get(`/feedback/summaries?groupBy=district&${march}`, kympWorker).expect(200);
      expect(byDistrict.body.rows.map((r: { key: string | null }) => r.key)).toEqual(['kallio', 'malmi', null]);
      expect(byDistrict.body.totals.total).toBe(9);
    });

    it('lets a case worker ask for their own department', async () => {
      const res = await get(`/feedback/summaries?department=KYMP&groupBy=category&${march}`, kympWorker).expect(200);
      expect(res.body.totals).toEqual(KYMP);
    });

    it('refuses a case worker another department, in JSON and CSV, even one that does not exist', async () => {
      for (const url of [`/feedback/summaries?department=KASKO&${march}`, `/feedback/summaries.csv?department=KASKO`, '/feedback/summaries?department=NOPE']) {
        const res = await get(url, kympWorker).expect(403);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    });

    it('shows a case worker of two departments both', async () => {
      const res = await get(`/feedback/summaries?${march}`, await t.token('case_worker', ['KYMP', 'KUVA'])).expect(200);
      expect(res.body.rows.map((r: { key: string }) => r.key)).toEqual(['KYMP', 'KUVA']);
    });

    it('needs a token and a staff role', async () => {
      await get('/feedback/summaries').expect(401);
      await get('/feedback/summaries.csv').expect(401);
      await get('/feedback/summaries', await t.token('resident')).expect(403);
      await get('/feedback/summaries.csv', await t.token('preparer')).expect(403);
    });
  });

  describe('validation', () => {
    it.each([
      ['groupBy=street', 'groupBy'],
      ['from=2025-02-30', 'from'],
      ['to=31.3.2025', 'to'],
      ['lang=de', 'lang'],
      ['from=2025-04-01&to=2025-03-01', 'from'],
      ['from=2023-01-01&to=2025-03-31', 'from'],
      ['department=NOPE', 'department'],
    ])('answers 400 problem+json naming the field for %s', async (query, field) => {
      for (const path of ['/feedback/summaries', '/feedback/summaries.csv']) {
        const res = await get(`${path}?${query}`, admin).expect(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      }
    });
  });

  describe('CSV', () => {
    const raw = (url: string, token: string) =>
      get(url, token)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });

    it('downloads the district summary in Swedish, with BOM, header and totals', async () => {
      const res = await raw(`/feedback/summaries.csv?groupBy=district&lang=sv&${march}`, admin).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="feedback-summary-district-2025-03-01-2025-03-31.csv"');
      const body: Buffer = res.body;
      expect(body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(body.toString('utf8').slice(1)).toBe(
        [
          'Kod,Område,Totalt,Mottagna,Under behandling,Lösta,Avvisade,Sammanslagna,Försenade,Median timmar till första svar,Median timmar till lösning',
          'kallio,Berghäll,6,2,0,3,0,1,0,4,20.2',
          'malmi,Malm,2,1,0,1,0,0,1,6,30',
          'kamppi,Kampen,1,0,1,0,0,0,0,5,',
          ',Inget område,3,1,1,0,1,0,2,2,',
          ',Totalt,12,4,2,4,1,1,3,4,25.1',
          '',
        ].join('\r\n'),
      );
    });

    it("keeps a case worker's CSV to their departments", async () => {
      const res = await raw(`/feedback/summaries.csv?${march}`, kympWorker).expect(200);
      const lines = res.body.toString('utf8').slice(1).split('\r\n');
      expect(lines[0]).toMatch(/^Koodi,Toimiala,Yhteensä,/);
      expect(lines.slice(1)).toEqual(['KYMP,Kaupunkiympäristön toimiala,9,3,1,3,1,1,2,3,20.2', ',Yhteensä,9,3,1,3,1,1,2,3,20.2', '']);
    });

    it('defuses a formula an admin typed into a district name', async () => {
      await t.dataSource.query(
        `INSERT INTO districts (code, name_fi, name_sv, name_en) VALUES ('evil', $1, $1, $1)`,
        ['=HYPERLINK("http://evil.example","Kallio, keskusta")'],
      );
      await seed([{ code: 'E01', department: 'SOTE', category: '510', district: 'evil', status: 'received', submitted: '2024-01-15T12:00:00+02:00' }]);
      const res = await raw('/feedback/summaries.csv?groupBy=district&from=2024-01-01&to=2024-01-31', admin).expect(200);
      expect(res.body.toString('utf8').split('\r\n')[1]).toBe(`evil,"'=HYPERLINK(""http://evil.example"",""Kallio, keskusta"")",1,1,0,0,0,0,0,,`);
    });
  });
});
