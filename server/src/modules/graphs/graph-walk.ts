import { ObjectId } from 'mongodb';
import type { Scope } from '../access/scope.js';
import type { InventoryDoc } from '../inventory/engine/entity-def.js';
import { APPLICATION_FAMILIES } from '../inventory/definitions.js';
import { RELATION_KIND_DEFS, type RelationKind } from '../relations/relation.model.js';
import { toGlobalId } from '../../shared/ids.js';
import type { GraphMetrics } from './graph.model.js';
import type { GraphRepository } from './graph.repository.js';
import type { GraphEdge, GraphNode } from './render/index.js';

/** The relation kinds a graph follows unless told otherwise: what runs where and what needs what. */
export const DEFAULT_GRAPH_KINDS: readonly RelationKind[] = ['DEPENDS_ON', 'RUNS_ON', 'TARGETS', 'ATTACHED_TO', 'USES'];
/** Kinds that say what belongs where rather than what needs what: a graph may follow them, walking into systems and datacenters. */
export const GRAPH_KINDS: readonly RelationKind[] = ['DEPENDS_ON', 'RUNS_ON', 'TARGETS', 'ATTACHED_TO', 'USES', 'LOCATED_IN', 'PART_OF', 'SERVES', 'ENTRY_POINT'];
/** A system without entry points starts at its applications of the first family present, in this order (the original's ranking). */
export const FAMILY_RANK: readonly string[] = ['FRONTEND', 'WEB', 'MOBILE', 'API', 'WORKER', 'JOB', 'LIBRARY', 'OTHER'];
/** Items in one graph, at most: the walk stops adding beyond (the build says so). */
export const MAX_GRAPH_NODES = 20_000;

export interface WalkResult {
  nodes: Array<GraphNode & { doc: InventoryDoc }>;
  edges: GraphEdge[];
  truncated: boolean;
}

const hex = (doc: { _id: ObjectId }) => doc._id.toHexString();
const sortByName = (docs: InventoryDoc[]) => docs.sort((a, b) => (a.nameLower < b.nameLower ? -1 : a.nameLower > b.nameLower ? 1 : hex(a).localeCompare(hex(b))));

/** Along this edge, from `at`, the item `at` depends on (null: the edge says the other one depends on `at`). */
function dependencyOf(edge: { kind: RelationKind; from: string; to: string }, at: string): string | null {
  const forward = RELATION_KIND_DEFS[edge.kind].fromDependsOnTo;
  if (edge.from === at && forward) return edge.to;
  if (edge.to === at && !forward) return edge.from;
  return null;
}

/** The edge oriented from the dependent item to what it depends on. */
function oriented(edge: { kind: RelationKind; from: string; to: string }): { from: string; to: string } {
  return RELATION_KIND_DEFS[edge.kind].fromDependsOnTo ? { from: edge.from, to: edge.to } : { from: edge.to, to: edge.from };
}

/** The applications a system starts at: its entry points, else its applications of the best-ranked family present. */
async function systemRoots(repo: GraphRepository, scope: Scope, systemHex: string): Promise<InventoryDoc[]> {
  const entry = (await repo.edgesAt(scope, [systemHex], ['ENTRY_POINT'])).filter((e) => e.from === systemHex).map((e) => new ObjectId(e.to));
  const entries = await repo.items(scope, entry, ['Application']);
  if (entries.length > 0) return entries;
  const parts = (await repo.edgesAt(scope, [systemHex], ['PART_OF'])).filter((e) => e.to === systemHex && e.fromType === 'Application').map((e) => new ObjectId(e.from));
  const apps = await repo.items(scope, parts, ['Application']);
  for (const family of FAMILY_RANK) {
    const of = apps.filter((a) => (a.family ?? 'OTHER') === family);
    if (of.length > 0) return of;
  }
  return apps;
}

/** The items a graph starts at, those the person reads. */
export async function graphRoots(repo: GraphRepository, scope: Scope, source: 'SYSTEM' | 'CLIENT' | 'APPLICATIONS', sourceIds: readonly string[]): Promise<InventoryDoc[]> {
  const ids = sourceIds.map((id) => new ObjectId(id));
  if (source === 'APPLICATIONS') return sortByName(await repo.items(scope, ids, ['Application']));
  if (source === 'SYSTEM') {
    const systems = await repo.items(scope, ids, ['System']);
    return sortByName((await Promise.all(systems.map((s) => systemRoots(repo, scope, hex(s))))).flat());
  }
  const clients = await repo.items(scope, ids, ['Client']);
  const systemIds = (await repo.edgesAt(scope, clients.map(hex), ['SERVES'])).filter((e) => e.fromType === 'System').map((e) => new ObjectId(e.from));
  const systems = await repo.items(scope, systemIds, ['System']);
  const roots = (await Promise.all(systems.map((s) => systemRoots(repo, scope, hex(s))))).flat();
  return sortByName([...new Map(roots.map((r) => [hex(r), r])).values()]);
}

