import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { ReportRow } from '../report-table.js';
import { cellOf, cellText } from './cell-text.js';
import type { ExportMeta, ExportResult } from './export-meta.js';
import { pipeOut } from './pipe-out.js';

// What makes a spreadsheet read a text cell as a formula (OWASP, CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell a spreadsheet would take for a formula gets a leading `'`; other text is left alone. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * CSV: UTF-8 with a byte order mark (so that Excel reads accents), CRLF
 * line ends, a header line of column labels, then one line per row. Text
 * cells (and lists, joined) that a spreadsheet would read as a formula are
 * neutralized; numbers and booleans are written as they are, so -5 stays -5.
 */
export async function writeCsv(meta: ExportMeta, rows: AsyncIterable<ReportRow>, out: Writable): Promise<ExportResult> {
  const columns = meta.columns;
  let written = 0;
  async function* records(): AsyncGenerator<string[]> {
    yield columns.map((column) => neutralizeFormula(column.label));
    for await (const row of rows) {
      yield columns.map((column) => {
        const cell = cellOf(row, column.key);
        const text = cellText(cell);
        return typeof cell === 'string' || Array.isArray(cell) ? neutralizeFormula(text) : text;
      });
      written += 1;
    }
  }
  await pipeOut(records(), out, stringify({ bom: true, record_delimiter: 'windows' }));
  return { rows: written, skipped: 0 };
}
