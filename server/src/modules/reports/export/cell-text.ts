import type { Cell, ReportRow } from '../report-table.js';

/**
 * How a cell reads as text, the same in every export that writes text
 * (CSV, XML, PDF, XLSX lists): lists joined with "; ", booleans `true` or
 * `false`, numbers as JavaScript writes them (not a finite number: empty),
 * null empty, dates as the ISO text they are given in.
 */

export const LIST_SEPARATOR = '; ';

/** The cell of `row` under `key`; only the row's own keys count (a key such as `constructor` is not read from the prototype). */
export function cellOf(row: ReportRow, key: string): Cell {
  return Object.hasOwn(row, key) ? (row[key] ?? null) : null;
}

export function cellText(cell: Cell): string {
  if (cell == null) return '';
  if (Array.isArray(cell)) return cell.join(LIST_SEPARATOR);
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return cell;
}

/** A finite number, or null (NaN and infinities have no place in JSON, XLSX or an inventory). */
export function finiteNumber(cell: Cell): number | null {
  return typeof cell === 'number' && Number.isFinite(cell) ? cell : null;
}

// Lone surrogates (a high one not followed by a low one, a low one not preceded by a high one).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with every lone surrogate (which UTF-8 cannot carry) replaced by U+FFFD. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

// What XML 1.0 forbids: control characters other than tab, LF and CR, lone
// surrogates, U+FFFE and U+FFFF.
const XML_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** The text without the characters XML 1.0 cannot hold (for XML and XLSX, which is XML inside). */
export function xmlChars(text: string): string {
  return text.replace(XML_FORBIDDEN, '');
}
