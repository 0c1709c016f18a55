import type { ActivityFilter, Operation } from '../../gql/graphql.ts';
import { INVENTORY_TYPES } from '../inventory/inventory-types.ts';
import { OPERATIONS, isOperation } from './change-format.ts';
import { readIsoParam } from './time-input.ts';

/** What the Activity page asks for, kept in the address: types, operations, a time window, only mine. */
export interface ActivityState {
  types: readonly string[];
  operations: readonly Operation[];
  /** ISO times, or null for no bound. */
  since: string | null;
  until: string | null;
  mine: boolean;
}

function listParam(params: URLSearchParams, key: string): string[] {
  return (params.get(key) ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
}

/** Reads the address; unknown types and operations are ignored, and lists come back in a fixed order. */
export function readActivityState(params: URLSearchParams): ActivityState {
  const types = new Set(listParam(params, 'types'));
  const operations = new Set(listParam(params, 'ops'));
  return {
    types: INVENTORY_TYPES.map((def) => def.type).filter((type) => types.has(type)),
    operations: OPERATIONS.filter((operation) => operations.has(operation) && isOperation(operation)),
    since: readIsoParam(params.get('since')),
    until: readIsoParam(params.get('until')),
    mine: params.get('mine') === '1',
  };
}

/** The address's query for a state: only what is set. */
export function writeActivityState(state: ActivityState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.types.length > 0) params.set('types', state.types.join(','));
  if (state.operations.length > 0) params.set('ops', state.operations.join(','));
  if (state.since) params.set('since', state.since);
  if (state.until) params.set('until', state.until);
  if (state.mine) params.set('mine', '1');
  return params;
}

export function hasActivityFilter(state: ActivityState): boolean {
  return state.types.length > 0 || state.operations.length > 0 || state.since !== null || state.until !== null || state.mine;
}

/** The API's filter: "only mine" is the reader's own user id. */
export function toActivityFilter(state: ActivityState, meId: string | null): ActivityFilter {
  const filter: ActivityFilter = {};
  if (state.types.length > 0) filter.types = [...state.types];
  if (state.operations.length > 0) filter.operations = [...state.operations];
  if (state.since) filter.since = state.since;
  if (state.until) filter.until = state.until;
  if (state.mine && meId) filter.actorId = meId;
  return filter;
}
