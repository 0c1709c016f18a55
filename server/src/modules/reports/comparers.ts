import { ObjectId } from 'mongodb';
import { escapeRegex, type Validator } from '../../shared/validate.js';
import type { ColumnKind } from './report-table.js';
import type { ReportField } from './report-fields.js';

/**
 * Filters of reports: a field, a comparer that fits the field's kind, and
 * its operands. Validated once (each problem with its path), stored as
 * given, turned into a MongoDB filter when a run starts (dates relative to
 * that moment). User text reaches a regular expression only escaped.
 */

export const COMPARERS = [
  'EQUALS', 'NOT_EQUALS', 'CONTAINS', 'NOT_CONTAINS', 'STARTS_WITH', 'ENDS_WITH',
  'LESS_THAN', 'GREATER_THAN', 'BETWEEN',
  'BEFORE', 'AFTER', 'WITHIN_LAST_DAYS',
  'IS_TRUE', 'IS_FALSE',
  'IN', 'NOT_IN',
  'HAS_ANY', 'HAS_ALL', 'HAS_NONE',
  'IS_EMPTY', 'IS_NOT_EMPTY',
] as const;
export type Comparer = (typeof COMPARERS)[number];

/** Which comparers each kind of field takes. */
export const COMPARERS_OF: Readonly<Record<ColumnKind, readonly Comparer[]>> = {
  text: ['EQUALS', 'NOT_EQUALS', 'CONTAINS', 'NOT_CONTAINS', 'STARTS_WITH', 'ENDS_WITH', 'IN', 'NOT_IN', 'IS_EMPTY', 'IS_NOT_EMPTY'],
  number: ['EQUALS', 'NOT_EQUALS', 'LESS_THAN', 'GREATER_THAN', 'BETWEEN', 'IS_EMPTY', 'IS_NOT_EMPTY'],
  date: ['BEFORE', 'AFTER', 'BETWEEN', 'WITHIN_LAST_DAYS', 'IS_EMPTY', 'IS_NOT_EMPTY'],
  boolean: ['IS_TRUE', 'IS_FALSE', 'IS_EMPTY', 'IS_NOT_EMPTY'],
  enum: ['IN', 'NOT_IN', 'IS_EMPTY', 'IS_NOT_EMPTY'],
  list: ['HAS_ANY', 'HAS_ALL', 'HAS_NONE', 'IS_EMPTY', 'IS_NOT_EMPTY'],
};

/** One filter as stored: operands by kind, only those its comparer takes. */
export interface ReportFilter {
  field: string;
  comparer: Comparer;
  /** Text operand (EQUALS, CONTAINS…). */
  text?: string | null;
  /** Several values (IN, NOT_IN, HAS_*). */
  values?: string[] | null;
  /** Number operand; `numberTo` closes BETWEEN. */
  number?: number | null;
  numberTo?: number | null;
  /** Date operand; `dateTo` closes BETWEEN. */
  date?: Date | null;
  dateTo?: Date | null;
  /** WITHIN_LAST_DAYS. */
  days?: number | null;
}

export const MAX_FILTERS = 30;
const MAX_VALUES = 100;
const MAX_TEXT = 200;

const empty = (v: unknown) => v === null || v === undefined;

