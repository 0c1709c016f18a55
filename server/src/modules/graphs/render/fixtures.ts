/**
 * Graphs for the tests of the pictures and for measuring the layout: a small
 * hand-made one, and random layered DAGs of any size (seeded, so the same
 * every run).
 */
import { RELATION_KINDS } from '../../relations/relation.model.js';
import type { GraphEdge, GraphNode, GraphPicture } from './types.js';

/** A shop: a system, its load balancer, applications, a database, servers, a volume, a datacenter. */
export function smallPicture(title = 'Shop dependencies'): GraphPicture {
  const node = (id: string, type: string, name: string, depth: number, system: string | null = 'Shop'): GraphNode => ({
    id, type, name, depth, root: depth === 0, system, family: null,
  });
  return {
    title,
    nodes: [
      node('sys', 'System', 'Shop', 0),
      node('lb', 'LoadBalancer', 'shop-lb', 1),
      node('web', 'Application', 'shop-web', 1),
      node('api', 'Application', 'shop-api', 2),
      node('db', 'Database', 'orders-db', 3),
      node('s1', 'Server', 'web-01.example.org', 2, null),
      node('s2', 'Server', 'db-01.example.org', 4, null),
      node('vol', 'Volume', 'orders-data', 5, null),
      node('dc', 'Datacenter', 'Paris 1', 3, null),
    ],
    edges: [
      { from: 'web', to: 'sys', kind: 'PART_OF' },
      { from: 'sys', to: 'web', kind: 'ENTRY_POINT' },
      { from: 'lb', to: 'sys', kind: 'PART_OF' },
      { from: 'lb', to: 'web', kind: 'TARGETS' },
      { from: 'web', to: 'api', kind: 'DEPENDS_ON' },
      { from: 'api', to: 'db', kind: 'DEPENDS_ON' },
      { from: 'web', to: 's1', kind: 'RUNS_ON' },
      { from: 'api', to: 's1', kind: 'RUNS_ON' },
      { from: 'db', to: 's2', kind: 'RUNS_ON' },
      { from: 'vol', to: 's2', kind: 'ATTACHED_TO' },
      { from: 's1', to: 'dc', kind: 'LOCATED_IN' },
    ],
  };
}

/** A small seeded generator (a linear congruential one: enough for shapes of graphs). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const TYPES = ['Application', 'Database', 'Server', 'LoadBalancer', 'Resource', 'Volume', 'Network', 'Service'];

/**
 * A random layered DAG: `nodes` items (about 2 % of them roots) over about
 * √n / 2 layers, `edgesPerNode` edges per item from a layer to one of the two
 * next ones, items spread over `systems` systems (none: no system).
 */
export function randomDag(nodes: number, options: { edgesPerNode?: number; systems?: number; seed?: number } = {}): GraphPicture {
  const next = random(options.seed ?? 1);
  const layers = Math.max(2, Math.round(Math.sqrt(nodes) / 2));
  const roots = Math.max(1, Math.round(nodes / 50));
  const byLayer: number[][] = Array.from({ length: layers }, () => []);
  const list: GraphNode[] = [];
  for (let i = 0; i < nodes; i++) {
    const depth = i < roots ? 0 : 1 + Math.floor(next() * (layers - 1));
    byLayer[depth]?.push(i);
    const systems = options.systems ?? 0;
    list.push({
      id: `n${i}`,
      type: TYPES[i % TYPES.length] as string,
      name: `item ${i}`,
      depth,
      root: depth === 0,
      system: systems > 0 && next() < 0.8 ? `S${Math.floor(next() * systems)}` : null,
    });
  }
  const wanted = Math.round(nodes * (options.edgesPerNode ?? 4));
  const keys = new Set<string>();
  const edges: GraphEdge[] = [];
  for (let tries = 0; edges.length < wanted && tries < wanted * 10; tries++) {
    const from = Math.floor(next() * nodes);
    const layer = byLayer[(list[from] as GraphNode).depth + 1 + Math.floor(next() * 2)];
    if (!layer || layer.length === 0) continue;
    const to = layer[Math.floor(next() * layer.length)] as number;
    const kind = RELATION_KINDS[Math.floor(next() * RELATION_KINDS.length)] as GraphEdge['kind'];
    const key = `${from}>${to}`;
    if (keys.has(key)) continue;
    keys.add(key);
    edges.push({ from: `n${from}`, to: `n${to}`, kind });
  }
  return { title: `Random graph of ${nodes} items`, nodes: list, edges };
}
