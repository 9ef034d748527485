import PDFDocument from 'pdfkit';
import type { InitiativesHttp } from '@vaikuta/contracts';

type Row = InitiativesHttp.YearlyReport['items'][number];
export type ReportLanguage = 'fi' | 'sv' | 'en';

const TEXTS = {
  fi: {
    title: (year: number) => `Aloitteet vuonna ${year}`,
    subtitle: 'Vuosiraportti valtuustolle (kuntalaki 23 §)',
    columns: ['Asianumero', 'Tyyppi', 'Otsikko', 'Vaihe', 'Päätös ja toimenpiteet'],
    empty: (year: number) => `Vuonna ${year} ei jätetty eikä ratkaistu aloitteita.`,
    unregistered: 'ei kirjattu',
    page: (n: number) => `Sivu ${n}`,
    type: { resident: 'kuntalaisaloite', council_member: 'valtuustoaloite', advocacy_body: 'vaikuttamistoimielimen aloite' },
    status: {
      collecting: 'keräämässä', filed: 'jätetty', registered: 'kirjattu', assigned: 'valmistelussa', statements_requested: 'lausunnoilla',
      proposed: 'päätösesitys', decided: 'päätetty', measures_taken: 'toimenpiteet tehty', closed: 'käsitelty', inadmissible: 'ei tutkittu',
      withdrawn: 'peruttu', combined: 'yhdistetty',
    },
    measures: 'Toimenpiteet',
  },
  sv: {
    title: (year: number) => `Initiativ år ${year}`,
    subtitle: 'Årsrapport till fullmäktige (kommunallagen 23 §)',
    columns: ['Ärendenummer', 'Typ', 'Rubrik', 'Skede', 'Beslut och åtgärder'],
    empty: (year: number) => `År ${year} lämnades eller avgjordes inga initiativ.`,
    unregistered: 'ej registrerat',
    page: (n: number) => `Sida ${n}`,
    type: { resident: 'invånarinitiativ', council_member: 'fullmäktigeinitiativ', advocacy_body: 'påverkansorganets initiativ' },
    status: {
      collecting: 'samlar stöd', filed: 'inlämnat', registered: 'registrerat', assigned: 'under beredning', statements_requested: 'på remiss',
      proposed: 'beslutsförslag', decided: 'beslutat', measures_taken: 'åtgärder vidtagna', closed: 'behandlat', inadmissible: 'avvisat',
      withdrawn: 'återtaget', combined: 'sammanslaget',
    },
    measures: 'Åtgärder',
  },
  en: {
    title: (year: number) => `Initiatives in ${year}`,
    subtitle: 'Yearly report to the council (Local Government Act § 23)',
    columns: ['Case id', 'Type', 'Title', 'Stage', 'Decision and measures'],
    empty: (year: number) => `No initiative was filed or decided in ${year}.`,
    unregistered: 'not registered',
    page: (n: number) => `Page ${n}`,
    type: { resident: 'resident initiative', council_member: 'council member initiative', advocacy_body: 'advocacy body initiative' },
    status: {
      collecting: 'collecting', filed: 'filed', registered: 'registered', assigned: 'in preparation', statements_requested: 'statements requested',
      proposed: 'proposed', decided: 'decided', measures_taken: 'measures taken', closed: 'closed', inadmissible: 'inadmissible',
      withdrawn: 'withdrawn', combined: 'combined',
    },
    measures: 'Measures',
  },
} as const;

// Landscape A4: 842 × 595 points; the columns fill the 742 points between the margins.
const MARGIN = 50;
const WIDTHS = [92, 88, 230, 80, 252];
const FONT_SIZE = 8.5;
const PADDING = 3;
/** A cell longer than this is cut, so that one row always fits on a page (the JSON and CSV carry the whole text). */
const MAX_CELL_CHARS = 1800;

/**
 * The yearly report as a printable PDF: a table with a row per initiative that wraps long
 * texts and repeats its header on every page. The standard PDF fonts cover Latin-1, so ä, ö
 * and å print as they are; a character outside it prints as pdfkit's substitute rather than
 * stopping the report.
 */
export class YearlyReportPdf {
  constructor(private readonly cityName: string) {}

  render(report: InitiativesHttp.YearlyReport, language: ReportLanguage): Promise<Buffer> {
    const t = TEXTS[language];
    const doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margin: MARGIN,
      bufferPages: true, // page numbers are written once the number of pages is known
      info: { Title: `${t.title(report.year)} – ${this.cityName}`, Subject: t.subtitle },
      lang: language,
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });

    doc.font('Helvetica-Bold').fontSize(18).text(`${this.cityName}: ${t.title(report.year)}`);
    doc.font('Helvetica').fontSize(11).text(t.subtitle).moveDown();
    if (report.items.length === 0) {
      doc.fontSize(11).text(t.empty(report.year));
    } else {
      let y = this.header(doc, t.columns, doc.y);
      for (const row of report.items) {
        const cells = this.cells(row, language).map((c) => (c.length > MAX_CELL_CHARS ? `${c.slice(0, MAX_CELL_CHARS)}…` : c));
        const height = this.rowHeight(doc, cells, 'Helvetica');
        if (y + height > doc.page.height - MARGIN) {
          doc.addPage();
          y = this.header(doc, t.columns, MARGIN);
        }
        this.drawRow(doc, cells, y, height, 'Helvetica');
        y += height;
      }
    }
    this.numberPages(doc, t.page);
    doc.end();
    return done;
  }

  private cells(row: Row, language: ReportLanguage): string[] {
    const t = TEXTS[language];
    const decision = [row.body, row.decidedAt?.slice(0, 10)].filter(Boolean).join(' ');
    const measures = row.measures ? `${t.measures}: ${row.measures}` : '';
    return [row.caseId ?? t.unregistered, t.type[row.type], row.title, t.status[row.status], [decision, measures].filter(Boolean).join('\n')];
  }

  private header(doc: PDFKit.PDFDocument, columns: readonly string[], y: number): number {
    const height = this.rowHeight(doc, [...columns], 'Helvetica-Bold');
    doc.rect(MARGIN, y, WIDTHS.reduce((a, b) => a + b), height).fill('#e8e8e8').fillColor('black');
    this.drawRow(doc, [...columns], y, height, 'Helvetica-Bold');
    return y + height;
  }

  private rowHeight(doc: PDFKit.PDFDocument, cells: string[], font: string): number {
    doc.font(font).fontSize(FONT_SIZE);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: WIDTHS[i] - 2 * PADDING }))) + 2 * PADDING;
  }

  private drawRow(doc: PDFKit.PDFDocument, cells: string[], y: number, height: number, font: string) {
    doc.font(font).fontSize(FONT_SIZE);
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.text(c, x + PADDING, y + PADDING, { width: WIDTHS[i] - 2 * PADDING, lineBreak: true });
      x += WIDTHS[i];
    });
    doc.moveTo(MARGIN, y + height).lineTo(x, y + height).lineWidth(0.5).strokeColor('#999999').stroke();
  }

  private numberPages(doc: PDFKit.PDFDocument, label: (n: number) => string) {
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // Below the bottom margin pdfkit would start a new page: let the footer use it.
      doc.page.margins.bottom = 0;
      doc.font('Helvetica').fontSize(8).text(label(i + 1), MARGIN, doc.page.height - MARGIN + 15, { lineBreak: false });
    }
  }
}
