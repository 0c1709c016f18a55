import type { CombinedError } from 'urql';
import type { ImportRowViewFragment, ImportStatus, TransferFormat } from '../../gql/graphql.ts';
import { readActionError } from '../../shared/forms/form-errors.ts';
import type { FieldDef, InventoryTypeDef } from './inventory-model.ts';
import { toFilterInput, type ListState } from './list-query.ts';

/**
 * Import and export of a whole list: what the API's export is asked for,
 * what an import file looks like for a type, and how an import's answer is
 * shown. Export is `GET /export/<plural>` (CSV or JSON, streamed); import is
 * the `importInventory` mutation.
 */

export const TRANSFER_FORMATS: readonly TransferFormat[] = ['CSV', 'JSON'];

export const FORMAT_LABELS: Readonly<Record<TransferFormat, string>> = { CSV: 'CSV', JSON: 'JSON' };

/** The file extension of a format: `csv`, `json`. */
export function extensionOf(format: TransferFormat): string {
  return format.toLowerCase();
}

/** The API's plural of a type, which names its list query and its export: `load-balancers` → `loadBalancers`. */
export function apiPluralOf(def: InventoryTypeDef): string {
  return def.route.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

/** The export of the list a page shows: the same filters, the same order, every page. */
export function exportUrl(def: InventoryTypeDef, state: ListState, format: TransferFormat): string {
  const params = new URLSearchParams({
    format: extensionOf(format),
    filter: JSON.stringify(toFilterInput(def, state)),
    orderBy: JSON.stringify({ field: state.sort, direction: state.direction }),
  });
  return `/export/${apiPluralOf(def)}?${params.toString()}`;
}

/**
 * The name to save an export under: the one the API gives in
 * Content-Disposition (`servers.csv`), else the list's route. Only a plain
 * file name is kept, never a path.
 */
export function exportFileName(def: InventoryTypeDef, format: TransferFormat, disposition: string | null): string {
  const fallback = `${def.route}.${extensionOf(format)}`;
  if (!disposition) return fallback;
  let name: string | undefined;
  const encoded = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)?.[1];
  if (encoded) {
    try {
      name = decodeURIComponent(encoded.trim());
    } catch {
      name = undefined;
    }
  }
  name ??= /filename\s*=\s*"([^"]*)"/.exec(disposition)?.[1] ?? /filename\s*=\s*([^;\s]+)/.exec(disposition)?.[1];
  const base = name?.split(/[/\\]/).pop()?.trim();
  return base && base !== '.' && base !== '..' ? base : fallback;
}

/** The message of a failed export: the API's own words when it gave some (a JSON `errors` list), else the HTTP status. */
export function exportErrorMessage(status: number, body: unknown): string {
  if (typeof body === 'object' && body !== null && 'errors' in body && Array.isArray(body.errors)) {
    const messages = body.errors.flatMap((error: unknown) =>
      typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string' ? [error.message] : [],
    );
    if (messages.length > 0) return `The export failed: ${messages.join(' ')}`;
  }
  if (status === 401) return 'The export failed: your session has ended. Sign in again.';
  return `The export failed (HTTP ${status}). Try again in a moment.`;
}

/** The format a file's name suggests; null when it suggests none. */
export function guessFormat(fileName: string): TransferFormat | null {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName.trim())?.[1]?.toLowerCase();
  if (extension === 'csv') return 'CSV';
  if (extension === 'json') return 'JSON';
  return null;
}

/**
 * Every column an import file may have, in the order of the form: fields by
 * name, the fields of groups dotted (`os.base`), lists of objects as one
 * column (JSON in the cell).
 */
export function importColumnsOf(def: InventoryTypeDef): string[] {
  return def.fields.flatMap((field) => (field.kind === 'group' ? field.fields.map((sub) => `${field.name}.${sub.name}`) : [field.name]));
}

/**
 * A short header that shows how columns are named: the name field, the
 * required fields, then the first field of each kind (a choice, text, a
 * number, yes/no, a list, a field of a group), in the order of the form,
 * leaving out what a provider says (the fields under a section).
 */
