import type { ActivityFilter, ActorKind, Operation } from '../../gql/graphql.ts';
import { INVENTORY_TYPES } from '../inventory/inventory-types.ts';
import { ACTOR_KINDS } from './actors.ts';
import { OPERATIONS, isOperation } from './change-format.ts';
import { readIsoParam } from './time-input.ts';

/**
 * What the Activity page asks for, kept in the address: types, operations,
 * kinds of actor, one run (an import's changes), a time window, only mine.
 */
export interface ActivityState {
  types: readonly string[];
  operations: readonly Operation[];
  /** People, imports, discovery, Maestro: none means all. */
  actorKinds: readonly ActorKind[];
  /** The changes of one import or discovery run (its id). */
  runId: string | null;
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

/** Reads the address; unknown types, operations and kinds are ignored, and lists come back in a fixed order. */
export function readActivityState(params: URLSearchParams): ActivityState {
  const types = new Set(listParam(params, 'types'));
  const operations = new Set(listParam(params, 'ops'));
  const kinds = new Set(listParam(params, 'by'));
  return {
    types: INVENTORY_TYPES.map((def) => def.type).filter((type) => types.has(type)),
    operations: OPERATIONS.filter((operation) => operations.has(operation) && isOperation(operation)),
    actorKinds: ACTOR_KINDS.filter((kind) => kinds.has(kind)),
    runId: params.get('run')?.trim() || null,
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
  if (state.actorKinds.length > 0) params.set('by', state.actorKinds.join(','));
  if (state.runId) params.set('run', state.runId);
  if (state.since) params.set('since', state.since);
  if (state.until) params.set('until', state.until);
  if (state.mine) params.set('mine', '1');
  return params;
}

export function hasActivityFilter(state: ActivityState): boolean {
  return (
    state.types.length > 0 ||
    state.operations.length > 0 ||
    state.actorKinds.length > 0 ||
    state.runId !== null ||
    state.since !== null ||
    state.until !== null ||
    state.mine
  );
}

export const EMPTY_ACTIVITY_STATE: ActivityState = { types: [], operations: [], actorKinds: [], runId: null, since: null, until: null, mine: false };

/** The Activity page showing everything one import (or discovery run) changed. */
export function runActivityPath(runId: string): string {
  return `/activity?${writeActivityState({ ...EMPTY_ACTIVITY_STATE, runId }).toString()}`;
}

/** The API's filter: "only mine" is the reader's own user id. */
export function toActivityFilter(state: ActivityState, meId: string | null): ActivityFilter {
  const filter: ActivityFilter = {};
  if (state.types.length > 0) filter.types = [...state.types];
  if (state.operations.length > 0) filter.operations = [...state.operations];
  if (state.actorKinds.length > 0) filter.actorKinds = [...state.actorKinds];
  if (state.runId) filter.runId = state.runId;
  if (state.since) filter.since = state.since;
  if (state.until) filter.until = state.until;
  if (state.mine && meId) filter.actorId = meId;
  return filter;
}
