import type { ReportFieldKind } from '../../gql/graphql.ts';
import { formatDateTime } from '../../shared/format.ts';

/**
 * The cells of a run's table as the page shows them: each row is a list of
 * cells in the order of the run's columns (text, number, boolean, list of
 * text, or null; dates as ISO text).
 */

export const ROWS_PER_PAGE = 100;

/** A cell in words: lists joined with commas, Yes/No, dates readable, nothing for null. */
export function formatCell(cell: unknown, kind: ReportFieldKind): string {
  if (cell === null || cell === undefined) return '';
  if (Array.isArray(cell)) return cell.map((item) => formatCell(item, kind === 'LIST' ? 'TEXT' : kind)).filter((text) => text !== '').join(', ');
  if (typeof cell === 'boolean') return cell ? 'Yes' : 'No';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'string') {
    if (kind === 'DATE') {
      const text = formatDateTime(cell);
      return text === '—' ? cell : text;
    }
    return cell;
  }
  return JSON.stringify(cell);
}

/** The cells of a row, one per column (missing cells empty). */
export function rowCells(row: unknown, columns: number): unknown[] {
  const cells = Array.isArray(row) ? row : [];
  return Array.from({ length: columns }, (_, index) => cells[index] ?? null);
}

/** "Rows 1–100 of 250", "Row 3 of 3", "No rows". */
export function rowRange(offset: number, shown: number, total: number): string {
  if (total === 0 || shown === 0) return 'No rows';
  const from = offset + 1;
  const to = offset + shown;
  return from === to ? `Row ${from} of ${total}` : `Rows ${from}–${to} of ${total}`;
}

/** The offset of the previous page, or null on the first. */
export function previousOffset(offset: number, size = ROWS_PER_PAGE): number | null {
  return offset <= 0 ? null : Math.max(0, offset - size);
}
