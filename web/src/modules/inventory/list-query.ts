import type { SortDirection } from '../../gql/graphql.ts';
import type { InventoryTypeDef } from './inventory-model.ts';
import { NAME_SORT } from './list-columns.ts';

/**
 * What a list page asks for — filters, sort — kept in the address (so that
 * going back to a list finds it as it was), and the API's filter built from it.
 */

export interface ListState {
  /** Raw values of the type's filters by field: text, an enum value, or "true"/"false"; "" when unset. */
  filters: Readonly<Record<string, string>>;
  tag: string;
  deleted: boolean;
  sort: string;
  direction: SortDirection;
}

const RESERVED = ['tag', 'deleted', 'sort', 'dir'];

export function defaultListState(def: InventoryTypeDef): ListState {
  return { filters: Object.fromEntries(def.filters.map((filter) => [filter.field, ''])), tag: '', deleted: false, sort: NAME_SORT, direction: 'ASC' };
}

/** The sort values a type accepts. */
export function sortValuesOf(def: InventoryTypeDef): string[] {
  return [NAME_SORT, 'CREATED_AT', 'UPDATED_AT', ...Object.values(def.sorts)];
}

/** Reads the address's query; values a type does not know are ignored. */
export function readListState(def: InventoryTypeDef, params: URLSearchParams): ListState {
  const state = defaultListState(def);
  const filters: Record<string, string> = { ...state.filters };
  for (const filter of def.filters) {
    const raw = params.get(filter.field) ?? '';
    if (filter.kind === 'enum') filters[filter.field] = filter.options.some((option) => option.value === raw) ? raw : '';
    else if (filter.kind === 'boolean') filters[filter.field] = raw === 'true' || raw === 'false' ? raw : '';
    else filters[filter.field] = raw;
  }
  const sort = params.get('sort') ?? NAME_SORT;
  return {
    filters,
    tag: params.get('tag') ?? '',
    deleted: params.get('deleted') === '1',
    sort: sortValuesOf(def).includes(sort) ? sort : NAME_SORT,
    direction: params.get('dir') === 'DESC' ? 'DESC' : 'ASC',
  };
}

/** The address's query for a state: only what differs from the defaults, other parameters kept. */
export function writeListState(def: InventoryTypeDef, state: ListState, current?: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams();
  const known = new Set([...RESERVED, ...def.filters.map((filter) => filter.field)]);
  current?.forEach((value, key) => {
    if (!known.has(key)) params.append(key, value);
  });
  for (const filter of def.filters) {
    const value = state.filters[filter.field] ?? '';
    if (value) params.set(filter.field, value);
  }
  if (state.tag) params.set('tag', state.tag);
  if (state.deleted) params.set('deleted', '1');
  if (state.sort !== NAME_SORT) params.set('sort', state.sort);
  if (state.direction === 'DESC') params.set('dir', 'DESC');
  return params;
}

/** Whether nothing narrows the list (the sort does not count). */
export function hasNoFilter(state: ListState): boolean {
  return !state.deleted && !state.tag.trim() && Object.values(state.filters).every((value) => !value.trim());
}

/** The API's `filter` argument. */
export function toFilterInput(def: InventoryTypeDef, state: ListState): Record<string, unknown> {
  const filter: Record<string, unknown> = { active: !state.deleted };
  for (const definition of def.filters) {
    const value = (state.filters[definition.field] ?? '').trim();
    if (!value) continue;
    if (definition.kind === 'contains') filter[definition.field] = { contains: value };
    else if (definition.kind === 'enum') filter[definition.field] = [value];
    else filter[definition.field] = value === 'true';
  }
  if (state.tag.trim()) filter.tags = { all: [state.tag.trim()] };
  return filter;
}

/** Clicking a column header: a new column sorts ascending, the same one flips. */
export function nextSort(state: ListState, sort: string): Pick<ListState, 'sort' | 'direction'> {
  if (state.sort !== sort) return { sort, direction: 'ASC' };
  return { sort, direction: state.direction === 'ASC' ? 'DESC' : 'ASC' };
}