/** Checks filters against the fields they name; returns them cleaned (trimmed text, only the operands each comparer takes). */
export function checkFilters(v: Validator, fields: readonly ReportField[], filters: readonly ReportFilter[], base: string): ReportFilter[] {
  if (filters.length > MAX_FILTERS) {
    v.add(base, `must hold at most ${MAX_FILTERS} filters`);
    return [];
  }
  const out: ReportFilter[] = [];
  filters.forEach((f, i) => {
    const path = `${base}.${i}`;
    const field = fields.find((x) => x.key === f.field);
    if (!field) {
      v.add(`${path}.field`, `is not a field of this type: one of ${fields.map((x) => x.key).join(', ')}`);
      return;
    }
    if (!COMPARERS_OF[field.kind].includes(f.comparer)) {
      v.add(`${path}.comparer`, `does not fit ${field.key} (${field.kind}): use ${COMPARERS_OF[field.kind].join(', ')}`);
      return;
    }
    const clean: ReportFilter = { field: field.key, comparer: f.comparer };
    const need = (name: keyof ReportFilter, message: string): boolean => {
      if (empty(f[name])) {
        v.add(`${path}.${name}`, message);
        return false;
      }
      return true;
    };
    switch (f.comparer) {
      case 'EQUALS':
      case 'NOT_EQUALS':
        if (field.kind === 'number') {
          if (need('number', `is required: ${f.comparer} compares ${field.key} with a number`)) clean.number = f.number!;
        } else if (need('text', `is required: ${f.comparer} compares ${field.key} with a text`)) {
          clean.text = checkText(v, `${path}.text`, f.text!);
        }
        break;
      case 'CONTAINS':
      case 'NOT_CONTAINS':
      case 'STARTS_WITH':
      case 'ENDS_WITH':
        if (need('text', `is required: ${f.comparer} takes a text`)) {
          clean.text = checkText(v, `${path}.text`, f.text!);
          if (clean.text === '') v.add(`${path}.text`, 'must not be empty');
        }
        break;
      case 'LESS_THAN':
      case 'GREATER_THAN':
        if (need('number', `is required: ${f.comparer} takes a number`)) clean.number = f.number!;
        break;
      case 'BETWEEN':
        if (field.kind === 'number') {
          if (need('number', 'is required: BETWEEN takes number and numberTo') && need('numberTo', 'is required: BETWEEN takes number and numberTo')) {
            if (f.numberTo! < f.number!) v.add(`${path}.numberTo`, 'must not be less than number');
            clean.number = f.number!;
            clean.numberTo = f.numberTo!;
          }
        } else if (need('date', 'is required: BETWEEN takes date and dateTo') && need('dateTo', 'is required: BETWEEN takes date and dateTo')) {
          if (f.dateTo!.getTime() < f.date!.getTime()) v.add(`${path}.dateTo`, 'must not be before date');
          clean.date = f.date!;
          clean.dateTo = f.dateTo!;
        }
        break;
      case 'BEFORE':
      case 'AFTER':
        if (need('date', `is required: ${f.comparer} takes a date`)) clean.date = f.date!;
        break;
      case 'WITHIN_LAST_DAYS':
        if (need('days', 'is required: WITHIN_LAST_DAYS takes a number of days')) {
          if (!Number.isInteger(f.days) || f.days! < 1 || f.days! > 36_500) v.add(`${path}.days`, 'must be a whole number of days from 1 to 36500');
          clean.days = f.days!;
        }
        break;
      case 'IN':
      case 'NOT_IN':
      case 'HAS_ANY':
      case 'HAS_ALL':
      case 'HAS_NONE':
        if (need('values', `is required: ${f.comparer} takes a list of values`)) {
          const values = f.values!;
          if (values.length === 0) v.add(`${path}.values`, 'must hold at least one value');
          else if (values.length > MAX_VALUES) v.add(`${path}.values`, `must hold at most ${MAX_VALUES} values`);
          const cleaned = values.map((x, j) => checkText(v, `${path}.values.${j}`, x));
          if (field.kind === 'enum') {
            cleaned.forEach((x, j) => {
              if (!field.values!.includes(x)) v.add(`${path}.values.${j}`, `must be one of ${field.values!.join(', ')}`);
            });
          }
          clean.values = [...new Set(cleaned)];
        }
        break;
      default:
        break;
    }
    for (const n of ['number', 'numberTo'] as const) {
      if (clean[n] !== undefined && !Number.isFinite(clean[n])) v.add(`${path}.${n}`, 'must be a finite number');
    }
    out.push(clean);
  });
  return out;
}

