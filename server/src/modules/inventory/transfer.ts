import { parse as parseCsv } from 'csv-parse/sync';
import { stringify } from 'csv-stringify';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import { InputError, type FieldProblem } from '../../graphql/errors.js';
import type { Scope } from '../access/scope.js';
import type { EntityDef, InventoryDoc } from './engine/entity-def.js';
import type { FieldSpec, ScalarSpec } from './engine/field-spec.js';
import type { CommonFilter } from './engine/filters.js';
import { MAX_IMPORT_ROWS, encodeSortCursor, type InventoryService, type OrderBy } from './engine/inventory.service.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';

/**
 * Bulk import and export of inventory items as CSV or JSON. CSV columns are
 * the type's field names; nested fields use dots (`os.base`); lists are
 * separated by `;`; lists of objects are JSON in one cell.
 */

export const TRANSFER_FORMATS = ['CSV', 'JSON'] as const;
export type TransferFormat = (typeof TRANSFER_FORMATS)[number];

/** Columns an export writes besides the type's fields: an import checks them, and changes none of them. */
const READ_ONLY_COLUMNS = ['id', 'active', 'createdAt', 'updatedAt'] as const;

const ISO_DATE = z.union([z.iso.datetime({ offset: true, local: true }), z.iso.date()]);

/** `true`, `yes`, `1` and `false`, `no`, `0`, ignoring case; else the cell itself (refused by validation). */
function booleanOfCell(cell: string): boolean | string {
  const v = cell.trim().toLowerCase();
  if (['true', 'yes', '1'].includes(v)) return true;
  if (['false', 'no', '0'].includes(v)) return false;
  return cell;
}

function scalarFromCell(spec: ScalarSpec, cell: string): unknown {
  switch (spec.kind) {
    case 'int':
    case 'float': {
      const n = Number(cell);
      return Number.isFinite(n) && cell.trim() !== '' ? n : cell;
    }
    case 'boolean':
      return booleanOfCell(cell);
    case 'strings':
      return cell.split(';').map((v) => v.trim()).filter(Boolean);
    default:
      return cell;
  }
}

/** Sets an own key, whatever its name (`__proto__` included), so that validation sees and reports it. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Problems met while reading the rows of a file, by 1-based row, before their values are checked. */
export type ReadProblems = Map<number, FieldProblem[]>;

function addProblem(problems: ReadProblems, row: number, path: string, message: string): void {
  problems.set(row, [...(problems.get(row) ?? []), { path, message }]);
}

/** One CSV record (the header's columns, the row's cells) as the input of a create. */
function rowFromCsv(def: EntityDef, header: readonly string[], cells: readonly string[], row: number, problems: ReadProblems): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  header.forEach((column, i) => {
    const cell = cells[i];
    if (cell === undefined) return;
    if ((READ_ONLY_COLUMNS as readonly string[]).includes(column)) {
      if (cell === '') return;
      put(input, column, column === 'active' ? booleanOfCell(cell) : cell);
      return;
    }
    // A column the file has and a row leaves empty clears that field (an absent column leaves it).
    const empty = cell.trim() === '';
    const dot = column.indexOf('.');
    const name = dot < 0 ? column : column.slice(0, dot);
    const sub = dot < 0 ? undefined : column.slice(dot + 1);
    const spec: FieldSpec | undefined = Object.hasOwn(def.fields, name) ? def.fields[name] : undefined;
    if (!spec || (sub !== undefined && (spec.kind !== 'object' || !Object.hasOwn(spec.fields, sub)))) {
      put(input, column, cell); // reported as "not a field of this type"
    } else if (spec.kind === 'object') {
      if (sub === undefined) {
        addProblem(problems, row, `rows.${row}.${name}`, `goes in the columns ${Object.keys(spec.fields).map((f) => `${name}.${f}`).join(', ')}`);
        return;
      }
      const nested = (input[name] as Record<string, unknown> | undefined) ?? {};
      put(nested, sub, empty ? null : scalarFromCell(spec.fields[sub]!, cell));
      input[name] = nested;
    } else if (empty) {
      input[name] = null;
    } else if (spec.kind === 'objects') {
      try {
        input[name] = JSON.parse(cell);
      } catch {
        addProblem(problems, row, `rows.${row}.${name}`, 'must be a JSON list of objects');
      }
    } else {
      input[name] = scalarFromCell(spec, cell);
    }
  });
  return input;
}

/** Checks the read-only columns of a row (an id of this type, true or false, dates) and takes them off it. */
function takeReadOnlyColumns(def: EntityDef, input: Record<string, unknown>, row: number, problems: ReadProblems): void {
  for (const column of READ_ONLY_COLUMNS) {
    if (!Object.hasOwn(input, column)) continue;
    const value = input[column];
    delete input[column];
    if (value === null) continue;
    const path = `rows.${row}.${column}`;
    if (column === 'id') {
      if (typeof value !== 'string' || !isIdOfType(value, def.type)) addProblem(problems, row, path, `must be the id of a ${def.type}`);
    } else if (column === 'active') {
      if (typeof value !== 'boolean') addProblem(problems, row, path, 'must be true or false');
    } else if (!ISO_DATE.safeParse(value).success) {
      addProblem(problems, row, path, 'must be a date, e.g. 2024-05-01T12:00:00Z');
    }
  }
}

function isIdOfType(globalId: string, type: string): boolean {
  try {
    return fromGlobalId(globalId).type === type;
  } catch {
    return false;
  }
}

