import type { GraphBuildStatus, GraphExportFormat, GraphSource, RelationKind } from '../../gql/graphql.ts';
import { INVENTORY_TYPES } from '../inventory/inventory-types.ts';
import { RELATION_KIND_LABELS } from '../inventory/relation-kinds.ts';

/** Words for graphs: their sources, kinds followed, types shown, builds and downloads. */

export const GRAPH_SOURCES: readonly GraphSource[] = ['SYSTEM', 'CLIENT', 'APPLICATIONS'];

export const GRAPH_SOURCE_LABELS: Readonly<Record<GraphSource, string>> = {
  SYSTEM: 'System',
  CLIENT: 'Client',
  APPLICATIONS: 'Applications',
};

export const GRAPH_SOURCE_HINTS: Readonly<Record<GraphSource, string>> = {
  SYSTEM: 'Starts from the system’s entry applications (or, without any, its first family of applications).',
  CLIENT: 'Starts from the systems that serve the client.',
  APPLICATIONS: 'Starts from the applications you pick.',
};

/** The inventory type picked as a source. */
export const GRAPH_SOURCE_TYPES: Readonly<Record<GraphSource, string>> = {
  SYSTEM: 'System',
  CLIENT: 'Client',
  APPLICATIONS: 'Application',
};

/** The relation kinds a graph can follow, in the order offered. */
export const GRAPH_KINDS: readonly RelationKind[] = ['DEPENDS_ON', 'RUNS_ON', 'TARGETS', 'ATTACHED_TO', 'USES', 'PART_OF', 'SERVES', 'ENTRY_POINT', 'LOCATED_IN'];

export const DEFAULT_GRAPH_KINDS: readonly RelationKind[] = ['DEPENDS_ON', 'RUNS_ON', 'TARGETS', 'ATTACHED_TO', 'USES'];

export const DEFAULT_GRAPH_DEPTH = 5;
export const MIN_GRAPH_DEPTH = 1;
export const MAX_GRAPH_DEPTH = 10;
export const MIN_SCHEDULE_MINUTES = 15;

/** Every inventory type, for "types shown". */
export const GRAPH_TYPES: ReadonlyArray<{ type: string; label: string }> = INVENTORY_TYPES.map((def) => ({ type: def.type, label: def.pluralLabel }));

export function kindLabel(kind: RelationKind): string {
  return RELATION_KIND_LABELS[kind];
}

/** The label of an inventory type ("Load balancer"), or the type itself. */
export function typeLabel(type: string): string {
  return INVENTORY_TYPES.find((def) => def.type === type)?.label ?? type;
}

export const GRAPH_BUILD_STATUS_LABELS: Readonly<Record<GraphBuildStatus, string>> = {
  QUEUED: 'Queued',
  RUNNING: 'Building',
  SUCCEEDED: 'Built',
  FAILED: 'Failed',
};

export function graphBuildTone(status: GraphBuildStatus): 'up' | 'down' | 'busy' | 'idle' {
  if (status === 'SUCCEEDED') return 'up';
  if (status === 'FAILED') return 'down';
  return status === 'RUNNING' ? 'busy' : 'idle';
}

export function isGraphBuildFinished(status: GraphBuildStatus): boolean {
  return status === 'SUCCEEDED' || status === 'FAILED';
}

export const GRAPH_EXPORT_FORMATS: readonly GraphExportFormat[] = ['SVG', 'PNG', 'DOT', 'JSON'];

export const GRAPH_EXPORT_HINTS: Readonly<Record<GraphExportFormat, string>> = {
  SVG: 'The picture, scalable',
  PNG: 'The picture, as an image',
  DOT: 'For Graphviz',
  JSON: 'Items and relations, as data',
};

/** "Building: depth 2 of 5, 14 items". */
export function buildProgressText(build: { status: GraphBuildStatus; progress: { depth: number; maxDepth: number; nodes: number } }): string {
  const items = `${build.progress.nodes} item${build.progress.nodes === 1 ? '' : 's'}`;
  if (build.status === 'QUEUED') return 'Waiting for a worker';
  if (build.status === 'RUNNING') return `Depth ${build.progress.depth} of ${build.progress.maxDepth}, ${items} so far`;
  return items;
}

/** How far a build is, 0 to 1; null while under way without a depth yet. */
export function buildFraction(build: { status: GraphBuildStatus; progress: { depth: number; maxDepth: number } }): number | null {
  if (isGraphBuildFinished(build.status)) return 1;
  if (build.status === 'QUEUED') return 0;
  return build.progress.maxDepth > 0 ? Math.min(1, build.progress.depth / build.progress.maxDepth) : null;
}

/** What an edge says on hover: "DEPENDS_ON: shop → pricing". */
export function edgeText(kind: RelationKind, fromName: string, toName: string): string {
  return `${kind}: ${fromName} → ${toName}`;
}

export interface GraphDefinition {
  source: GraphSource;
  depth: number;
  kinds: readonly RelationKind[];
  types: readonly string[];
  scheduleMinutes: number | null;
}

function list(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** A graph's definition in words: "From the applications shop and cart, 3 hops along Depends on and Runs on, every type; rebuilt every 60 minutes." */
export function describeGraph(graph: GraphDefinition, sourceNames: readonly string[]): string {
  const what = graph.source === 'APPLICATIONS' ? `the application${sourceNames.length === 1 ? '' : 's'}` : graph.source === 'SYSTEM' ? 'the system' : 'the client';
  const from = sourceNames.length > 0 ? `From ${what} ${list(sourceNames)}` : `From ${what.replace('the ', 'no ')} you can see`;
  const hops = `${graph.depth} hop${graph.depth === 1 ? '' : 's'}`;
  const kinds = list(graph.kinds.map(kindLabel).map((label, index) => (index === 0 ? label : label.toLowerCase())));
  const types = graph.types.length === 0 ? 'every type' : list(graph.types.map((type) => typeLabel(type).toLowerCase() + 's'));
  const schedule = graph.scheduleMinutes === null ? 'built on demand' : `rebuilt every ${graph.scheduleMinutes} minutes`;
  return `${from}, ${hops} along ${kinds}, ${types}; ${schedule}.`;
}
