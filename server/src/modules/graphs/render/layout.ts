/*
 * Layered layout of a dependency graph, by elkjs (the Eclipse Layout Kernel
 * compiled to JavaScript), computed in the worker.
 *
 * elkjs is imported by its package entry (`lib/main.js`, CommonJS): in Node it
 * runs the layout in the calling thread through the "fake worker" it bundles
 * (`elk-worker.min.js`), needs no Web Worker and loads as a default import in
 * Node's ESM, in the compiled JS of dist/ as well as under the tests. The
 * layout is synchronous work on the event loop, which is what a worker is for.
 *
 * Measured on 2 cores (Node 24, random layered DAGs with 4 edges per node,
 * nodes of 216 × 52, one layout per process, so the kernel's start included):
 *
 *   nicer settings: NETWORK_SIMPLEX placement, ORTHOGONAL routing
 *        50 nodes /    200 edges    0.5 s
 *       100       /    400          0.7–0.9 s
 *       140       /    560          1.1 s
 *       200       /    800          1.5 s
 *       300       /  1,200          3.8 s
 *       500       /  2,000         14.8 s
 *     2,000       /  8,000        286 s
 *   fast settings: SIMPLE placement, LONGEST_PATH_SOURCE layering,
 *   LAYER_SWEEP crossing minimisation with thoroughness 1 and no greedy
 *   switch, POLYLINE routing (no splines)
 *       150       /    600          0.2 s
 *       500       /  2,000          0.5–1.0 s
 *     1,000       /  4,000          0.8–1.8 s
 *     1,500       /  6,000          1.1–1.6 s
 *     2,000       /  8,000          1.9–2.7 s
 *     3,000       / 12,000          2.8 s
 *     5,000       / 20,000          4.2–5.0 s
 *   (LINEAR_SEGMENTS placement instead of SIMPLE: 2,000 / 8,000 in 5.0 s, and 4 times as wide)
 *   grouped (2,000 and 5,000 items, 8,000 and 20,000 relations): 0.1–0.6 s
 *
 * Hence: the nicer settings up to a size of NICE_MAX_SIZE (about 140 items,
 * a second), the fast ones above, and past MAX_LAID_OUT_NODES items or
 * MAX_LAID_OUT_EDGES relations (about 1.5 s) the graph is grouped first, by
 * system, else by depth, so that a layout stays within about two seconds and
 * the picture stays readable.
 */
import elkjs, { type ElkExtendedEdge, type ElkNode, type LayoutOptions } from 'elkjs';
import { GROUP_TYPE } from './styles.js';
import type { GraphEdge, GraphLayout, GraphNode, GraphPicture, LaidOutEdge, LaidOutNode } from './types.js';

/*
 * The package is CommonJS while its types declare an ES default export: Node's
 * default import is `module.exports`, the constructor, which also carries itself
 * as `default`, so `.default` is the constructor for the types and at run time.
 */
const ELK = elkjs.default;

/**
 * Up to this size, the nicer (slower) settings. The size counts the nodes and,
 * for each edge, the layers it crosses (an edge over 5 layers is 5 pieces for
 * the kernel to place): a random DAG of 150 items and 600 edges is about 1,000.
 */
export const NICE_MAX_SIZE = 1_000;
/** Above this many items, or relations, the graph is grouped before its layout. */
export const MAX_LAID_OUT_NODES = 1_500;
export const MAX_LAID_OUT_EDGES = 6_000;
/** A grouped graph whose boxes are tied by more pairs than this is grouped by depth instead. */
const MAX_GROUPED_PAIRS = 1_000;

export const NODE_WIDTH = 216;
export const NODE_HEIGHT = 52;
const PADDING = 24;
/** Between the drawn lines of relations sharing a route. */
const LANE_GAP = 5;
/** The size of a layout with nothing in it. */
const EMPTY_WIDTH = 320;
const EMPTY_HEIGHT = 120;

const COMMON_OPTIONS: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.padding': `[top=${PADDING},left=${PADDING},bottom=${PADDING},right=${PADDING}]`,
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.spacing.edgeNode': '16',
  'elk.spacing.edgeEdge': '10',
  'elk.separateConnectedComponents': 'true',
};

const NICE_OPTIONS: LayoutOptions = {
  ...COMMON_OPTIONS,
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.edgeRouting': 'ORTHOGONAL',
};

const FAST_OPTIONS: LayoutOptions = {
  ...COMMON_OPTIONS,
  'elk.layered.layering.strategy': 'LONGEST_PATH_SOURCE',
  'elk.layered.nodePlacement.strategy': 'SIMPLE',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
  'elk.layered.thoroughness': '1',
  'elk.edgeRouting': 'POLYLINE',
};

