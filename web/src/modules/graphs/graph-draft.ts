import type { GraphInput, GraphSource, RelationKind } from '../../gql/graphql.ts';
import { DEFAULT_GRAPH_DEPTH, DEFAULT_GRAPH_KINDS, MAX_GRAPH_DEPTH, MIN_GRAPH_DEPTH, MIN_SCHEDULE_MINUTES } from './graph-labels.ts';

/**
 * A graph's definition as its form holds it, and the API's input made from
 * it. Problems are keyed by the API's paths (after `input.`), so the form's
 * own checks and the API's land next to the same control.
 */

export interface SourcePick {
  id: string;
  name: string;
}

export interface GraphDraft {
  name: string;
  description: string;
  source: GraphSource;
  sources: readonly SourcePick[];
  /** As typed. */
  depth: string;
  kinds: readonly RelationKind[];
  types: readonly string[];
  /** Minutes as typed; empty: on demand only. */
  schedule: string;
}

export const GRAPH_FORM_PATHS = ['name', 'description', 'source', 'sourceIds', 'depth', 'kinds', 'types', 'scheduleMinutes'] as const;

export function newGraphDraft(): GraphDraft {
  return { name: '', description: '', source: 'APPLICATIONS', sources: [], depth: String(DEFAULT_GRAPH_DEPTH), kinds: [...DEFAULT_GRAPH_KINDS], types: [], schedule: '' };
}

export function draftOfGraph(
  graph: { name: string; description: string | null; source: GraphSource; depth: number; kinds: readonly RelationKind[]; types: readonly string[]; scheduleMinutes: number | null },
  sources: readonly SourcePick[],
): GraphDraft {
  return {
    name: graph.name,
    description: graph.description ?? '',
    source: graph.source,
    sources,
    depth: String(graph.depth),
    kinds: [...graph.kinds],
    types: [...graph.types],
    schedule: graph.scheduleMinutes === null ? '' : String(graph.scheduleMinutes),
  };
}

/** The draft with another source: the picks were of the other type. */
export function withSource(draft: GraphDraft, source: GraphSource): GraphDraft {
  return source === draft.source ? draft : { ...draft, source, sources: [] };
}

/** The draft with one more pick; a system or a client is one item, which a new pick replaces. */
export function withPick(draft: GraphDraft, pick: SourcePick): GraphDraft {
  if (draft.source !== 'APPLICATIONS') return { ...draft, sources: [pick] };
  return draft.sources.some((source) => source.id === pick.id) ? draft : { ...draft, sources: [...draft.sources, pick] };
}

/** The list with `value` in or out, keeping the order of `order`. */
export function toggled<T>(list: readonly T[], value: T, on: boolean, order: readonly T[]): T[] {
  const set = new Set(list);
  if (on) set.add(value);
  else set.delete(value);
  return order.filter((candidate) => set.has(candidate)).concat([...set].filter((candidate) => !order.includes(candidate)));
}

function wholeNumber(text: string): number | null {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

export function graphInput(draft: GraphDraft): { input: GraphInput; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const name = draft.name.trim();
  if (!name) problems.name = 'A name is needed.';
  if (draft.sources.length === 0) problems.sourceIds = draft.source === 'APPLICATIONS' ? 'Pick at least one application.' : `Pick a ${draft.source === 'SYSTEM' ? 'system' : 'client'}.`;
  const depth = wholeNumber(draft.depth);
  if (depth === null || depth < MIN_GRAPH_DEPTH || depth > MAX_GRAPH_DEPTH) problems.depth = `From ${MIN_GRAPH_DEPTH} to ${MAX_GRAPH_DEPTH}.`;
  if (draft.kinds.length === 0) problems.kinds = 'Follow at least one kind of relation.';
  let scheduleMinutes: number | null = null;
  if (draft.schedule.trim() !== '') {
    scheduleMinutes = wholeNumber(draft.schedule);
    if (scheduleMinutes === null || scheduleMinutes < MIN_SCHEDULE_MINUTES) problems.scheduleMinutes = `Whole minutes, ${MIN_SCHEDULE_MINUTES} or more (or empty: on demand only).`;
  }
  return {
    input: {
      name,
      description: draft.description.trim() || null,
      source: draft.source,
      sourceIds: draft.sources.map((source) => source.id),
      depth: depth ?? DEFAULT_GRAPH_DEPTH,
      kinds: [...draft.kinds],
      types: [...draft.types],
      scheduleMinutes,
    },
    problems,
  };
}
