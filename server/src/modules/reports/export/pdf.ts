import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pdfmake from 'pdfmake';
import type { Content, ContentSvg, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces.js';
import type { ReportRow } from '../report-table.js';
import { cellOf, cellText, wellFormed } from './cell-text.js';
import type { ExportMeta, ExportResult } from './export-meta.js';

/**
 * pdfmake lays the whole document out in memory before writing a byte, so a
 * PDF prints at most this many rows, and says so when the run has more.
 */
export const PDF_MAX_ROWS = 2000;
/** Longer cell text is cut (a PDF table is for reading, the other formats carry everything). */
const PDF_MAX_CELL_TEXT = 500;

// A4 landscape, in points.
const PAGE_WIDTH = 841.89;
const PAGE_HEIGHT = 595.28;
const MARGIN = 30;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const CHART_MAX_HEIGHT = PAGE_HEIGHT - 2 * MARGIN - 60;

// Roboto as pdfmake's package ships it: no font is read from the system.
const require = createRequire(import.meta.url);
const ROBOTO = {
  normal: require.resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'),
  bold: require.resolve('pdfmake/fonts/Roboto/Roboto-Medium.ttf'),
  italics: require.resolve('pdfmake/fonts/Roboto/Roboto-Italic.ttf'),
  bolditalics: require.resolve('pdfmake/fonts/Roboto/Roboto-MediumItalic.ttf'),
};
const FONT_FILES = new Set(Object.values(ROBOTO));

// pdfmake is one shared instance per process. A document never reaches the
// network, and reads no file but these fonts (an SVG or an image naming a
// path or a URL is refused).
pdfmake.setFonts({ Roboto: { ...ROBOTO } });
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => FONT_FILES.has(path));

// svg-to-pdfkit options pdfmake passes through: an <image> in a chart may only
// be inline data, and nothing is logged about what is left out.
const SVG_OPTIONS = {
  imageCallback: (link: string) => (link.startsWith('data:') ? link : ''),
  documentCallback: () => '',
  warningCallback: () => undefined,
};

/** Text as a PDF shows it: no control character but line ends, no lone surrogate, long text cut. */
function pdfText(value: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = wellFormed(value).replace(/[\u0000-\u0009\u000B-\u001F\u007F]/g, ' ');
  return clean.length > PDF_MAX_CELL_TEXT ? `${clean.slice(0, PDF_MAX_CELL_TEXT - 1)}…` : clean;
}

const count = (n: number) => n.toLocaleString('en-US');

const TABLE_FONT_SIZE = 7;

/**
 * The longest word (run of characters without a space) a table cell keeps
 * whole. pdfmake never makes a column narrower than its longest word, so a
 * few long ones (ids, dates, URLs) would push the table off the page: a cell
 * holding a longer word may break anywhere instead.
 */
function longestWhole(columnCount: number): number {
  const columnWidth = CONTENT_WIDTH / Math.max(1, columnCount) - 8;
  return Math.max(4, Math.floor(columnWidth / (TABLE_FONT_SIZE * 0.62)));
}

function hasLongWord(text: string, longest: number): boolean {
  return text.split(/\s+/).some((word) => word.length > longest);
}

function tableCell(text: string, longest: number, numeric: boolean): TableCell {
  const long = hasLongWord(text, longest);
  if (!long && !numeric) return text;
  return { text, ...(long ? { wordBreak: 'break-all' as const } : {}), ...(numeric ? { alignment: 'right' as const } : {}) };
}

/**
 * PDF, landscape A4: the title, the run's info lines, each chart (its title,
 * then the SVG fitted to the page), then the table, its header row repeated
 * on every page. Reads at most PDF_MAX_ROWS rows, then stops reading (the
 * rows iterator is closed, and a database cursor behind it with it); when
 * the run has more, the first page says so.
 */
export async function writePdf(meta: ExportMeta, rows: AsyncIterable<ReportRow>, out: Writable): Promise<ExportResult> {
  const columns = meta.columns;
  const longest = longestWhole(columns.length);
  const body: TableCell[][] = [
    columns.map((column) => {
      const label = pdfText(column.label);
      return { text: label, style: 'tableHeader', ...(hasLongWord(label, longest) ? { wordBreak: 'break-all' as const } : {}) };
    }),
  ];
  let more = false;
  for await (const row of rows) {
    if (body.length > PDF_MAX_ROWS) {
      // One row past the cap says that there are more; `break` closes the iterator.
      more = true;
      break;
    }
    body.push(
      columns.map((column) => {
        const cell = cellOf(row, column.key);
        return tableCell(pdfText(cellText(cell)), longest, typeof cell === 'number');
      }),
    );
  }
  const printed = body.length - 1;
  const total = Math.max(meta.rowCount, printed + (more ? 1 : 0));

  const content: Content[] = [
    { text: pdfText(meta.title), style: 'title' },
    { text: `Generated ${meta.generatedAt.toISOString()} · ${count(total)} ${total === 1 ? 'row' : 'rows'}`, style: 'subtitle' },
  ];
  if (printed < total) {
    content.push({
      text: `First ${count(printed)} of ${count(total)} rows: export CSV or XLSX for all of them.`,
      style: 'cap',
    });
  }
  if (meta.info.length > 0) {
    content.push({
      table: {
        widths: ['auto', '*'],
        body: meta.info.map(([label, value]) => [{ text: pdfText(label), bold: true }, pdfText(value)]),
      },
      layout: 'noBorders',
      margin: [0, 0, 0, 12],
    });
  }
  for (const chart of meta.charts) {
    const picture: ContentSvg & { options: typeof SVG_OPTIONS } = {
      svg: chart.svg,
      fit: [CONTENT_WIDTH, CHART_MAX_HEIGHT],
      options: SVG_OPTIONS,
    };
    content.push({ text: pdfText(chart.title), style: 'chartTitle' }, picture);
  }
  if (columns.length > 0) {
    content.push({
      table: { headerRows: 1, widths: columns.map(() => '*'), body },
      layout: 'lightHorizontalLines',
      style: 'table',
      margin: [0, 12, 0, 0],
    });
  }

  const definition: TDocumentDefinitions = {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [MARGIN, MARGIN, MARGIN, MARGIN + 10],
    info: { title: wellFormed(meta.title), creator: 'Maestro', producer: 'Maestro' },
    content,
    footer: (page, pages) => ({
      text: `${pdfText(meta.title)} · ${page} / ${pages}`,
      style: 'footer',
      margin: [MARGIN, 10, MARGIN, 0],
    }),
    defaultStyle: { font: 'Roboto', fontSize: 9 },
    styles: {
      title: { fontSize: 18, bold: true, margin: [0, 0, 0, 4] },
      subtitle: { fontSize: 9, color: '#555555', margin: [0, 0, 0, 8] },
      cap: { fontSize: 10, bold: true, color: '#a03000', margin: [0, 0, 0, 8] },
      chartTitle: { fontSize: 11, bold: true, margin: [0, 10, 0, 4] },
      table: { fontSize: TABLE_FONT_SIZE },
      tableHeader: { bold: true, fillColor: '#eeeeee' },
      footer: { fontSize: 7, color: '#777777' },
    },
  };
  const document = await pdfmake.createPdf(definition).getStream();
  const done = pipeline(document, out);
  document.end();
  await done;
  return { rows: printed, skipped: 0 };
}
