import { isIP } from 'node:net';
import type { Validator } from '../../../shared/validate.js';

/**
 * A small language to declare the fields of an inventory type once: it
 * drives validation, the stored document, the GraphQL types, filters,
 * sorting, search, import and export.
 */

interface Common {
  description?: string;
  required?: boolean;
  /** Offered as a filter in `<type>s(filter: ...)`. */
  filter?: boolean;
  /** Offered in `orderBy`. */
  sort?: boolean;
  /** Matched by `search(query)`. */
  search?: boolean;
}

export interface StringSpec extends Common {
  kind: 'string';
  max?: number;
  format?: 'hostname' | 'ipv4' | 'url' | 'version';
}
export interface NumberSpec extends Common {
  kind: 'int' | 'float';
  min?: number;
  max?: number;
}
export interface BooleanSpec extends Common {
  kind: 'boolean';
}
export interface EnumSpec extends Common {
  kind: 'enum';
  /** GraphQL name of the enum. */
  name: string;
  values: readonly string[];
}
export interface StringListSpec extends Common {
  kind: 'strings';
  /** Values become keys of documents or filters: no `$` start, no `.`. */
  keys?: boolean;
  maxItems?: number;
  format?: 'ipv4' | 'url';
}
interface ObjectSpecBase extends Common {
  /** GraphQL name of the nested type; `<name>Input` for its input. */
  name: string;
  fields: Record<string, ScalarSpec>;
  maxItems?: number;
}

export interface ObjectOneSpec extends ObjectSpecBase {
  kind: 'object';
}
export interface ObjectListSpec extends ObjectSpecBase {
  kind: 'objects';
}
export type ObjectSpec = ObjectOneSpec | ObjectListSpec;

export type ScalarSpec = StringSpec | NumberSpec | BooleanSpec | EnumSpec | StringListSpec;
export type FieldSpec = ScalarSpec | ObjectSpec;
export type FieldSpecs = Record<string, FieldSpec>;

export const str = (o: Omit<StringSpec, 'kind'> = {}): StringSpec => ({ kind: 'string', max: 200, ...o });
export const int = (o: Omit<NumberSpec, 'kind'> = {}): NumberSpec => ({ kind: 'int', ...o });
export const float = (o: Omit<NumberSpec, 'kind'> = {}): NumberSpec => ({ kind: 'float', ...o });
export const bool = (o: Omit<BooleanSpec, 'kind'> = {}): BooleanSpec => ({ kind: 'boolean', ...o });
export const oneOf = (name: string, values: readonly string[], o: Omit<EnumSpec, 'kind' | 'name' | 'values'> = {}): EnumSpec => ({
  kind: 'enum',
  name,
  values,
  ...o,
});
export const strings = (o: Omit<StringListSpec, 'kind'> = {}): StringListSpec => ({ kind: 'strings', maxItems: 100, ...o });
export const tags = (): StringListSpec => ({ kind: 'strings', keys: true, maxItems: 50, filter: true, search: true, description: 'Free labels.' });
export const obj = (name: string, fields: Record<string, ScalarSpec>, o: Omit<ObjectOneSpec, 'kind' | 'name' | 'fields'> = {}): ObjectOneSpec => ({
  kind: 'object',
  name,
  fields,
  ...o,
});
export const objs = (name: string, fields: Record<string, ScalarSpec>, o: Omit<ObjectListSpec, 'kind' | 'name' | 'fields'> = {}): ObjectListSpec => ({
  kind: 'objects',
  name,
  fields,
  maxItems: 100,
  ...o,
});

