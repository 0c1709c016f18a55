import type { InventoryTypeDef, ScalarField } from './inventory-model.ts';

/** The columns a list can show, from the type's declaration. */

export type ColumnContent = { kind: 'field'; field: ScalarField } | { kind: 'owner' } | { kind: 'role' } | { kind: 'date' };

export interface ColumnDef {
  /** The field path (`os.base`) or a built-in column (`owner`, `myRole`, `createdAt`, `updatedAt`). */
  id: string;
  label: string;
  /** The `orderBy.field` value when the list can sort by it. */
  sort?: string;
  content: ColumnContent;
}

/** Sorts every type offers. */
export const NAME_SORT = 'NAME';
const COMMON_SORTS: Readonly<Record<string, string>> = { createdAt: 'CREATED_AT', updatedAt: 'UPDATED_AT' };

const BUILT_IN: readonly ColumnDef[] = [
  { id: 'owner', label: 'Owner', content: { kind: 'owner' } },
  { id: 'myRole', label: 'Your role', content: { kind: 'role' } },
  { id: 'createdAt', label: 'Created', content: { kind: 'date' } },
  { id: 'updatedAt', label: 'Updated', content: { kind: 'date' } },
];

/**
 * Every column but the name (always shown first): the type's scalar fields,
 * the fields of its groups ("Operating system · Base"), then owner, role and
 * dates. Lists of objects are left to the detail page.
 */
export function columnsOf(def: InventoryTypeDef): ColumnDef[] {
  const sorts = { ...COMMON_SORTS, ...def.sorts };
  const columns: ColumnDef[] = [];
  const add = (id: string, label: string, field: ScalarField) => {
    const sort = sorts[id];
    columns.push({ id, label, content: { kind: 'field', field }, ...(sort ? { sort } : {}) });
  };
  for (const field of def.fields) {
    if (field.name === def.nameField || field.kind === 'rows') continue;
    if (field.kind === 'group') {
      for (const sub of field.fields) add(`${field.name}.${sub.name}`, `${field.label} · ${sub.label}`, sub);
    } else {
      add(field.name, field.label, field);
    }
  }
  for (const column of BUILT_IN) {
    const sort = sorts[column.id];
    columns.push(sort ? { ...column, sort } : column);
  }
  return columns;
}

/** The chosen column ids that still exist, in the order of `available`; the defaults when none is left. */
export function resolveColumns(available: readonly ColumnDef[], chosen: readonly string[] | null, defaults: readonly string[]): ColumnDef[] {
  const wanted = new Set(chosen ?? defaults);
  const picked = available.filter((column) => wanted.has(column.id));
  if (picked.length > 0 || (chosen !== null && chosen.length === 0)) return picked;
  return available.filter((column) => defaults.includes(column.id));
}

/** Stored choices are untrusted text: an array of strings, or null. */
export function parseColumnChoice(stored: string | null): string[] | null {
  if (!stored) return null;
  try {
    const value: unknown = JSON.parse(stored);
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : null;
  } catch {
    return null;
  }
}