/** One round of the walk: the edges along which the frontier depends on something (`RelationRepository.dependencyRound`, as `dependencies` walks). */
export type DependencyRound = (frontier: readonly string[], kinds: readonly RelationKind[]) => Promise<Array<{ kind: RelationKind; from: string; to: string }>>;

/**
 * Breadth-first from the roots along what they depend on, with the round
 * `dependencies` and `impact` walk by (one query of edges), then one query
 * for the items they reach, with the person's scope and the types shown, so
 * an item they cannot read is neither shown nor walked through. Each item
 * appears once, at its shortest depth; every edge between two items shown
 * is kept (cycles included): the last items' own round finds theirs.
 */
export async function walkGraph(
  repo: GraphRepository,
  round: DependencyRound,
  scope: Scope,
  roots: InventoryDoc[],
  options: { depth: number; kinds: readonly RelationKind[]; types: readonly string[] },
  onDepth: (depth: number, nodes: number) => Promise<void>,
): Promise<WalkResult> {
  const found = new Map<string, { doc: InventoryDoc; depth: number }>();
  for (const root of roots) if (options.types.length === 0 || options.types.includes(root.type)) found.set(hex(root), { doc: root, depth: 0 });
  const edges = new Map<string, GraphEdge>();
  const keep = (edge: { kind: RelationKind; from: string; to: string }) => {
    const { from, to } = oriented(edge);
    if (found.has(from) && found.has(to)) edges.set(`${edge.kind}|${from}|${to}`, { from: toGlobalId(found.get(from)!.doc.type, from), to: toGlobalId(found.get(to)!.doc.type, to), kind: edge.kind });
  };
  let frontier = [...found.keys()];
  let truncated = false;
  const seenEdges: Array<{ kind: RelationKind; from: string; to: string }> = [];
  for (let level = 1; frontier.length > 0; level += 1) {
    const edges = await round(frontier, options.kinds);
    seenEdges.push(...edges);
    if (level > options.depth) break;
    const inFrontier = new Set(frontier);
    const wanted = new Set<string>();
    for (const edge of edges) {
      for (const at of [edge.from, edge.to]) {
        if (!inFrontier.has(at)) continue;
        const next = dependencyOf(edge, at);
        if (next && !found.has(next)) wanted.add(next);
      }
    }
    if (wanted.size === 0) break;
    let docs = sortByName(await repo.items(scope, [...wanted].map((id) => new ObjectId(id)), options.types));
    if (found.size + docs.length > MAX_GRAPH_NODES) {
      docs = docs.slice(0, Math.max(0, MAX_GRAPH_NODES - found.size));
      truncated = true;
    }
    for (const doc of docs) found.set(hex(doc), { doc, depth: level });
    frontier = docs.map(hex);
    await onDepth(level, found.size);
    if (truncated) break;
  }
  for (const edge of seenEdges) keep(edge);
  const nodes = [...found.entries()].map(([id, { doc, depth }]) => ({
    id: toGlobalId(doc.type, id),
    type: doc.type,
    name: doc.name,
    depth,
    root: depth === 0,
    family: typeof doc.family === 'string' ? doc.family : null,
    system: null as string | null,
    doc,
  }));
  return { nodes, edges: [...edges.values()], truncated };
}