export function exampleColumns(def: InventoryTypeDef): string[] {
  const picked = new Set<string>([def.nameField]);
  for (const field of def.fields) if (field.required) picked.add(field.name);
  const kinds = new Set<string>();
  const take = (field: FieldDef, column: string) => {
    if (picked.has(column) || kinds.has(field.kind)) return;
    kinds.add(field.kind);
    picked.add(column);
  };
  for (const field of def.fields) {
    // What a provider says (the fields under a section) is discovery's to fill, not an example's.
    if (field.kind === 'rows' || field.name === def.nameField || field.required || field.section) continue;
    const sub = field.kind === 'group' ? field.fields[0] : undefined;
    if (field.kind === 'group') {
      if (sub) take(field, `${field.name}.${sub.name}`);
    } else {
      take(field, field.name);
    }
  }
  return importColumnsOf(def).filter((column) => picked.has(column));
}

/** The example header line of a type's CSV. */
export function exampleHeader(def: InventoryTypeDef): string {
  return exampleColumns(def).join(',');
}

/** `rows.3.os.base` → `os.base`; `rows.3` (the whole row) → "". */
export function columnOfPath(path: string | null | undefined): string {
  if (!path) return '';
  const match = /^rows\.\d+(?:\.(.*))?$/.exec(path);
  if (!match) return path.startsWith('input.') ? path.slice('input.'.length) : path;
  return match[1] ?? '';
}

/** Rows the reader should look at: those with errors or warnings, in file order. */
export function rowsToReview(rows: readonly ImportRowViewFragment[]): ImportRowViewFragment[] {
  return rows.filter((row) => row.errors.length > 0 || row.warnings.length > 0).sort((a, b) => a.row - b.row);
}

const WRITTEN: ReadonlySet<ImportStatus> = new Set(['CREATED', 'UPDATED']);

/** Rows that created or changed an item the reader can open. */
export function writtenRows(rows: readonly ImportRowViewFragment[]): Array<ImportRowViewFragment & { id: string }> {
  return rows.filter((row): row is ImportRowViewFragment & { id: string } => WRITTEN.has(row.status) && row.id !== null);
}

/** The warning an import gives for a value it kept because its field is locked against imports. */
export const KEPT_BY_LOCK = 'KEPT_BY_LOCK';

export interface KeptByLock {
  row: number;
  /** The item whose fields were kept. */
  id: string | null;
  /** Field names, in the order the row's warnings give them. */
  fields: string[];
}

/** Rows whose item kept some values because their fields are locked, in file order, with those fields. */
export function keptByLockRows(rows: readonly ImportRowViewFragment[]): KeptByLock[] {
  return rows
    .map((row) => ({
      row: row.row,
      id: row.id,
      fields: row.warnings.filter((warning) => warning.code === KEPT_BY_LOCK).map((warning) => columnOfPath(warning.path)),
    }))
    .filter((kept) => kept.fields.length > 0)
    .sort((a, b) => a.row - b.row);
}

export const IMPORT_STATUS_LABELS: Readonly<Record<ImportStatus, string>> = {
  CREATED: 'Created',
  UPDATED: 'Updated',
  UNCHANGED: 'Unchanged',
  ERROR: 'Not imported',
};

const TOO_LARGE = 'The file is too large to send in one import. Split it into smaller files.';

/**
 * What went wrong with a whole import (the file too large, not CSV, a
 * read-only workspace): the API's sentences as they are, which say more than
 * the field they name; a generic one when it could not be reached or failed.
 */
export function importErrorMessage(error: CombinedError | undefined | null): string | null {
  if (!error) return null;
  // Larger than any request the API reads: refused before GraphQL sees it.
  const response: unknown = error.response;
  if (typeof response === 'object' && response !== null && 'status' in response && response.status === 413) return TOO_LARGE;
  const messages = error.graphQLErrors
    .filter((graphQLError) => graphQLError.extensions.code !== 'INTERNAL_SERVER_ERROR')
    .map((graphQLError) => graphQLError.message.trim())
    .filter(Boolean);
  if (messages.length > 0) return [...new Set(messages)].join(' ');
  return readActionError(error);
}
