import type { ReportComparer, ReportFieldFieldsFragment, ReportFieldKind, ReportFilterFieldsFragment, ReportFilterInput } from '../../gql/graphql.ts';
import { formatDateTime, parseList } from '../../shared/format.ts';
import { fromLocalInput, toLocalInput } from '../history/time-input.ts';

/**
 * A report's filters as the builder edits them, and the API's filters made
 * from them: a field, a comparer that fits it (those its `comparers` list),
 * and the operands that comparer takes, typed as text.
 */

export type FieldInfo = Pick<ReportFieldFieldsFragment, 'key' | 'label' | 'kind' | 'values' | 'comparers'>;

/** What a comparer asks for: nothing, a text, values typed or picked, one or two numbers or dates, or a number of days. */
export type OperandKind = 'none' | 'text' | 'values' | 'choices' | 'number' | 'numberRange' | 'date' | 'dateRange' | 'days';

export interface FilterDraft {
  field: string;
  comparer: ReportComparer | '';
  text: string;
  /** Values of an enum, picked. */
  choices: readonly string[];
  /** Values typed, separated by commas. */
  values: string;
  number: string;
  numberTo: string;
  /** `<input type="datetime-local">` values. */
  date: string;
  dateTo: string;
  days: string;
}

/** The operands of a filter, as the API's paths name them (`input.filters.2.numberTo`). */
export const FILTER_PARTS = ['field', 'comparer', 'text', 'values', 'number', 'numberTo', 'date', 'dateTo', 'days'] as const;

export const COMPARER_LABELS: Readonly<Record<ReportComparer, string>> = {
  EQUALS: 'equals',
  NOT_EQUALS: 'does not equal',
  CONTAINS: 'contains',
  NOT_CONTAINS: 'does not contain',
  STARTS_WITH: 'starts with',
  ENDS_WITH: 'ends with',
  IN: 'is one of',
  NOT_IN: 'is none of',
  LESS_THAN: 'is less than',
  GREATER_THAN: 'is greater than',
  BETWEEN: 'is between',
  BEFORE: 'is before',
  AFTER: 'is after',
  WITHIN_LAST_DAYS: 'is within the last',
  IS_TRUE: 'is yes',
  IS_FALSE: 'is no',
  HAS_ANY: 'has any of',
  HAS_ALL: 'has all of',
  HAS_NONE: 'has none of',
  IS_EMPTY: 'is empty',
  IS_NOT_EMPTY: 'is not empty',
};

/** The operands `comparer` takes on a field of `kind` (with enum values or not). */
export function operandKind(comparer: ReportComparer | '', kind: ReportFieldKind, hasValues = false): OperandKind {
  switch (comparer) {
    case 'EQUALS':
    case 'NOT_EQUALS':
      return kind === 'NUMBER' ? 'number' : 'text';
    case 'CONTAINS':
    case 'NOT_CONTAINS':
    case 'STARTS_WITH':
    case 'ENDS_WITH':
      return 'text';
    case 'LESS_THAN':
    case 'GREATER_THAN':
      return 'number';
    case 'BETWEEN':
      return kind === 'DATE' ? 'dateRange' : 'numberRange';
    case 'BEFORE':
    case 'AFTER':
      return 'date';
    case 'WITHIN_LAST_DAYS':
      return 'days';
    case 'IN':
    case 'NOT_IN':
    case 'HAS_ANY':
    case 'HAS_ALL':
    case 'HAS_NONE':
      return kind === 'ENUM' && hasValues ? 'choices' : 'values';
    default:
      return 'none';
  }
}

/** The operands of a field's filter. */
export function operandKindOf(draft: Pick<FilterDraft, 'comparer'>, field: FieldInfo | undefined): OperandKind {
  if (!field) return 'none';
  return operandKind(draft.comparer, field.kind, (field.values ?? []).length > 0);
}

const BLANK: Omit<FilterDraft, 'field' | 'comparer'> = { text: '', choices: [], values: '', number: '', numberTo: '', date: '', dateTo: '', days: '' };

/** A new filter on `field` (the first one offered), with the first comparer that fits it. */
export function newFilterDraft(field: FieldInfo | undefined): FilterDraft {
  return { ...BLANK, field: field?.key ?? '', comparer: field?.comparers[0] ?? '' };
}

/** Another field: its comparer kept when it fits, else the first that does; operands cleared. */
export function withField(draft: FilterDraft, field: FieldInfo | undefined): FilterDraft {
  const comparer = field && draft.comparer && field.comparers.includes(draft.comparer) ? draft.comparer : (field?.comparers[0] ?? '');
  return { ...BLANK, field: field?.key ?? '', comparer };
}

