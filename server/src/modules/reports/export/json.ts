import type { Writable } from 'node:stream';
import type { Cell, ReportRow } from '../report-table.js';
import { cellOf, finiteNumber } from './cell-text.js';
import type { ExportMeta, ExportResult } from './export-meta.js';
import { pipeOut } from './pipe-out.js';

function jsonValue(cell: Cell): string {
  if (typeof cell === 'number') return JSON.stringify(finiteNumber(cell));
  return JSON.stringify(cell);
}

/**
 * JSON: one array of objects, one per row, keyed by column key in column
 * order, with typed values (numbers, booleans, lists as arrays, dates as
 * ISO text, null). One row a line; `[]` for a run without rows.
 */
export async function writeJson(meta: ExportMeta, rows: AsyncIterable<ReportRow>, out: Writable): Promise<ExportResult> {
  // Keys are encoded once; objects are written by hand so that a key such as
  // `__proto__` is an ordinary one and the column order is kept.
  const keys = meta.columns.map((column) => [column.key, JSON.stringify(column.key)] as const);
  let written = 0;
  async function* chunks(): AsyncGenerator<string> {
    yield '[';
    for await (const row of rows) {
      const fields = keys.map(([key, encoded]) => `${encoded}:${jsonValue(cellOf(row, key))}`);
      yield `${written === 0 ? '\n' : ',\n'}{${fields.join(',')}}`;
      written += 1;
    }
    yield written === 0 ? ']\n' : '\n]\n';
  }
  await pipeOut(chunks(), out);
  return { rows: written, skipped: 0 };
}
