import { describe, expect, it } from 'vitest';
import { describeFilter, draftOfFilter, filterInput, newFilterDraft, operandKind, operandKindOf, valueLabel, withField, type FieldInfo, type FilterDraft } from './report-filters.ts';

const ENVIRONMENT: FieldInfo = { key: 'environment', label: 'Environment', kind: 'ENUM', values: ['PRODUCTION', 'STAGING'], comparers: ['IN', 'NOT_IN', 'IS_EMPTY', 'IS_NOT_EMPTY'] };
const CPU: FieldInfo = { key: 'cpu', label: 'CPU', kind: 'NUMBER', values: null, comparers: ['EQUALS', 'NOT_EQUALS', 'LESS_THAN', 'GREATER_THAN', 'BETWEEN', 'IS_EMPTY', 'IS_NOT_EMPTY'] };
const HOSTNAME: FieldInfo = {
  key: 'hostname',
  label: 'Hostname',
  kind: 'TEXT',
  values: null,
  comparers: ['EQUALS', 'NOT_EQUALS', 'CONTAINS', 'NOT_CONTAINS', 'STARTS_WITH', 'ENDS_WITH', 'IN', 'NOT_IN', 'IS_EMPTY', 'IS_NOT_EMPTY'],
};
const CREATED: FieldInfo = { key: 'createdAt', label: 'Created', kind: 'DATE', values: null, comparers: ['BEFORE', 'AFTER', 'BETWEEN', 'WITHIN_LAST_DAYS', 'IS_EMPTY', 'IS_NOT_EMPTY'] };
const TAGS: FieldInfo = { key: 'tags', label: 'Tags', kind: 'LIST', values: null, comparers: ['HAS_ANY', 'HAS_ALL', 'HAS_NONE', 'IS_EMPTY', 'IS_NOT_EMPTY'] };

function draft(field: FieldInfo, change: Partial<FilterDraft>): FilterDraft {
  return { ...newFilterDraft(field), ...change };
}