export interface ParsedImport {
  /** One create input per row, in file order. */
  rows: Array<Record<string, unknown>>;
  /** What was wrong in reading each row: the row is reported with these errors and written not. */
  problems: ReadProblems;
}

/**
 * Parses an import file into create inputs, one per row. What is wrong
 * with the file as a whole (too big, not CSV or JSON, not a list) refuses
 * it; what is wrong with a row (a cell count, a cell that is no JSON, a row
 * that is no object) is that row's error, and the other rows go on.
 */
export function parseImport(def: EntityDef, format: TransferFormat, data: string, maxBytes: number): ParsedImport {
  const bytes = Buffer.byteLength(data, 'utf8');
  if (bytes > maxBytes) {
    throw new InputError(`The file is ${bytes} bytes; the most an import takes is ${maxBytes} bytes. Split it.`, [{ path: 'input.data', message: `must be at most ${maxBytes} bytes` }]);
  }
  const problems: ReadProblems = new Map();
  let rows: Array<Record<string, unknown>>;
  if (format === 'JSON') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch (error) {
      throw new InputError(`input.data is not JSON: ${(error as Error).message}`, [{ path: 'input.data', message: 'is not valid JSON' }]);
    }
    if (!Array.isArray(parsed)) {
      throw new InputError('input.data must be a JSON list of objects.', [{ path: 'input.data', message: 'must be a JSON list of objects' }]);
    }
    rows = parsed.map((item: unknown, i) => {
      if (typeof item === 'object' && item !== null && !Array.isArray(item)) return item as Record<string, unknown>;
      addProblem(problems, i + 1, `rows.${i + 1}`, 'must be an object of fields');
      return {};
    });
  } else {
    let records: string[][];
    try {
      records = parseCsv(data, { skip_empty_lines: true, trim: true, bom: true, relax_column_count: true }) as string[][];
    } catch (error) {
      throw new InputError(`input.data is not CSV: ${(error as Error).message}`, [{ path: 'input.data', message: 'is not valid CSV' }]);
    }
    const [header = [], ...body] = records;
    const twice = header.find((column, i) => header.indexOf(column) !== i);
    if (twice !== undefined) {
      throw new InputError(`The CSV header names the column ${twice} twice.`, [{ path: 'input.data', message: `names the column ${twice} twice` }]);
    }
    rows = body.map((cells, i) => {
      if (cells.length !== header.length) addProblem(problems, i + 1, `rows.${i + 1}`, `has ${cells.length} cells; the header has ${header.length}`);
      return rowFromCsv(def, header, cells, i + 1, problems);
    });
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new InputError(`The file has ${rows.length} rows; the most an import takes is ${MAX_IMPORT_ROWS}.`, [{ path: 'input.data', message: `must hold at most ${MAX_IMPORT_ROWS} rows` }]);
  }
  rows.forEach((row, i) => takeReadOnlyColumns(def, row, i + 1, problems));
  return { rows, problems };
}

/** CSV columns of a type: id, its fields (nested ones dotted), then system fields. */
export function exportColumns(def: EntityDef): string[] {
  const columns = ['id'];
  for (const [name, spec] of Object.entries(def.fields)) {
    if (spec.kind === 'object') for (const sub of Object.keys(spec.fields)) columns.push(`${name}.${sub}`);
    else columns.push(name);
  }
  return [...columns, 'active', 'createdAt', 'updatedAt'];
}

function cellOf(doc: InventoryDoc, column: string): string {
  if (column === 'id') return toGlobalId(doc.type, doc._id);
  const value = column.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | null | undefined)?.[k], doc);
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.every((v) => typeof v !== 'object') ? value.join(';') : JSON.stringify(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function jsonOf(def: EntityDef, doc: InventoryDoc): Record<string, unknown> {
  const out: Record<string, unknown> = { id: toGlobalId(doc.type, doc._id) };
  for (const name of Object.keys(def.fields)) out[name] = doc[name] ?? null;
  return { ...out, active: doc.active, createdAt: doc.createdAt, updatedAt: doc.updatedAt };
}

/**
 * Streams every item of a filtered list to `out`, page by page (keyset
 * pagination), so that memory stays flat whatever the size of the list.
 */
export async function streamExport(
  inventory: InventoryService,
  scope: Scope,
  def: EntityDef,
  format: TransferFormat,
  filter: (CommonFilter & Record<string, unknown>) | null,
  orderBy: OrderBy | null,
  out: Writable,
): Promise<number> {
  const write = (chunk: string) => (out.write(chunk) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  const columns = exportColumns(def);
  const csv = format === 'CSV' ? stringify({ header: true, columns }) : null;
  if (csv) csv.pipe(out, { end: false });
  if (!csv) await write('[');
  let after: string | null = null;
  let count = 0;
  for (;;) {
    const page = await inventory.list(scope, def.type, filter, orderBy, 1000, after);
    for (const doc of page.items) {
      if (csv) {
        if (!csv.write(columns.map((c) => cellOf(doc, c)))) await new Promise<void>((r) => csv.once('drain', () => r()));
      } else {
        await write(`${count === 0 ? '' : ','}\n${JSON.stringify(jsonOf(def, doc))}`);
      }
      count += 1;
    }
    if (!page.hasNextPage || page.items.length === 0) break;
    after = encodeSortCursor(page.items.at(-1)!, page.sort);
  }
  if (csv) {
    await new Promise<void>((resolve) => {
      csv.once('end', () => resolve());
      csv.end();
    });
  } else {
    await write('\n]\n');
  }
  return count;
}
