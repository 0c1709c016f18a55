import type { RelationKind } from '../../gql/graphql.ts';

/**
 * The interactive picture's arithmetic, apart from React: which items and
 * relations show under a type filter, the path from an item back to the
 * roots, a simple layout by depth, where an edge meets a box, and zooming.
 */

export interface PictureNode {
  id: string;
  type: string;
  name: string;
  depth: number;
  root: boolean;
  /** Top left corner and size, in the picture's coordinates. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PictureEdge {
  /** The item that depends. */
  from: string;
  /** What it depends on. */
  to: string;
  kind: RelationKind;
}

export interface Picture {
  nodes: readonly PictureNode[];
  edges: readonly PictureEdge[];
  width: number;
  height: number;
}

export function edgeKey(edge: PictureEdge): string {
  return `${edge.from}|${edge.kind}|${edge.to}`;
}

/** The types present, in order of first appearance. */
export function typesOf(nodes: readonly { type: string }[]): string[] {
  return [...new Set(nodes.map((node) => node.type))];
}

/** The items whose type is not hidden, and the relations between two of them. */
export function visiblePart<TNode extends { id: string; type: string }, TEdge extends { from: string; to: string }>(
  nodes: readonly TNode[],
  edges: readonly TEdge[],
  hidden: ReadonlySet<string>,
): { nodes: TNode[]; edges: TEdge[] } {
  const shown = nodes.filter((node) => !hidden.has(node.type));
  const ids = new Set(shown.map((node) => node.id));
  return { nodes: shown, edges: edges.filter((edge) => ids.has(edge.from) && ids.has(edge.to)) };
}

export interface RootPath {
  nodes: Set<string>;
  edges: Set<string>;
}

/**
 * The way back from an item to the roots (depth 0): a breadth-first walk
 * along the relations backwards (from what is depended on to what depends on
 * it), keeping, for every root reached, the shortest way from the item to it.
 */
export function pathToRoots(start: string, nodes: readonly { id: string; depth: number }[], edges: readonly PictureEdge[]): RootPath {
  const depthOf = new Map(nodes.map((node) => [node.id, node.depth]));
  const into = new Map<string, PictureEdge[]>();
  for (const edge of edges) {
    const list = into.get(edge.to) ?? [];
    list.push(edge);
    into.set(edge.to, list);
  }
  const cameBy = new Map<string, PictureEdge | null>([[start, null]]);
  const queue = [start];
  const roots: string[] = [];
  for (let at = 0; at < queue.length; at += 1) {
    const id = queue[at]!;
    if (depthOf.get(id) === 0) {
      roots.push(id);
      continue;
    }
    for (const edge of into.get(id) ?? []) {
      if (cameBy.has(edge.from)) continue;
      cameBy.set(edge.from, edge);
      queue.push(edge.from);
    }
  }
  const path: RootPath = { nodes: new Set([start]), edges: new Set() };
  for (const root of roots) {
    let id: string | undefined = root;
    while (id !== undefined && id !== start) {
      path.nodes.add(id);
      const edge = cameBy.get(id);
      if (!edge) break;
      path.edges.add(edgeKey(edge));
      id = edge.to;
    }
  }
  return path;
}

export const SIMPLE_NODE_WIDTH = 150;
export const SIMPLE_NODE_HEIGHT = 36;
const COLUMN_GAP = 60;
const ROW_GAP = 14;
const MARGIN = 10;

/** Items laid out without a server: a column per depth, one row per item in the order given. */
export function layoutByDepth(nodes: readonly Omit<PictureNode, 'x' | 'y' | 'width' | 'height'>[], edges: readonly PictureEdge[]): Picture {
  const rows = new Map<number, number>();
  const placed = nodes.map((node) => {
    const row = rows.get(node.depth) ?? 0;
    rows.set(node.depth, row + 1);
    return {
      ...node,
      x: MARGIN + node.depth * (SIMPLE_NODE_WIDTH + COLUMN_GAP),
      y: MARGIN + row * (SIMPLE_NODE_HEIGHT + ROW_GAP),
      width: SIMPLE_NODE_WIDTH,
      height: SIMPLE_NODE_HEIGHT,
    };
  });
  const columns = Math.max(0, ...placed.map((node) => node.depth)) + 1;
  const tallest = Math.max(1, ...rows.values());
  return {
    nodes: placed,
    edges,
    width: 2 * MARGIN + columns * SIMPLE_NODE_WIDTH + (columns - 1) * COLUMN_GAP,
    height: 2 * MARGIN + tallest * SIMPLE_NODE_HEIGHT + (tallest - 1) * ROW_GAP,
  };
}

export interface Point {
  x: number;
  y: number;
}

export function centerOf(node: PictureNode): Point {
  return { x: node.x + node.width / 2, y: node.y + node.height / 2 };
}

/** Where the line from the box's center towards `toward` leaves the box. */
export function boxExit(node: PictureNode, toward: Point): Point {
  const center = centerOf(node);
  const dx = toward.x - center.x;
  const dy = toward.y - center.y;
  if (dx === 0 && dy === 0) return center;
  const scale = Math.min(dx === 0 ? Infinity : node.width / 2 / Math.abs(dx), dy === 0 ? Infinity : node.height / 2 / Math.abs(dy));
  return { x: center.x + dx * Math.min(1, scale), y: center.y + dy * Math.min(1, scale) };
}

export interface View {
  /** Picture units moved, in screen pixels. */
  x: number;
  y: number;
  scale: number;
}

export const MIN_SCALE = 0.2;
export const MAX_SCALE = 4;

/** The view zoomed by `factor` around a point of the screen, which stays where it is. */
export function zoomAt(view: View, factor: number, at: Point): View {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
  const ratio = scale / view.scale;
  return { scale, x: at.x - (at.x - view.x) * ratio, y: at.y - (at.y - view.y) * ratio };
}

/** The view that shows the whole picture in a frame of that size (never enlarged past 1). */
export function fitView(picture: { width: number; height: number }, frame: { width: number; height: number }): View {
  if (picture.width <= 0 || picture.height <= 0 || frame.width <= 0 || frame.height <= 0) return { x: 0, y: 0, scale: 1 };
  const scale = Math.max(MIN_SCALE, Math.min(1, frame.width / picture.width, frame.height / picture.height));
  return { scale, x: (frame.width - picture.width * scale) / 2, y: (frame.height - picture.height * scale) / 2 };
}