const HOSTNAME = /^(?=.{1,253}$)([a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?)(\.[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?)*\.?$/;

function checkString(v: Validator, path: string, value: unknown, spec: StringSpec | StringListSpec): string | undefined {
  if (typeof value !== 'string') {
    v.add(path, 'must be text');
    return undefined;
  }
  const text = value.trim();
  const max = spec.kind === 'string' ? (spec.max ?? 200) : 200;
  if (text.includes('\u0000')) v.add(path, 'must not contain a NUL character');
  else if (text.length > max) v.add(path, `must be at most ${max} characters`);
  else if (spec.format === 'ipv4' && isIP(text) !== 4) v.add(path, 'must be an IPv4 address, e.g. 10.0.0.12');
  else if (spec.format === 'hostname' && !HOSTNAME.test(text)) v.add(path, 'must be a hostname: letters, digits, - and . only');
  else if (spec.format === 'url' && !/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(text)) v.add(path, 'must be a URL, e.g. https://host/path');
  else if (spec.kind === 'strings' && spec.keys && text.startsWith('$')) v.add(path, 'must not start with $');
  else if (spec.kind === 'strings' && spec.keys && text.includes('.')) v.add(path, 'must not contain a dot');
  else return text;
  return undefined;
}

function checkScalar(v: Validator, path: string, value: unknown, spec: ScalarSpec): unknown {
  if (value === null || value === undefined) return null;
  switch (spec.kind) {
    case 'string': {
      const text = checkString(v, path, value, spec);
      return text === '' ? null : text;
    }
    case 'int':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value) || (spec.kind === 'int' && !Number.isInteger(value))) {
        v.add(path, spec.kind === 'int' ? 'must be a whole number' : 'must be a number');
        return undefined;
      }
      if (spec.min !== undefined && value < spec.min) v.add(path, `must be at least ${spec.min}`);
      else if (spec.max !== undefined && value > spec.max) v.add(path, `must be at most ${spec.max}`);
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') {
        v.add(path, 'must be true or false');
        return undefined;
      }
      return value;
    case 'enum': {
      if (typeof value === 'string' && value.trim() === '') return null;
      const known = typeof value === 'string' ? enumValueOf(spec, value.trim()) : undefined;
      if (known === undefined) v.add(path, `must be one of ${spec.values.join(', ')}`);
      return known;
    }
    case 'strings': {
      if (!Array.isArray(value)) {
        v.add(path, 'must be a list');
        return undefined;
      }
      if (value.length > (spec.maxItems ?? 100)) v.add(path, `must hold at most ${spec.maxItems ?? 100} items`);
      const out: string[] = [];
      value.forEach((item, i) => {
        const text = checkString(v, `${path}.${i}`, item, spec);
        if (text === '') v.add(`${path}.${i}`, 'must not be empty');
        else if (text !== undefined) out.push(text);
      });
      return [...new Set(out)];
    }
  }
}

/** A letter-and-digit key of an enum value: `Production`, `production` and `PRODUCTION` match; so do `ci-cd` and `CI_CD`. */
const enumKey = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** The enum value `text` names, ignoring case, spaces, dashes and underscores; undefined when it names none. */
export function enumValueOf(spec: EnumSpec, text: string): string | undefined {
  if (spec.values.includes(text)) return text;
  const key = enumKey(text);
  return key === '' ? undefined : spec.values.find((value) => enumKey(value) === key);
}

/** A JSON object that is not a list: what an object field (and each item of a list of objects) must be. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates one object field (or one item of a list of objects): an object of exactly its own fields. */
function checkObject(v: Validator, fields: Record<string, ScalarSpec>, value: unknown, path: string): Record<string, unknown> | undefined {
  if (!isRecord(value)) {
    v.add(path, `must be an object with the fields ${Object.keys(fields).join(', ')}`);
    return undefined;
  }
  return checkFields(v, fields, value, path, false);
}

/**
 * Validates and normalises `input` against `specs`: trims text, drops
 * duplicates in lists, matches enum values ignoring case, adds a problem
 * with its path for each bad value and each key that is no field. With
 * `partial`, absent fields are left out (an update); otherwise required
 * fields must be there and absent ones are stored empty. Whatever `input`
 * holds (it may come from an import file), each value is checked for the
 * type of its field, and nothing else is ever kept.
 */
export function checkFields(v: Validator, specs: FieldSpecs, input: Record<string, unknown>, base: string, partial: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(specs, key)) v.add(`${base}.${key}`, 'is not a field of this type');
  }
  for (const [name, spec] of Object.entries(specs)) {
    const path = `${base}.${name}`;
    const present = Object.hasOwn(input, name) && input[name] !== undefined;
    if (!present) {
      if (!partial) {
        if (spec.required) v.add(path, 'is required');
        out[name] = emptyValue(spec);
      }
      continue;
    }
    const value = input[name];
    if (spec.required && (value === null || (typeof value === 'string' && value.trim() === ''))) {
      v.add(path, 'is required');
      continue;
    }
    if (spec.kind === 'object') {
      out[name] = value === null ? null : checkObject(v, spec.fields, value, path);
    } else if (spec.kind === 'objects') {
      if (value === null) {
        out[name] = [];
      } else if (!Array.isArray(value)) {
        v.add(path, 'must be a list of objects');
      } else if (value.length > (spec.maxItems ?? 100)) {
        v.add(path, `must hold at most ${spec.maxItems ?? 100} items`);
      } else {
        out[name] = value.map((item, i) => checkObject(v, spec.fields, item, `${path}.${i}`));
      }
    } else {
      const checked = checkScalar(v, path, value, spec);
      out[name] = checked === null && spec.kind === 'strings' ? [] : checked;
    }
  }
  return out;
}

export function emptyValue(spec: FieldSpec): unknown {
  if (spec.kind === 'strings' || spec.kind === 'objects') return [];
  return null;
}
