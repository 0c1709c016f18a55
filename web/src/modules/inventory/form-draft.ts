import { formatList, parseList } from '../../shared/format.ts';
import type { FieldDef, InventoryTypeDef, ScalarField } from './inventory-model.ts';
import { isStringList, recordsAt, valueAt } from './item-values.ts';

/**
 * A form's state as the user types it — text for every control — and the
 * API input made from it. Paths name controls and errors alike: `hostname`,
 * `os.base` (a group), `storage.0.sizeGb` (a row), as the API's
 * `extensions.fields[].path` does after `input.`.
 */

export type RowDraft = Readonly<Record<string, string>>;

export interface FormDraft {
  /** Scalar fields and the fields of groups, by path. */
  values: Readonly<Record<string, string>>;
  /** Lists of objects, by field name. */
  rows: Readonly<Record<string, readonly RowDraft[]>>;
}

export interface DraftInput {
  input: Record<string, unknown>;
  /** What the form can tell before asking the API, by path. */
  problems: Record<string, string>;
}

function rawOf(field: ScalarField, value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (field.kind) {
    case 'text':
    case 'enum':
      return typeof value === 'string' ? value : '';
    case 'number':
      return typeof value === 'number' ? String(value) : '';
    case 'boolean':
      return typeof value === 'boolean' ? String(value) : '';
    case 'list':
      return isStringList(value) ? formatList(value) : '';
  }
}

function parseScalar(field: ScalarField, raw: string, path: string, problems: Record<string, string>): unknown {
  const text = raw.trim();
  if (field.kind === 'list') return parseList(raw);
  if (!text) {
    if (field.required) problems[path] = field.kind === 'enum' ? `Choose a ${field.label.toLowerCase()}` : 'Required';
    return null;
  }
  switch (field.kind) {
    case 'text':
    case 'enum':
      return text;
    case 'boolean':
      return text === 'true';
    case 'number': {
      const value = Number(text);
      if (!Number.isFinite(value)) problems[path] = 'Must be a number';
      else if (field.integer && !Number.isInteger(value)) problems[path] = 'Must be a whole number';
      else if (field.min !== undefined && value < field.min) problems[path] = `Must be at least ${field.min}`;
      else if (field.max !== undefined && value > field.max) problems[path] = `Must be at most ${field.max}`;
      return value;
    }
  }
}

export function emptyRow(fields: readonly ScalarField[]): RowDraft {
  return Object.fromEntries(fields.map((field) => [field.name, '']));
}

/** The draft of an existing item, or of a new one when `item` is undefined. */
export function draftOf(def: InventoryTypeDef, item?: unknown): FormDraft {
  const values: Record<string, string> = {};
  const rows: Record<string, RowDraft[]> = {};
  for (const field of def.fields) {
    if (field.kind === 'group') {
      for (const sub of field.fields) values[`${field.name}.${sub.name}`] = rawOf(sub, valueAt(item, `${field.name}.${sub.name}`));
    } else if (field.kind === 'rows') {
      rows[field.name] = recordsAt(item, field.name).map((record) => Object.fromEntries(field.fields.map((sub) => [sub.name, rawOf(sub, record[sub.name])])));
    } else {
      values[field.name] = rawOf(field, valueAt(item, field.name));
    }
  }
  return { values, rows };
}

function isEmptyRow(row: RowDraft): boolean {
  return Object.values(row).every((value) => !value.trim());
}

/** The draft without rows left blank, so that row numbers match what is sent. */
export function pruneDraft(draft: FormDraft): FormDraft {
  const rows: Record<string, readonly RowDraft[]> = {};
  for (const [name, list] of Object.entries(draft.rows)) rows[name] = list.filter((row) => !isEmptyRow(row));
  return { values: draft.values, rows };
}

function isEmptyValue(value: unknown): boolean {
  return value === null || (Array.isArray(value) && value.length === 0);
}

function fieldInput(field: FieldDef, draft: FormDraft, problems: Record<string, string>): unknown {
  if (field.kind === 'group') {
    const object: Record<string, unknown> = {};
    for (const sub of field.fields) {
      const path = `${field.name}.${sub.name}`;
      object[sub.name] = parseScalar(sub, draft.values[path] ?? '', path, problems);
    }
    return Object.values(object).every(isEmptyValue) ? null : object;
  }
  if (field.kind === 'rows') {
    return (draft.rows[field.name] ?? []).map((row, index) =>
      Object.fromEntries(field.fields.map((sub) => [sub.name, parseScalar(sub, row[sub.name] ?? '', `${field.name}.${index}.${sub.name}`, problems)])),
    );
  }
  return parseScalar(field, draft.values[field.name] ?? '', field.name, problems);
}

/** Every field's value: null or [] for empty ones. */
export function inputOf(def: InventoryTypeDef, draft: FormDraft): DraftInput {
  const input: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  for (const field of def.fields) input[field.name] = fieldInput(field, draft, problems);
  return { input, problems };
}

/** For a create: empty fields are left out. */
export function createInput(def: InventoryTypeDef, draft: FormDraft): DraftInput {
  const { input, problems } = inputOf(def, draft);
  return { input: Object.fromEntries(Object.entries(input).filter(([, value]) => !isEmptyValue(value))), problems };
}

/** For an update: only the fields that changed (emptied ones as null or []); groups and rows go whole. */
export function updateInput(def: InventoryTypeDef, draft: FormDraft, initial: FormDraft): DraftInput {
  const { input, problems } = inputOf(def, draft);
  const before = inputOf(def, initial).input;
  const changed = Object.entries(input).filter(([name, value]) => JSON.stringify(value) !== JSON.stringify(before[name]));
  return { input: Object.fromEntries(changed), problems };
}

/** The paths a form shows errors at: every control, and every group and list as a whole. */
export function errorPathsOf(def: InventoryTypeDef, draft: FormDraft): string[] {
  const paths: string[] = [];
  for (const field of def.fields) {
    paths.push(field.name);
    if (field.kind === 'group') for (const sub of field.fields) paths.push(`${field.name}.${sub.name}`);
    if (field.kind === 'rows') {
      (draft.rows[field.name] ?? []).forEach((_, index) => {
        for (const sub of field.fields) paths.push(`${field.name}.${index}.${sub.name}`);
      });
    }
  }
  return paths;
}
