import type { Filter } from 'mongodb';
import { InputError } from '../../../graphql/errors.js';
import { escapeRegex } from '../../../shared/validate.js';
import type { EntityDef, InventoryDoc } from './entity-def.js';
import type { EnumSpec, ScalarSpec } from './field-spec.js';

/** One filterable field of a type: its GraphQL name, document path and kind. */
export interface FilterField {
  name: string;
  path: string;
  spec: ScalarSpec;
}

/** One sortable field: the enum value of `orderBy.field`, the document path, and what its values are. */
export interface SortField {
  value: string;
  path: string;
  kind: 'text' | 'number' | 'boolean' | 'date';
  /** Whether an item may have no value there (it sorts first). */
  nullable: boolean;
}

function sortKind(spec: ScalarSpec): SortField['kind'] {
  switch (spec.kind) {
    case 'int':
    case 'float':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'text';
  }
}

export interface StringFilter {
  equals?: string | null;
  contains?: string | null;
  in?: string[] | null;
}
export interface NumberFilter {
  gte?: number | null;
  lte?: number | null;
}
export interface DateFilter {
  before?: Date | null;
  after?: Date | null;
}
export interface ListFilter {
  all?: string[] | null;
  any?: string[] | null;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const constant = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/** Filterable fields of a type, nested ones flattened (`os.base` → `osBase`). */
export function filterFields(def: EntityDef): FilterField[] {
  const out: FilterField[] = [];
  for (const [name, spec] of Object.entries(def.fields)) {
    if (spec.kind === 'object' || spec.kind === 'objects') {
      if (spec.kind === 'objects') continue;
      for (const [sub, subSpec] of Object.entries(spec.fields)) {
        if (subSpec.filter) out.push({ name: `${name}${capital(sub)}`, path: `${name}.${sub}`, spec: subSpec });
      }
    } else if (spec.filter) {
      out.push({ name, path: name, spec });
    }
  }
  return out;
}

export function sortFields(def: EntityDef): SortField[] {
  const out: SortField[] = [
    { value: 'NAME', path: 'nameLower', kind: 'text', nullable: false },
    { value: 'CREATED_AT', path: 'createdAt', kind: 'date', nullable: false },
    { value: 'UPDATED_AT', path: 'updatedAt', kind: 'date', nullable: false },
  ];
  for (const [name, spec] of Object.entries(def.fields)) {
    if (name === def.nameField || spec.kind === 'object' || spec.kind === 'objects' || spec.kind === 'strings' || !spec.sort) continue;
    out.push({ value: constant(name), path: name, kind: sortKind(spec), nullable: !spec.required });
  }
  return out;
}

export interface CommonFilter {
  active?: boolean | null;
  createdAt?: DateFilter | null;
  updatedAt?: DateFilter | null;
  /** Free text, like `search`, within this type. */
  text?: string | null;
}

function bad(path: string, message: string): never {
  throw new InputError(`${path} ${message}.`, [{ path, message }]);
}

/**
 * Turns a typed filter input into a MongoDB filter. Only declared fields
 * are read, each with the operators of its kind; user text is escaped
 * before it reaches a regular expression.
 */
export function toMongoFilter(def: EntityDef, fields: FilterField[], input: (CommonFilter & Record<string, unknown>) | null | undefined): Filter<InventoryDoc> {
  const filter: Record<string, unknown> = { type: def.type, active: input?.active ?? true };
  if (!input) return filter as Filter<InventoryDoc>;
  const and: Array<Record<string, unknown>> = [];
  for (const field of fields) {
    const value = input[field.name];
    if (value === null || value === undefined) continue;
    const path = `filter.${field.name}`;
    switch (field.spec.kind) {
      case 'string': {
        const f = value as StringFilter;
        if (f.equals != null) and.push({ [field.path]: { $regex: `^${escapeRegex(f.equals.trim())}$`, $options: 'i' } });
        if (f.contains != null) and.push({ [field.path]: { $regex: escapeRegex(f.contains.trim()), $options: 'i' } });
        if (f.in != null) and.push({ [field.path]: { $in: f.in.map((v) => v.trim()) } });
        break;
      }
      case 'enum': {
        const values = value as string[];
        const allowed = (field.spec as EnumSpec).values;
        if (values.some((v) => !allowed.includes(v))) bad(path, `must hold values of ${allowed.join(', ')}`);
        and.push({ [field.path]: { $in: values } });
        break;
      }
      case 'boolean':
        and.push({ [field.path]: value });
        break;
      case 'int':
      case 'float': {
        const f = value as NumberFilter;
        const range: Record<string, number> = {};
        if (f.gte != null) range.$gte = f.gte;
        if (f.lte != null) range.$lte = f.lte;
        if (Object.keys(range).length > 0) and.push({ [field.path]: range });
        break;
      }
      case 'strings': {
        const f = value as ListFilter;
        if (f.all != null && f.all.length > 0) and.push({ [field.path]: { $all: f.all } });
        if (f.any != null && f.any.length > 0) and.push({ [field.path]: { $in: f.any } });
        break;
      }
    }
  }
  for (const key of ['createdAt', 'updatedAt'] as const) {
    const f = input[key];
    if (!f) continue;
    const range: Record<string, Date> = {};
    if (f.after) range.$gt = f.after;
    if (f.before) range.$lt = f.before;
    if (Object.keys(range).length > 0) and.push({ [key]: range });
  }
  if (input.text != null && input.text.trim() !== '') {
    and.push({ keywords: { $regex: escapeRegex(input.text.trim().toLowerCase()) } });
  }
  if (and.length > 0) filter.$and = and;
  return filter as Filter<InventoryDoc>;
}