function numberText(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** The draft of a stored filter. */
export function draftOfFilter(filter: ReportFilterFieldsFragment): FilterDraft {
  const values = filter.values ?? [];
  return {
    field: filter.field,
    comparer: filter.comparer,
    text: filter.text ?? '',
    choices: [...values],
    values: values.join(', '),
    number: numberText(filter.number),
    numberTo: numberText(filter.numberTo),
    date: toLocalInput(filter.date),
    dateTo: toLocalInput(filter.dateTo),
    days: numberText(filter.days),
  };
}

function parseNumber(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/**
 * The API's filter made from a draft, at `path` (`filters.2`,
 * `levels.3.filters.0`): what the form can tell is missing goes into
 * `problems` under the path the API would name. Comparisons between
 * operands (an upper bound below the lower one) are the API's to judge.
 */
export function filterInput(draft: FilterDraft, field: FieldInfo | undefined, path: string, problems: Record<string, string>): ReportFilterInput {
  const input: ReportFilterInput = { field: draft.field, comparer: draft.comparer || 'IS_NOT_EMPTY' };
  if (!field) problems[`${path}.field`] = draft.field ? 'Not a field of this type' : 'Pick a field';
  if (!draft.comparer) problems[`${path}.comparer`] = 'Pick a comparison';
  else if (field && !field.comparers.includes(draft.comparer)) {
    // Its operands mean nothing until the comparison fits.
    problems[`${path}.comparer`] = `Does not fit ${field.label}`;
    return input;
  }
  const number = (part: 'number' | 'numberTo') => {
    const value = parseNumber(draft[part]);
    if (value === null) problems[`${path}.${part}`] = 'A number';
    input[part] = value;
  };
  const date = (part: 'date' | 'dateTo') => {
    const value = fromLocalInput(draft[part]);
    if (value === null) problems[`${path}.${part}`] = 'A date and time';
    input[part] = value;
  };
  switch (operandKindOf(draft, field)) {
    case 'text':
      if (draft.text.trim() === '') problems[`${path}.text`] = 'Type a text';
      input.text = draft.text.trim();
      break;
    case 'values': {
      const values = parseList(draft.values);
      if (values.length === 0) problems[`${path}.values`] = 'Type at least one value (separated by commas)';
      input.values = values;
      break;
    }
    case 'choices':
      if (draft.choices.length === 0) problems[`${path}.values`] = 'Pick at least one value';
      input.values = [...draft.choices];
      break;
    case 'number':
      number('number');
      break;
    case 'numberRange':
      number('number');
      number('numberTo');
      break;
    case 'date':
      date('date');
      break;
    case 'dateRange':
      date('date');
      date('dateTo');
      break;
    case 'days': {
      const days = parseNumber(draft.days);
      if (days === null || !Number.isInteger(days) || days < 1) problems[`${path}.days`] = 'A whole number of days, 1 or more';
      input.days = days;
      break;
    }
    case 'none':
      break;
  }
  return input;
}

/** "PRODUCTION" → "Production", "BARE_METAL" → "Bare metal": an enum value in words. */
export function valueLabel(value: string): string {
  if (!/^[A-Z0-9_]+$/.test(value)) return value;
  const words = value.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '…' : String(value);
}

/**
 * A stored filter in words: "Environment is one of Production",
 * "CPU is between 2 and 8", "Created is within the last 7 days".
 */
export function describeFilter(filter: ReportFilterFieldsFragment, label: string = filter.field): string {
  const head = `${label} ${COMPARER_LABELS[filter.comparer]}`;
  switch (filter.comparer) {
    case 'IN':
    case 'NOT_IN':
    case 'HAS_ANY':
    case 'HAS_ALL':
    case 'HAS_NONE':
      return `${head} ${(filter.values ?? []).map(valueLabel).join(', ')}`;
    case 'BETWEEN':
      return filter.date || filter.dateTo
        ? `${head} ${formatDateTime(filter.date)} and ${formatDateTime(filter.dateTo)}`
        : `${head} ${formatNumber(filter.number)} and ${formatNumber(filter.numberTo)}`;
    case 'BEFORE':
    case 'AFTER':
      return `${head} ${formatDateTime(filter.date)}`;
    case 'WITHIN_LAST_DAYS':
      return `${head} ${filter.days === 1 ? 'day' : `${formatNumber(filter.days)} days`}`;
    case 'LESS_THAN':
    case 'GREATER_THAN':
      return `${head} ${formatNumber(filter.number)}`;
    case 'EQUALS':
    case 'NOT_EQUALS':
      return filter.number !== null && filter.number !== undefined ? `${head} ${filter.number}` : `${head} “${filter.text ?? ''}”`;
    case 'CONTAINS':
    case 'NOT_CONTAINS':
    case 'STARTS_WITH':
    case 'ENDS_WITH':
      return `${head} “${filter.text ?? ''}”`;
    default:
      return head;
  }
}