function checkText(v: Validator, path: string, text: string): string {
  const t = text.trim();
  if (t.length > MAX_TEXT) v.add(path, `must be at most ${MAX_TEXT} characters`);
  if (t.includes('\u0000')) v.add(path, 'must not contain a NUL character');
  return t;
}

const ci = (pattern: string) => ({ $regex: pattern, $options: 'i' });
const isEmptyCondition = (path: string, kind: ColumnKind) =>
  kind === 'list' ? { $or: [{ [path]: { $exists: false } }, { [path]: null }, { [path]: { $size: 0 } }] } : kind === 'text' ? { $or: [{ [path]: null }, { [path]: '' }] } : { [path]: null };

/** The MongoDB condition of one filter, `now` fixing relative dates. */
export function conditionOf(field: ReportField, f: ReportFilter, now: Date): Record<string, unknown> {
  const path = field.path;
  const value = (x: string) => (path === '_id' ? (ObjectId.isValid(x) && x.length === 24 ? new ObjectId(x) : x) : x);
  switch (f.comparer) {
    case 'EQUALS':
      if (field.kind === 'number') return { [path]: f.number };
      return path === '_id' ? { _id: value(f.text!) } : { [path]: ci(`^${escapeRegex(f.text!)}$`) };
    case 'NOT_EQUALS':
      if (field.kind === 'number') return { [path]: { $ne: f.number } };
      return path === '_id' ? { _id: { $ne: value(f.text!) } } : { [path]: { $not: new RegExp(`^${escapeRegex(f.text!)}$`, 'i') } };
    case 'CONTAINS':
      return { [path]: ci(escapeRegex(f.text!)) };
    case 'NOT_CONTAINS':
      // A real negation: every item whose value does not hold the text, an empty one included.
      return { [path]: { $not: new RegExp(escapeRegex(f.text!), 'i') } };
    case 'STARTS_WITH':
      return { [path]: ci(`^${escapeRegex(f.text!)}`) };
    case 'ENDS_WITH':
      return { [path]: ci(`${escapeRegex(f.text!)}$`) };
    case 'LESS_THAN':
      return { [path]: { $lt: f.number } };
    case 'GREATER_THAN':
      return { [path]: { $gt: f.number } };
    case 'BETWEEN':
      return field.kind === 'number' ? { [path]: { $gte: f.number, $lte: f.numberTo } } : { [path]: { $gte: f.date, $lte: f.dateTo } };
    case 'BEFORE':
      return { [path]: { $lt: f.date } };
    case 'AFTER':
      return { [path]: { $gt: f.date } };
    case 'WITHIN_LAST_DAYS':
      return { [path]: { $gte: new Date(now.getTime() - f.days! * 86_400_000) } };
    case 'IS_TRUE':
      return { [path]: true };
    case 'IS_FALSE':
      return { [path]: false };
    case 'IN':
      return field.kind === 'text' ? { $or: f.values!.map((x) => ({ [path]: ci(`^${escapeRegex(x)}$`) })) } : { [path]: { $in: f.values!.map(value) } };
    case 'NOT_IN':
      return field.kind === 'text' ? { $nor: f.values!.map((x) => ({ [path]: ci(`^${escapeRegex(x)}$`) })) } : { [path]: { $nin: f.values } };
    case 'HAS_ANY':
      return { [path]: { $in: f.values } };
    case 'HAS_ALL':
      return { [path]: { $all: f.values } };
    case 'HAS_NONE':
      return { [path]: { $nin: f.values } };
    case 'IS_EMPTY':
      return isEmptyCondition(path, field.kind);
    case 'IS_NOT_EMPTY':
      return { $nor: [isEmptyCondition(path, field.kind)] };
  }
}

/** The MongoDB conditions of filters, all of which must hold. */
export function conditionsOf(fields: readonly ReportField[], filters: readonly ReportFilter[], now: Date): Array<Record<string, unknown>> {
  return filters.map((f) => conditionOf(fields.find((x) => x.key === f.field)!, f, now));
}
