import type { GraphHopViewFragment } from '../../gql/graphql.ts';
import { nodeLabel } from '../inventory/item-values.ts';
import { layoutByDepth, type Picture, type PictureEdge } from './graph-picture.ts';

/**
 * A walk from one item (its dependencies or its impact) as a small picture:
 * the item in the first column, then a column per depth, each hop joined to
 * the one before it on its path. Relations point from what depends to what
 * it depends on, so an impact's arrows point back towards the item.
 */
export function hopsPicture(mode: 'impact' | 'dependencies', start: { id: string; type: string; name: string }, hops: readonly GraphHopViewFragment[]): Picture {
  const nodes = [{ id: start.id, type: start.type, name: start.name, depth: 0, root: true }];
  const seen = new Set([start.id]);
  const edges: PictureEdge[] = [];
  const keys = new Set<string>();
  const ordered = [...hops].sort((a, b) => a.depth - b.depth);
  for (const hop of ordered) {
    if (!seen.has(hop.node.id)) {
      seen.add(hop.node.id);
      nodes.push({ id: hop.node.id, type: hop.node.__typename, name: nodeLabel(hop.node), depth: hop.depth, root: false });
    }
    const before = hop.path.length >= 2 ? hop.path[hop.path.length - 2] : start.id;
    if (!before) continue;
    const edge: PictureEdge = mode === 'dependencies' ? { from: before, to: hop.node.id, kind: hop.via } : { from: hop.node.id, to: before, kind: hop.via };
    const key = `${edge.from}|${edge.kind}|${edge.to}`;
    if (!keys.has(key)) {
      keys.add(key);
      edges.push(edge);
    }
  }
  return layoutByDepth(nodes, edges.filter((edge) => seen.has(edge.from) && seen.has(edge.to)));
}
