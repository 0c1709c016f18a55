import { parse as parseCsv } from 'csv-parse/sync';
import { stringify } from 'csv-stringify';
import type { Writable } from 'node:stream';
import { InputError } from '../../graphql/errors.js';
import type { Scope } from '../access/scope.js';
import type { EntityDef, InventoryDoc } from './engine/entity-def.js';
import type { FieldSpec, ScalarSpec } from './engine/field-spec.js';
import type { CommonFilter } from './engine/filters.js';
import { MAX_IMPORT_ROWS, encodeSortCursor, type InventoryService, type OrderBy } from './engine/inventory.service.js';
import { toGlobalId } from '../../shared/ids.js';

/**
 * Bulk import and export of inventory items as CSV or JSON. CSV columns are
 * the type's field names; nested fields use dots (`os.base`); lists are
 * separated by `;`; lists of objects are JSON in one cell.
 */

export const TRANSFER_FORMATS = ['CSV', 'JSON'] as const;
export type TransferFormat = (typeof TRANSFER_FORMATS)[number];

function scalarFromCell(spec: ScalarSpec, cell: string): unknown {
  switch (spec.kind) {
    case 'int':
    case 'float': {
      const n = Number(cell);
      return Number.isFinite(n) && cell.trim() !== '' ? n : cell;
    }
    case 'boolean': {
      const v = cell.trim().toLowerCase();
      if (['true', 'yes', '1'].includes(v)) return true;
      if (['false', 'no', '0'].includes(v)) return false;
      return cell;
    }
    case 'strings':
      return cell.split(';').map((v) => v.trim()).filter(Boolean);
    default:
      return cell;
  }
}

/** One CSV record (column → text) as the input of a create. */
function rowFromCsv(def: EntityDef, record: Record<string, string>, row: number): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(record)) {
    if (cell === undefined || cell.trim() === '') continue;
    const [name, sub] = column.split('.', 2) as [string, string | undefined];
    const spec: FieldSpec | undefined = def.fields[name];
    if (!spec) {
      input[column] = cell; // reported as "not a field of this type"
      continue;
    }
    if (spec.kind === 'object') {
      const subSpec = sub ? spec.fields[sub] : undefined;
      if (!sub || !subSpec) {
        input[column] = cell;
        continue;
      }
      const nested = (input[name] as Record<string, unknown> | undefined) ?? {};
      nested[sub] = scalarFromCell(subSpec, cell);
      input[name] = nested;
    } else if (spec.kind === 'objects') {
      try {
        input[name] = JSON.parse(cell);
      } catch {
        throw new InputError(`Row ${row}: ${column} must be a JSON list.`, [{ path: `rows.${row}.${column}`, message: 'must be a JSON list' }]);
      }
    } else {
      input[name] = scalarFromCell(spec, cell);
    }
  }
  return input;
}

/** Parses an import file into create inputs, one per row. */
export function parseImport(def: EntityDef, format: TransferFormat, data: string, maxBytes: number): Array<Record<string, unknown>> {
  const bytes = Buffer.byteLength(data, 'utf8');
  if (bytes > maxBytes) {
    throw new InputError(`The file is ${bytes} bytes; the most an import takes is ${maxBytes} bytes. Split it.`, [{ path: 'input.data', message: `must be at most ${maxBytes} bytes` }]);
  }
  let rows: Array<Record<string, unknown>>;
  if (format === 'JSON') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch (error) {
      throw new InputError(`input.data is not JSON: ${(error as Error).message}`, [{ path: 'input.data', message: 'is not valid JSON' }]);
    }
    if (!Array.isArray(parsed) || parsed.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) {
      throw new InputError('input.data must be a JSON list of objects.', [{ path: 'input.data', message: 'must be a JSON list of objects' }]);
    }
    rows = parsed as Array<Record<string, unknown>>;
  } else {
    let records: Array<Record<string, string>>;
    try {
      records = parseCsv(data, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Array<Record<string, string>>;
    } catch (error) {
      throw new InputError(`input.data is not CSV: ${(error as Error).message}`, [{ path: 'input.data', message: 'is not valid CSV' }]);
    }
    rows = records.map((record, i) => rowFromCsv(def, record, i + 1));
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new InputError(`The file has ${rows.length} rows; the most an import takes is ${MAX_IMPORT_ROWS}.`, [{ path: 'input.data', message: `must hold at most ${MAX_IMPORT_ROWS} rows` }]);
  }
  return rows;
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
