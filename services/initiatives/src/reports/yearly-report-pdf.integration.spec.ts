import { inflateSync } from 'node:zlib';
import { FakeClock, InitiativesTestApp, startInitiativesTestApp } from '../../test/initiatives-test-app';

/**
 * The words a pdfkit document prints: every content stream inflated, the hex strings of each
 * TJ array joined (pdfkit writes standard-font text as WinAnsi hex, split where it kerns).
 * Enough to find a case id or a Swedish word; not a general PDF reader.
 */
function printedLines(pdf: Buffer): string[] {
  const lines: string[] = [];
  const raw = pdf.toString('latin1');
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue; // not a deflated stream (fonts, images)
    }
    for (const tj of content.matchAll(/\[((?:<[0-9a-f]*>\s*-?[\d.]*\s*)+)\]\s*TJ/gi)) {
      lines.push([...tj[1].matchAll(/<([0-9a-f]*)>/gi)].map((h) => Buffer.from(h[1], 'hex').toString('latin1')).join(''));
    }
  }
  return lines;
}

const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

describe('the yearly report as a printable PDF (integration)', () => {
  let t: InitiativesTestApp;
  const clock = new FakeClock(new Date('2026-05-04T09:00:00Z'));
  let resident: string;
  let preparer: string;

  beforeAll(async () => {
    t = await startInitiativesTestApp('report_pdf', {}, { clock, env: { CITY_NAME: 'Helsingfors' } });
    resident = await t.token('resident', [], 'resident-pdf');
    preparer = await t.token('preparer', ['KYMP'], 'preparer-pdf');
  });
  afterAll(() => t?.close());

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const fetchPdf = (path: string) => t.http().get(path).responseType('blob').expect(200).expect('Content-Type', 'application/pdf');
  const file = (title: string, body = 'Perustelut.') =>
    t.http().post('/initiatives').set(as(resident)).send({ type: 'resident', language: 'fi', title, body, initiatorName: 'Maija Meikäläinen', email: 'maija@example.org' }).expect(201);

  it('prints an empty year as a valid one-page document saying so', async () => {
    const res = await fetchPdf('/initiatives/reports/2019.pdf');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pageCount(pdf)).toBe(1);
    expect(printedLines(pdf).join('\n')).toContain('Vuonna 2019 ei jätetty eikä ratkaistu aloitteita.');
  });

  it('prints every initiative of the year with its case id, wraps long Finnish titles and breaks pages', async () => {
    const first = await file('Penkkejä Töölönlahden ja Åshöjdenin kävelyreiteille');
    const v = (await t.http().get(`/initiatives/staff/${first.body.id}`).set(as(preparer)).expect(200)).body.version;
    const registered = await t.http().post(`/initiatives/${first.body.id}/register`).set(as(preparer)).send({ version: v }).expect(200);
    const caseId: string = registered.body.caseId;
    expect(caseId).toMatch(/^HEL-2026-\d{6}$/);
    const longTitle = `Pitkä otsikko ${'kaupunkipyöräasemien lisääminen esikaupunkeihin '.repeat(4)}`.slice(0, 200);
    await file(longTitle);
    for (let i = 1; i <= 40; i++) await file(`Aloite numero ${i}`);

    const pdf = (await fetchPdf('/initiatives/reports/2026.pdf')).body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = printedLines(pdf).join('\n');
    expect(text).toContain('Helsingfors: Aloitteet vuonna 2026');
    expect(text).toContain(caseId);
    expect(text).toContain('Töölönlahden');
    expect(text).toContain('Åshöjdenin');
    expect(text).toContain('Aloite numero 40');
    // The long title is on several lines of its cell, every word of it printed.
    const titleLines = printedLines(pdf).filter((l) => l.includes('kaupunkipyöräasemien') || l.startsWith('Pitkä otsikko'));
    expect(titleLines.length).toBeGreaterThan(2);
    // 42 rows do not fit one landscape page: the table goes on, its header repeated.
    expect(pageCount(pdf)).toBeGreaterThan(1);
    expect(printedLines(pdf).filter((l) => l === 'Asianumero')).toHaveLength(pageCount(pdf));
    // Public facts only, as in the JSON report.
    expect(text).not.toContain('Meikäläinen');
    expect(text).not.toContain('maija@example.org');
  });

  it('prints Swedish headings on request and refuses a bad year or language naming the field', async () => {
    const pdf = (await fetchPdf('/initiatives/reports/2026.pdf?lang=sv')).body as Buffer;
    expect(printedLines(pdf).join('\n')).toContain('Helsingfors: Initiativ år 2026');
    const badYear = await t.http().get('/initiatives/reports/20x6.pdf').expect(400);
    expect(badYear.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(badYear.body)).toContain('year');
    const badLang = await t.http().get('/initiatives/reports/2026.pdf?lang=de').expect(400);
    expect(JSON.stringify(badLang.body)).toContain('lang');
  });

  it('is in the OpenAPI document, so the shared fuzzer reaches it', async () => {
    const doc = (await t.http().get('/docs-json').expect(200)).body as { paths: Record<string, { get?: { parameters?: { name: string }[] } }> };
    expect(doc.paths['/initiatives/reports/{year}.pdf']?.get?.parameters?.map((p) => p.name).sort()).toEqual(['lang', 'year']);
  });
});
