import type { FeedbackSummary, SummaryCounts } from './feedback-summary.service';
import { csvField, renderCsv, renderSummaryCsv, summaryCsvFilename, UTF8_BOM } from './summary-csv';

const counts = (over: Partial<SummaryCounts> = {}): SummaryCounts => ({
  total: 0,
  received: 0,
  inProcess: 0,
  resolved: 0,
  rejected: 0,
  merged: 0,
  overdue: 0,
  medianHoursToFirstReply: null,
  medianHoursToResolution: null,
  ...over,
});

/** The records of a rendered file, without its BOM, split on the CRLFs that end them. */
const records = (csv: string) => csv.slice(UTF8_BOM.length).split('\r\n').slice(0, -1);

describe('csvField', () => {
  it.each([
    ['Kallio', 'Kallio'],
    ['Kallio, Berghäll', '"Kallio, Berghäll"'],
    ['Sanoi "hei"', '"Sanoi ""hei"""'],
    ['rivi 1\nrivi 2', '"rivi 1\nrivi 2"'],
    ['rivi 1\r\nrivi 2', '"rivi 1\r\nrivi 2"'],
    ['', ''],
  ])('quotes %j as RFC 4180 says', (cell, field) => {
    expect(csvField(cell)).toBe(field);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+358 40 123', "'+358 40 123"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1+1', "'\t=1+1"],
    ['=HYPERLINK("http://evil.example","Kallio")', `"'=HYPERLINK(""http://evil.example"",""Kallio"")"`],
    ['=1,2', `"'=1,2"`],
  ])('defuses the formula %j', (cell, field) => {
    expect(csvField(cell)).toBe(field);
  });

  it('leaves text that only contains formula characters alone', () => {
    expect(csvField('Kallio = Berghäll')).toBe('Kallio = Berghäll');
    expect(csvField('info@hel.fi')).toBe('info@hel.fi');
  });

  it('writes numbers as they are (they are ours, a negative one is not a formula) and nulls as empty', () => {
    expect(csvField(12)).toBe('12');
    expect(csvField(3.5)).toBe('3.5');
    expect(csvField(-1.5)).toBe('-1.5');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });
});

describe('renderCsv', () => {
  it('starts with a UTF-8 byte order mark and ends every record with CRLF', () => {
    const csv = renderCsv([
      ['a', 'b'],
      [1, null],
    ]);
    expect(csv).toBe('\uFEFFa,b\r\n1,\r\n');
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('keeps a quoted line break inside its record', () => {
    expect(renderCsv([['x\ny', 'z']])).toBe('\uFEFF"x\ny",z\r\n');
  });
});

describe('renderSummaryCsv', () => {
  const summary: FeedbackSummary = {
    groupBy: 'district',
    from: '2025-03-01',
    to: '2025-03-31',
    rows: [
      { key: 'kallio', name: 'Kallio', ...counts({ total: 5, resolved: 3, received: 1, merged: 1, medianHoursToFirstReply: 4, medianHoursToResolution: 20.2 }) },
      { key: 'evil', name: '=cmd|" /C calc"!A0', ...counts({ total: 1, received: 1, overdue: 1 }) },
      { key: null, name: 'Ei aluetta', ...counts({ total: 2, rejected: 2, medianHoursToFirstReply: 2.5 }) },
    ],
    totals: counts({ total: 8, received: 2, resolved: 3, rejected: 2, merged: 1, overdue: 1, medianHoursToFirstReply: 3, medianHoursToResolution: 20.2 }),
  };

  it('writes a Finnish header, the rows and the totals', () => {
    expect(records(renderSummaryCsv(summary, 'fi'))).toEqual([
      'Koodi,Alue,Yhteensä,Vastaanotettu,Käsittelyssä,Ratkaistu,Hylätty,Yhdistetty,Myöhässä,Mediaani tuntia ensimmäiseen vastaukseen,Mediaani tuntia ratkaisuun',
      'kallio,Kallio,5,1,0,3,0,1,0,4,20.2',
      `evil,"'=cmd|"" /C calc""!A0",1,1,0,0,0,0,1,,`,
      ',Ei aluetta,2,0,0,0,2,0,0,2.5,',
      ',Yhteensä,8,2,0,3,2,1,1,3,20.2',
    ]);
  });

  it('writes the header and totals label in Swedish and English', () => {
    const sv = records(renderSummaryCsv(summary, 'sv'));
    expect(sv[0]).toBe(
      'Kod,Område,Totalt,Mottagna,Under behandling,Lösta,Avvisade,Sammanslagna,Försenade,Median timmar till första svar,Median timmar till lösning',
    );
    expect(sv.at(-1)).toMatch(/^,Totalt,8,/);
    const en = records(renderSummaryCsv(summary, 'en'));
    expect(en[0]).toBe(
      'Code,District,Total,Received,In process,Resolved,Rejected,Merged,Overdue,Median hours to first reply,Median hours to resolution',
    );
    expect(en.at(-1)).toMatch(/^,Total,8,/);
  });

  it('names the second column after the grouping', () => {
    const firstLine = (groupBy: FeedbackSummary['groupBy'], lang: 'fi' | 'sv' | 'en') =>
      records(renderSummaryCsv({ ...summary, groupBy }, lang))[0].split(',').slice(0, 2);
    expect(firstLine('department', 'fi')).toEqual(['Koodi', 'Toimiala']);
    expect(firstLine('category', 'sv')).toEqual(['Kod', 'Ämne']);
    expect(firstLine('department', 'en')).toEqual(['Code', 'Department']);
  });

  it('writes only the header and totals for an empty summary', () => {
    expect(records(renderSummaryCsv({ ...summary, rows: [], totals: counts() }, 'en'))).toEqual([
      expect.stringMatching(/^Code,District,/),
      ',Total,0,0,0,0,0,0,0,,',
    ]);
  });
});

describe('summaryCsvFilename', () => {
  it('names the grouping and the period', () => {
    expect(summaryCsvFilename({ groupBy: 'category', from: '2025-01-01', to: '2025-03-31' })).toBe(
      'feedback-summary-category-2025-01-01-2025-03-31.csv',
    );
  });
});