describe('report filters', () => {
  it('asks each comparer for the operands it takes', () => {
    expect(operandKind('EQUALS', 'TEXT')).toBe('text');
    expect(operandKind('EQUALS', 'NUMBER')).toBe('number');
    expect(operandKind('STARTS_WITH', 'TEXT')).toBe('text');
    expect(operandKind('IN', 'ENUM', true)).toBe('choices');
    expect(operandKind('IN', 'TEXT')).toBe('values');
    expect(operandKind('HAS_ALL', 'LIST')).toBe('values');
    expect(operandKind('BETWEEN', 'NUMBER')).toBe('numberRange');
    expect(operandKind('BETWEEN', 'DATE')).toBe('dateRange');
    expect(operandKind('AFTER', 'DATE')).toBe('date');
    expect(operandKind('WITHIN_LAST_DAYS', 'DATE')).toBe('days');
    expect(operandKind('IS_TRUE', 'BOOLEAN')).toBe('none');
    expect(operandKind('IS_EMPTY', 'TEXT')).toBe('none');
    expect(operandKind('', 'TEXT')).toBe('none');
    expect(operandKindOf({ comparer: 'IN' }, ENVIRONMENT)).toBe('choices');
    expect(operandKindOf({ comparer: 'IN' }, undefined)).toBe('none');
  });

  it('starts a filter with the first comparer that fits, and keeps it across fields when it still fits', () => {
    expect(newFilterDraft(ENVIRONMENT)).toMatchObject({ field: 'environment', comparer: 'IN', choices: [] });
    expect(newFilterDraft(undefined)).toMatchObject({ field: '', comparer: '' });
    const equals = draft(HOSTNAME, { comparer: 'EQUALS', text: 'web-1' });
    expect(withField(equals, CPU)).toMatchObject({ field: 'cpu', comparer: 'EQUALS', text: '' });
    expect(withField(equals, ENVIRONMENT)).toMatchObject({ field: 'environment', comparer: 'IN' });
  });

  it('makes the API’s filter with only the operands its comparer takes', () => {
    const problems: Record<string, string> = {};
    expect(filterInput(draft(ENVIRONMENT, { choices: ['PRODUCTION'] }), ENVIRONMENT, 'filters.0', problems)).toEqual({ field: 'environment', comparer: 'IN', values: ['PRODUCTION'] });
    expect(filterInput(draft(HOSTNAME, { comparer: 'IN', values: ' web-1, web-2 ,,web-1' }), HOSTNAME, 'filters.1', problems)).toEqual({ field: 'hostname', comparer: 'IN', values: ['web-1', 'web-2'] });
    expect(filterInput(draft(HOSTNAME, { comparer: 'CONTAINS', text: ' web ' }), HOSTNAME, 'filters.2', problems)).toEqual({ field: 'hostname', comparer: 'CONTAINS', text: 'web' });
    expect(filterInput(draft(CPU, { comparer: 'BETWEEN', number: '8', numberTo: '2' }), CPU, 'filters.3', problems)).toEqual({ field: 'cpu', comparer: 'BETWEEN', number: 8, numberTo: 2 });
    expect(filterInput(draft(CREATED, { comparer: 'WITHIN_LAST_DAYS', days: '7' }), CREATED, 'filters.4', problems)).toEqual({ field: 'createdAt', comparer: 'WITHIN_LAST_DAYS', days: 7 });
    expect(filterInput(draft(TAGS, { comparer: 'IS_EMPTY' }), TAGS, 'filters.5', problems)).toEqual({ field: 'tags', comparer: 'IS_EMPTY' });
    const after = filterInput(draft(CREATED, { comparer: 'AFTER', date: '2026-03-01T10:00' }), CREATED, 'filters.6', problems);
    expect(after.date).toBe(new Date('2026-03-01T10:00').toISOString());
    // An upper bound below the lower one is the API's to refuse, next to numberTo.
    expect(problems).toEqual({});
  });

  it('names what is missing at the path the API would', () => {
    const problems: Record<string, string> = {};
    filterInput(draft(ENVIRONMENT, {}), ENVIRONMENT, 'levels.3.filters.0', problems);
    filterInput(draft(CPU, { comparer: 'BETWEEN', number: 'x' }), CPU, 'filters.1', problems);
    filterInput(draft(CREATED, { comparer: 'BETWEEN', date: '2026-03-01T10:00' }), CREATED, 'filters.2', problems);
    filterInput(draft(CREATED, { comparer: 'WITHIN_LAST_DAYS', days: '1.5' }), CREATED, 'filters.3', problems);
    filterInput(draft(HOSTNAME, { comparer: 'STARTS_WITH', text: '  ' }), HOSTNAME, 'filters.4', problems);
    filterInput(draft(TAGS, { comparer: 'HAS_ANY' }), TAGS, 'filters.5', problems);
    filterInput({ ...newFilterDraft(undefined) }, undefined, 'filters.6', problems);
    filterInput(draft(CPU, { comparer: 'IN' }), CPU, 'filters.7', problems);
    expect(Object.keys(problems).sort()).toEqual(
      [
        'levels.3.filters.0.values',
        'filters.1.number',
        'filters.1.numberTo',
        'filters.2.dateTo',
        'filters.3.days',
        'filters.4.text',
        'filters.5.values',
        'filters.6.field',
        'filters.6.comparer',
        'filters.7.comparer',
      ].sort(),
    );
  });

  it('reads a stored filter back into a draft', () => {
    const stored = { field: 'environment', comparer: 'IN' as const, text: null, values: ['PRODUCTION', 'STAGING'], number: null, numberTo: null, date: null, dateTo: null, days: null };
    expect(draftOfFilter(stored)).toMatchObject({ field: 'environment', comparer: 'IN', choices: ['PRODUCTION', 'STAGING'], values: 'PRODUCTION, STAGING', number: '' });
    const between = draftOfFilter({ ...stored, field: 'cpu', comparer: 'BETWEEN', values: null, number: 2, numberTo: 8 });
    expect(between).toMatchObject({ number: '2', numberTo: '8', choices: [] });
    const problems: Record<string, string> = {};
    expect(filterInput(between, CPU, 'filters.0', problems)).toEqual({ field: 'cpu', comparer: 'BETWEEN', number: 2, numberTo: 8 });
  });

  it('says a filter in words', () => {
    const base = { text: null, values: null, number: null, numberTo: null, date: null, dateTo: null, days: null };
    expect(describeFilter({ ...base, field: 'environment', comparer: 'IN', values: ['PRODUCTION'] }, 'Environment')).toBe('Environment is one of Production');
    expect(describeFilter({ ...base, field: 'cpu', comparer: 'BETWEEN', number: 2, numberTo: 8 }, 'CPU')).toBe('CPU is between 2 and 8');
    expect(describeFilter({ ...base, field: 'hostname', comparer: 'STARTS_WITH', text: 'web' })).toBe('hostname starts with “web”');
    expect(describeFilter({ ...base, field: 'createdAt', comparer: 'WITHIN_LAST_DAYS', days: 7 }, 'Created')).toBe('Created is within the last 7 days');
    expect(describeFilter({ ...base, field: 'cpu', comparer: 'EQUALS', number: 4 }, 'CPU')).toBe('CPU equals 4');
    expect(describeFilter({ ...base, field: 'tags', comparer: 'IS_EMPTY' }, 'Tags')).toBe('Tags is empty');
    expect(valueLabel('BARE_METAL')).toBe('Bare metal');
    expect(valueLabel('web')).toBe('web');
  });
});
