import { EventEmitter, once } from 'node:events';
import type { Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import type { Cell, ColumnKind, ReportRow } from '../report-table.js';
import { cellOf, cellText, finiteNumber, xmlChars } from './cell-text.js';
import { watchDestination } from './destination.js';
import type { ExportMeta, ExportResult } from './export-meta.js';

/** The longest text an Excel cell holds. */
const XLSX_MAX_TEXT = 32_767;
/** Sheet XML that may wait on its way into the zip before reading rows pauses (see sheetIntake). */
const XLSX_MAX_PENDING_BYTES = 256 * 1024;
/** What the zip keeps ready for the destination (the zip library's own default is 1 MiB, a lot of rows once compressed). */
const XLSX_ZIP_BUFFER_BYTES = 64 * 1024;
const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';
/** Rows written between two turns of the event loop, when rows come faster than I/O (from memory). */
const XLSX_ROWS_PER_TURN = 500;

type CellValue = string | number | boolean | Date | null;

function text(value: string): string {
  return xmlChars(value).slice(0, XLSX_MAX_TEXT);
}

/**
 * A cell as exceljs writes it: numbers and booleans typed, a date column's
 * ISO text as a date, lists joined. Text is always a plain string, which
 * exceljs never writes as a formula (no `<f>`), whatever it starts with.
 */
function xlsxValue(cell: Cell, kind: ColumnKind): CellValue {
  if (cell == null) return null;
  if (typeof cell === 'number') return finiteNumber(cell);
  if (typeof cell === 'boolean') return cell;
  if (kind === 'date' && typeof cell === 'string') {
    const date = new Date(cell);
    if (!Number.isNaN(date.getTime())) return date;
  }
  return text(cellText(cell));
}

function columnWidth(kind: ColumnKind, label: string): number {
  const base = kind === 'date' ? 20 : kind === 'number' ? 12 : kind === 'boolean' ? 8 : 18;
  return Math.min(50, Math.max(base, label.length + 2));
}

/**
 * Where exceljs pours a worksheet's XML on its way into the zip. exceljs
 * (4.4) writes a sheet into a buffer of its own (`worksheet.stream`) that
 * feeds a stream of the zip library without heeding its back-pressure, so
 * a slow destination would let every row pile up in memory. The bytes
 * waiting in that stream tell how far the zip, and the destination behind
 * it, lag: reading rows pauses while there are too many. Reached through
 * exceljs internals, hence the care; the XLSX back-pressure test fails if
 * they change.
 */
interface Intake extends EventEmitter {
  writableLength?: number;
  _writableState?: { length?: number };
}

function sheetIntake(sheet: ExcelJS.Worksheet): Intake | undefined {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown } }).stream?.pipes;
  const first: unknown = Array.isArray(pipes) ? pipes[0] : undefined;
  return first instanceof EventEmitter ? (first as Intake) : undefined;
}

function pendingBytes(intake: Intake): number {
  return intake.writableLength ?? intake._writableState?.length ?? 0;
}

/**
 * XLSX, written by exceljs' streaming writer: sheet "Report" with a bold,
 * frozen header row of labels and an autofilter, one row per row committed
 * as it comes; sheet "Info" with the run's title, time, row count and info
 * lines. Only the rows not yet zipped are held in memory.
 */
export async function writeXlsx(meta: ExportMeta, rows: AsyncIterable<ReportRow>, out: Writable): Promise<ExportResult> {
  const destination = watchDestination(out);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: true,
    // Handed to the zip library (archiver) as its stream options; exceljs' types do not list it.
    zip: { highWaterMark: XLSX_ZIP_BUFFER_BYTES } as Partial<ExcelJS.stream.xlsx.ArchiverZipOptions>,
  });
  workbook.creator = 'Maestro';
  workbook.created = meta.generatedAt;
  const columns = meta.columns;
  const sheet = workbook.addWorksheet('Report', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({
    key: column.key,
    width: columnWidth(column.kind, column.label),
    ...(column.kind === 'date' ? { style: { numFmt: DATE_FORMAT } } : {}),
  }));
  if (columns.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const header = sheet.addRow(columns.map((column) => text(column.label)));
  header.font = { bold: true };
  header.commit();
  const intake = sheetIntake(sheet);

  let written = 0;
  for await (const row of rows) {
    const failure = destination.failure();
    if (failure) throw failure;
    const line = sheet.addRow(columns.map((column) => xlsxValue(cellOf(row, column.key), column.kind)));
    columns.forEach((column, i) => {
      if (column.kind === 'date') line.getCell(i + 1).numFmt = DATE_FORMAT;
    });
    line.commit();
    written += 1;
    if (intake && pendingBytes(intake) > XLSX_MAX_PENDING_BYTES) await destination.race(once(intake, 'drain'));
    // Lets the zip compress and `out` report a failure even when every row is at hand.
    else if (written % XLSX_ROWS_PER_TURN === 0) await nextTurn();
  }
  sheet.commit();

  const info = workbook.addWorksheet('Info');
  info.columns = [{ width: 24 }, { width: 80 }];
  const lines: Array<[string, string]> = [
    ['Report', meta.title],
    ['Generated at', meta.generatedAt.toISOString()],
    ['Rows', String(meta.rowCount)],
    ...meta.info,
  ];
  for (const [label, value] of lines) {
    const line = info.addRow([text(label), text(value)]);
    line.getCell(1).font = { bold: true };
    line.commit();
  }
  info.commit();

  await destination.race(workbook.commit());
  await destination.done;
  return { rows: written, skipped: 0 };
}