/** The options for a graph of this size (see NICE_MAX_SIZE). */
export function layoutOptionsFor(size: number): LayoutOptions {
  return size <= NICE_MAX_SIZE ? NICE_OPTIONS : FAST_OPTIONS;
}

/**
 * Layered layout, roots in the first layer and the rest below by the walk's
 * depth. Above MAX_LAID_OUT_NODES items the graph is grouped first and
 * `notice` says so.
 */
export async function layoutGraph(picture: GraphPicture): Promise<GraphLayout> {
  const { nodes, edges } = clean(picture);
  if (nodes.length === 0) return { width: EMPTY_WIDTH, height: EMPTY_HEIGHT, nodes: [], edges: [], notice: null };
  if (nodes.length <= MAX_LAID_OUT_NODES && edges.length <= MAX_LAID_OUT_EDGES) return { ...(await layOut(nodes, edges)), notice: null };
  const grouped = group(nodes, edges);
  return { ...(await layOut(grouped.nodes, grouped.edges)), notice: grouped.notice };
}

/** One node per id (the first), and only the edges whose two ends are there. */
function clean(picture: GraphPicture): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const byId = new Map<string, GraphNode>();
  for (const node of picture.nodes) if (!byId.has(node.id)) byId.set(node.id, node);
  const seen = new Set<string>();
  const edges: GraphEdge[] = [];
  for (const edge of picture.edges) {
    const key = `${edge.kind}|${edge.from}|${edge.to}`;
    if (!byId.has(edge.from) || !byId.has(edge.to) || seen.has(key)) continue;
    seen.add(key);
    edges.push(edge);
  }
  return { nodes: [...byId.values()], edges };
}

interface Sized {
  nodes: Array<GraphNode & { members?: string[] }>;
  edges: Array<GraphEdge & { count?: number }>;
}

async function layOut(nodes: Sized['nodes'], edges: Sized['edges']): Promise<Omit<GraphLayout, 'notice'>> {
  const depthOf = new Map(nodes.map((node) => [node.id, node.depth]));
  // Edges run away from the roots for the layout (a PART_OF edge points back
  // at its system, a root): the drawn arrow keeps the relation's direction.
  // Relations of several kinds between the same two items share one route
  // (each drawn a little aside): fewer edges for the kernel to place.
  const reversed: boolean[] = [];
  const routeOf: Array<{ id: string; lane: number } | undefined> = [];
  const pairs = new Map<string, { id: string; lanes: number }>();
  const elkEdges: ElkExtendedEdge[] = [];
  const entered = new Set<string>();
  let size = nodes.length;
  edges.forEach((edge, index) => {
    if (edge.from === edge.to) return;
    const back = (depthOf.get(edge.from) ?? 0) > (depthOf.get(edge.to) ?? 0);
    reversed[index] = back;
    const [source, target] = back ? [edge.to, edge.from] : [edge.from, edge.to];
    const key = `${source}\u0000${target}`;
    const pair = pairs.get(key);
    if (pair) {
      routeOf[index] = { id: pair.id, lane: pair.lanes++ };
      return;
    }
    const id = `e${elkEdges.length}`;
    pairs.set(key, { id, lanes: 1 });
    routeOf[index] = { id, lane: 0 };
    entered.add(target);
    size += Math.max(1, Math.abs((depthOf.get(source) ?? 0) - (depthOf.get(target) ?? 0)));
    elkEdges.push({ id, sources: [source], targets: [target] });
  });
  // Roots in the first layer: ELK refuses that constraint on a node with an
  // incoming edge, which a root has only from another root (it then sits just below).
  const children: ElkNode[] = nodes.map((node) => ({
    id: node.id,
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
    ...(node.root && !entered.has(node.id) ? { layoutOptions: { 'elk.layered.layering.layerConstraint': 'FIRST' } } : {}),
  }));
  const graph: ElkNode = { id: 'graph', layoutOptions: layoutOptionsFor(size), children, edges: elkEdges };
  const result = await new ELK().layout(graph);

  const placed = new Map<string, LaidOutNode>();
  const byId = new Map(nodes.map((node) => [node.id, node]));
  for (const child of result.children ?? []) {
    const node = byId.get(child.id);
    if (!node) continue;
    placed.set(node.id, { ...node, x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? NODE_WIDTH, height: child.height ?? NODE_HEIGHT });
  }
  const routes = new Map<string, Array<{ x: number; y: number }>>();
  for (const edge of result.edges ?? []) {
    const points: Array<{ x: number; y: number }> = [];
    for (const section of edge.sections ?? []) {
      points.push(section.startPoint, ...(section.bendPoints ?? []), section.endPoint);
    }
    routes.set(edge.id, points.map(({ x, y }) => ({ x, y })));
  }
  const laidOutEdges: LaidOutEdge[] = edges.map((edge, index) => {
    const way = routeOf[index];
    const route = way ? routes.get(way.id) : undefined;
    let points: Array<{ x: number; y: number }>;
    if (route && route.length >= 2) {
      // Lanes alternate either side of the shared route, LANE_GAP apart.
      const shift = way && way.lane > 0 ? Math.ceil(way.lane / 2) * LANE_GAP * (way.lane % 2 === 1 ? 1 : -1) : 0;
      points = route.map(({ x, y }) => ({ x: x + shift, y }));
      if (reversed[index]) points.reverse();
    } else {
      points = fallbackRoute(placed.get(edge.from), placed.get(edge.to));
    }
    return { ...edge, points };
  });
  return {
    width: Math.ceil(result.width ?? EMPTY_WIDTH),
    height: Math.ceil(result.height ?? EMPTY_HEIGHT),
    nodes: nodes.map((node) => placed.get(node.id) ?? { ...node, x: PADDING, y: PADDING, width: NODE_WIDTH, height: NODE_HEIGHT }),
    edges: laidOutEdges,
  };
}