/** Which systems each item is part of, and which clients those serve: names, for the metrics and the picture's groups. */
export async function membership(repo: GraphRepository, scope: Scope, itemHexes: readonly string[]): Promise<{ systems: Map<string, string[]>; clients: Map<string, string[]> }> {
  const items = new Set(itemHexes);
  const partOf = (await repo.edgesAt(scope, itemHexes, ['PART_OF'])).filter((e) => e.toType === 'System' && items.has(e.from));
  const systemDocs = await repo.items(scope, [...new Set(partOf.map((e) => e.to))].map((id) => new ObjectId(id)), ['System']);
  const systemName = new Map(systemDocs.map((d) => [hex(d), d.name]));
  const serves = (await repo.edgesAt(scope, [...systemName.keys()], ['SERVES'])).filter((e) => systemName.has(e.from) && e.toType === 'Client');
  const clientDocs = await repo.items(scope, [...new Set(serves.map((e) => e.to))].map((id) => new ObjectId(id)), ['Client']);
  const clientName = new Map(clientDocs.map((d) => [hex(d), d.name]));
  const clientsOfSystem = new Map<string, string[]>();
  for (const e of serves) if (clientName.has(e.to)) clientsOfSystem.set(e.from, [...(clientsOfSystem.get(e.from) ?? []), clientName.get(e.to)!]);
  const systems = new Map<string, string[]>();
  const clients = new Map<string, string[]>();
  for (const e of partOf) {
    const name = systemName.get(e.to);
    if (!name) continue;
    systems.set(e.from, [...new Set([...(systems.get(e.from) ?? []), name])]);
    clients.set(e.from, [...new Set([...(clients.get(e.from) ?? []), ...(clientsOfSystem.get(e.to) ?? [])])]);
  }
  return { systems, clients };
}

const counted = (labels: string[]) =>
  [...labels.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>())]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));

/** The metrics of a graph: sizes, density, depths, counts by type, family, system and client, cycles, the most depended-on items. */
export function graphMetrics(nodes: ReadonlyArray<GraphNode>, edges: ReadonlyArray<GraphEdge>, systems: ReadonlyMap<string, string[]>, clients: ReadonlyMap<string, string[]>): GraphMetrics {
  const n = nodes.length;
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const depths = new Map<number, number>();
  for (const node of nodes) depths.set(node.depth, (depths.get(node.depth) ?? 0) + 1);
  const hexOf = (id: string) => Buffer.from(id, 'base64url').toString('utf8').split(':')[1] ?? id;
  const dependents = new Map<string, number>();
  for (const e of edges) dependents.set(e.to, (dependents.get(e.to) ?? 0) + 1);
  return {
    nodes: n,
    edges: edges.length,
    density: n > 1 ? edges.length / (n * (n - 1)) : 0,
    byDepth: [...depths].map(([depth, count]) => ({ depth, count })).sort((a, b) => a.depth - b.depth),
    byType: counted(nodes.map((node) => node.type)),
    byFamily: counted(nodes.filter((node) => node.type === 'Application').map((node) => (node.family && APPLICATION_FAMILIES.includes(node.family as never) ? node.family : 'none'))),
    bySystem: counted(nodes.flatMap((node) => systems.get(hexOf(node.id)) ?? [])),
    byClient: counted(nodes.flatMap((node) => clients.get(hexOf(node.id)) ?? [])),
    cycles: cyclesOf(nodes, edges).map((ids) => ({ items: ids.map((id) => byId.get(id)?.name ?? id) })),
    mostDependedOn: [...dependents]
      .map(([id, count]) => ({ id, name: byId.get(id)?.name ?? id, type: byId.get(id)?.type ?? '', dependents: count }))
      .sort((a, b) => b.dependents - a.dependents || a.name.localeCompare(b.name))
      .slice(0, 10),
  };
}

/**
 * Cycles: each strongly connected set of two or more items (or an item that
 * depends on itself), with its items in the order a walk along its edges
 * meets them (Tarjan's algorithm, without recursion). At most 20.
 */
export function cyclesOf(nodes: ReadonlyArray<GraphNode>, edges: ReadonlyArray<GraphEdge>): string[][] {
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  for (const start of nodes.map((node) => node.id)) {
    if (index.has(start)) continue;
    const work: Array<{ id: string; next: number }> = [{ id: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter);
    counter += 1;
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work.at(-1)!;
      const targets = out.get(frame.id) ?? [];
      if (frame.next < targets.length) {
        const to = targets[frame.next]!;
        frame.next += 1;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter);
          counter += 1;
          stack.push(to);
          onStack.add(to);
          work.push({ id: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work.at(-1);
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const members: string[] = [];
        for (;;) {
          const id = stack.pop()!;
          onStack.delete(id);
          members.push(id);
          if (id === frame.id) break;
        }
        const selfLoop = members.length === 1 && (out.get(members[0]!) ?? []).includes(members[0]!);
        if ((members.length > 1 || selfLoop) && cycles.length < 20) cycles.push(members.reverse());
      }
    }
  }
  return cycles;
}
