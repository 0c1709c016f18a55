import type { GraphHopViewFragment } from '../../gql/graphql.ts';
import { nodeLabel } from './item-values.ts';

/** Hops of a walk through the graph (impact or dependencies), for reading. */

export interface HopLevel {
  depth: number;
  hops: GraphHopViewFragment[];
}

/** Hops by depth, nearest first; within a depth by type, then name. */
export function groupByDepth(hops: readonly GraphHopViewFragment[]): HopLevel[] {
  const levels = new Map<number, GraphHopViewFragment[]>();
  for (const hop of hops) {
    const level = levels.get(hop.depth) ?? [];
    level.push(hop);
    levels.set(hop.depth, level);
  }
  return [...levels.entries()]
    .sort(([a], [b]) => a - b)
    .map(([depth, level]) => ({
      depth,
      hops: [...level].sort(
        (a, b) => a.node.__typename.localeCompare(b.node.__typename) || nodeLabel(a.node).localeCompare(nodeLabel(b.node)),
      ),
    }));
}

/**
 * The names along a hop's path, start included. A walk is breadth first, so
 * every item on a path is itself a hop (or the start); an id the caller
 * cannot read shows as "…".
 */
export function pathNames(hop: GraphHopViewFragment, startName: string, hops: readonly GraphHopViewFragment[], startId: string): string[] {
  const names = new Map<string, string>(hops.map((h) => [h.node.id, nodeLabel(h.node)]));
  names.set(startId, startName);
  return hop.path.map((id) => names.get(id) ?? '…');
}

/** "3 items at 2 depths". */
export function summarize(levels: readonly HopLevel[]): string {
  const count = levels.reduce((sum, level) => sum + level.hops.length, 0);
  if (count === 0) return 'Nothing';
  const items = `${count} item${count === 1 ? '' : 's'}`;
  return levels.length === 1 ? items : `${items} at ${levels.length} depths`;
}