/** A loop on the right of a node to itself, or a straight line when the kernel gave no route. */
function fallbackRoute(from: LaidOutNode | undefined, to: LaidOutNode | undefined): Array<{ x: number; y: number }> {
  if (!from || !to) return [];
  if (from.id === to.id) {
    const right = from.x + from.width;
    const top = from.y + from.height / 4;
    const bottom = from.y + (3 * from.height) / 4;
    return [
      { x: right, y: top },
      { x: right + 16, y: top },
      { x: right + 16, y: bottom },
      { x: right, y: bottom },
    ];
  }
  return [
    { x: from.x + from.width / 2, y: from.y + from.height },
    { x: to.x + to.width / 2, y: to.y },
  ];
}

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * One box per system ("System X (n items)"), items without a system one box
 * per depth ("depth 3 (n items)"); edges between boxes merged per kind with
 * their count, edges inside a box dropped. When even that leaves more boxes
 * than the cap (thousands of systems), every box is a depth.
 */
export function group(nodes: GraphNode[], edges: GraphEdge[]): Sized & { notice: string } {
  let grouped = groupBy(nodes, edges, true);
  // Thousands of systems, or systems all tied to each other: by depth then.
  if (grouped.nodes.length > MAX_LAID_OUT_NODES || pairCount(grouped.edges) > MAX_GROUPED_PAIRS) grouped = groupBy(nodes, edges, false);
  const how = grouped.bySystem ? 'grouped by system' : 'grouped by depth';
  const why =
    nodes.length > MAX_LAID_OUT_NODES
      ? `${count(nodes.length)} items: ${how} to stay readable (over ${count(MAX_LAID_OUT_NODES)})`
      : `${count(nodes.length)} items, ${count(edges.length)} relations: ${how} to stay readable (over ${count(MAX_LAID_OUT_EDGES)} relations)`;
  return { nodes: grouped.nodes, edges: grouped.edges, notice: why };
}

function pairCount(edges: GraphEdge[]): number {
  return new Set(edges.map((edge) => `${edge.from}\u0000${edge.to}`)).size;
}

function groupBy(nodes: GraphNode[], edges: GraphEdge[], bySystem: boolean): Sized & { bySystem: boolean } {
  const keys = groupKeys(nodes, bySystem);
  const groups = new Map<string, GraphNode & { members: string[] }>();
  for (const node of nodes) {
    const key = keys.get(node.id) as string;
    let box = groups.get(key);
    if (!box) {
      const system = bySystem && node.system ? node.system : null;
      box = { id: key, type: GROUP_TYPE, name: '', depth: node.depth, root: false, system, family: null, members: [] };
      groups.set(key, box);
    }
    box.members.push(node.id);
    box.depth = Math.min(box.depth, node.depth);
    box.root ||= node.root;
  }
  for (const box of groups.values()) {
    const items = `${count(box.members.length)} ${box.members.length === 1 ? 'item' : 'items'}`;
    box.name = box.system ? `System ${box.system} (${items})` : `depth ${box.depth} (${items})`;
  }
  const merged = new Map<string, GraphEdge & { count: number }>();
  for (const edge of edges) {
    const from = keys.get(edge.from) as string;
    const to = keys.get(edge.to) as string;
    if (from === to) continue;
    const key = `${edge.kind}|${from}|${to}`;
    const existing = merged.get(key);
    if (existing) existing.count += 1;
    else merged.set(key, { from, to, kind: edge.kind, count: 1 });
  }
  return { nodes: [...groups.values()], edges: [...merged.values()], bySystem };
}

function groupKeys(nodes: GraphNode[], bySystem: boolean): Map<string, string> {
  return new Map(
    nodes.map((node) => [node.id, bySystem && node.system ? `system:${node.system}` : `depth:${node.depth}`]),
  );
}
