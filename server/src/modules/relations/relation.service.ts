import { ObjectId } from 'mongodb';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../../graphql/errors.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import type { Scope } from '../access/scope.js';
import type { HistoryService } from '../history/history.service.js';
import { relationPath } from '../history/change.model.js';
import { systemActor, userActor } from '../history/actor.js';
import type { InventoryDoc } from '../inventory/engine/entity-def.js';
import type { InventoryRepository } from '../inventory/engine/inventory.repository.js';
import type { PendingChange } from '../history/history.service.js';
import { endCopy, endFields, RELATION_KIND_DEFS, relationId, type EndCopy, type RelationDoc, type RelationField, type RelationKind } from './relation.model.js';
import type { NeighbourCursor, NeighbourKey, RelationRepository } from './relation.repository.js';

/** One page a relation field asks for: whose neighbours, how many, after which. */
export interface NeighbourRequest {
  id: string;
  first: number;
  after?: NeighbourCursor;
}

export interface NeighbourPage {
  items: Array<{ doc: InventoryDoc; cursor: NeighbourCursor }>;
  hasNextPage: boolean;
  totalCount: number;
  /** Where the next page starts: the page's last edge (its item may have just become unreadable). */
  end: NeighbourCursor | null;
}

/** Changes after which an item's copy on its edges (readers, name) may be stale. */
const COPY_CHANGING = new Set(['GRANT', 'REVOKE', 'DELETE', 'RESTORE']);

export interface Hop {
  node: InventoryDoc;
  depth: number;
  /** Global ids from the start to this node, both included. */
  path: string[];
  /** The kind of the edge that reached it. */
  via: RelationKind;
}

export const MAX_DEPTH = 20;
const TREE_MAX = 500;

/**
 * Links between inventory items and the questions asked of them. Every
 * write needs WRITE on both ends; every read sees an edge only when the
 * caller can read the item at its other end.
 */
export class RelationService {
  constructor(
    private readonly relations: RelationRepository,
    private readonly inventory: InventoryRepository,
    private readonly history: HistoryService,
  ) {}

  /**
   * Records a LINK or UNLINK on both ends of an edge (each end moves to its
   * next revision with the change on it, then the change is recorded). Skips
   * an end that has it already, so a repair or a retry records it once.
   */
  private async recordEnds(edge: RelationDoc, operation: 'LINK' | 'UNLINK', scope: Scope | null, repairing = false): Promise<void> {
    const ends: Array<[string, 'out' | 'in', string, string]> = [
      [edge.from, 'out', edge.to, edge.toType],
      [edge.to, 'in', edge.from, edge.fromType],
    ];
    for (const [end, direction, other, otherType] of ends) {
      // Only a repair can find an end that already has it; a fresh link or unlink cannot.
      void repairing;
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const doc = await this.inventory.findAny(new ObjectId(end));
        if (!doc) break;
        const left = Object.values(doc.pending ?? {}) as Array<{ relationId?: string; operation?: string }>;
        await this.history.commit('inventory', doc);
        // A crash after this very change reached the entity: recording it was all that was left.
        if (left.some((p) => p.relationId === edge._id && p.operation === operation)) break;
        const otherId = toGlobalId(otherType, other);
        const pending = this.history.pending(doc, doc.type, doc.revision + 1, {
          operation,
          actor: scope ? userActor(scope) : systemActor('repair'),
          diff: [{ path: relationPath(edge.kind, direction), before: operation === 'LINK' ? null : otherId, after: operation === 'LINK' ? otherId : null }],
          readers: doc.access.read,
        });
        const updated = await this.inventory.bumpWithChange(doc._id, doc.revision, pending);
        if (updated) {
          await this.history.commit('inventory', updated);
          break;
        }
      }
    }
  }

  /**
   * Finishes every edge a crash left half-recorded, among those written
   * before `madeBefore` (younger ones may be in flight). Run at start-up and
   * by the periodic repair (see `repairStrandedChanges`).
   */
  async repair(madeBefore: Date): Promise<number> {
    const edges = await this.relations.unfinished(madeBefore);
    for (const edge of edges) {
      if (edge.removing) {
        await this.recordEnds(edge, 'UNLINK', null, true);
        await this.relations.delete(edge._id);
      } else {
        await this.recordEnds(edge, 'LINK', null, true);
        await this.copyEnds(edge);
        await this.relations.setRecorded(edge._id);
      }
    }
    return edges.length;
  }

  /**
   * Puts the current copy of an item (readers, name) on its edges when one
   * of `changes` may have moved it: access granted or revoked, deleted or
   * restored, renamed. Run before the changes are recorded (see
   * `HistoryService.onChange`), so a crash between the item's write and
   * this leaves the change on the item, and the repair copies it again.
   */
  async itemChanged(entity: InventoryDoc, changes: readonly PendingChange[], nameField: string): Promise<void> {
    const moved = changes.some((c) => COPY_CHANGING.has(c.operation) || (c.operation === 'UPDATE' && c.diff.some((d) => d.path === nameField)));
    if (moved) await this.relations.setEnd(entity._id.toHexString(), endCopy(entity));
  }

  /**
   * Copies both ends of a new edge afresh once it is stored. The edge was
   * made from the ends as they were read before; a change of access that
   * landed in between found no edge to copy itself to, and is seen here
   * (a later one finds the edge). Copies only ever move to newer revisions.
   */
  private async copyEnds(edge: RelationDoc): Promise<void> {
    for (const side of ['from', 'to'] as const) {
      const doc = await this.inventory.findAny(new ObjectId(edge[side]));
      if (doc) await this.relations.setEndOn(edge._id, side, endCopy(doc));
    }
  }

  /** Gives every edge stored without copies of its ends (before they existed) its copies; run at start-up. */
  async copyMissingEnds(): Promise<number> {
    const edges = await this.relations.withoutCopies();
    const ends = [...new Set(edges.flatMap((e) => [e.from, e.to]))];
    const copies = new Map<string, EndCopy>();
    for (let i = 0; i < ends.length; i += 1000) {
      for (const doc of await this.inventory.findAnyMany(ends.slice(i, i + 1000).map(objectIdOf))) copies.set(doc._id.toHexString(), endCopy(doc));
    }
    const fills = edges.map((e) => ({
      id: e._id,
      copies: (['from', 'to'] as const).flatMap((side): Array<['from' | 'to', EndCopy]> => {
        const copy = copies.get(e[side]);
        return copy && e[`${side}Rev`] === undefined ? [[side, copy]] : [];
      }),
    }));
    await this.relations.fillCopies(fills);
    return edges.length;
  }

  /** Both ends, writable by the caller, or the error that says why not: one command when all is well. */
  private async writableEnds(scope: Scope, fromId: ObjectId, toIds: ObjectId[], paths: { from: string; to: string }): Promise<{ from: InventoryDoc; to: Map<string, InventoryDoc> }> {
    const ids = [fromId, ...toIds];
    const writable = await this.inventory.findByIds(scope, ids, 'write');
    const byId = new Map(writable.map((d) => [d._id.toHexString(), d]));
    const missing = ids.filter((id) => !byId.has(id.toHexString()));
    if (missing.length > 0) {
      const readable = await this.inventory.findByIds(scope, missing, 'read');
      if (readable.length === missing.length) throw new ForbiddenError('You need WRITE on both ends to link or unlink them.');
      const invisible = missing.find((id) => !readable.some((d) => d._id.equals(id)))!;
      throw new NotFoundError(`No such item, or you cannot see it (${invisible.equals(fromId) ? paths.from : paths.to}).`);
    }
    const from = byId.get(fromId.toHexString())!;
    byId.delete(fromId.toHexString());
    return { from, to: byId };
  }

  private checkKind(kind: RelationKind, from: InventoryDoc, to: InventoryDoc): void {
    const def = RELATION_KIND_DEFS[kind];
    if (from._id.equals(to._id)) throw new InputError('An item cannot be linked to itself.', [{ path: 'input.to', message: 'must differ from input.from' }]);
    if (!def.from.includes(from.type)) {
      throw new InputError(`${kind} cannot start at a ${from.type}; it starts at ${def.from.join(', ')}.`, [{ path: 'input.from', message: `must be a ${def.from.join(' or ')}` }]);
    }
    if (!def.to.includes(to.type)) {
      throw new InputError(`${kind} cannot end at a ${to.type}; it ends at ${def.to.join(', ')}.`, [{ path: 'input.to', message: `must be a ${def.to.join(' or ')}` }]);
    }
  }

  async link(scope: Scope, fromGlobal: string, toGlobal: string, kind: RelationKind): Promise<RelationDoc> {
    const fromId = fromGlobalId(fromGlobal, 'input.from').id;
    const toId = fromGlobalId(toGlobal, 'input.to').id;
    if (fromId.equals(toId)) throw new InputError('An item cannot be linked to itself.', [{ path: 'input.to', message: 'must differ from input.from' }]);
    const ends = await this.writableEnds(scope, fromId, [toId], { from: 'input.from', to: 'input.to' });
    const to = ends.to.get(toId.toHexString())!;
    this.checkKind(kind, ends.from, to);
    const edge = this.edge(kind, ends.from, to, scope);
    if (!(await this.relations.insertIfAbsent(edge))) throw new ConflictError(`These two are already linked by ${kind}.`);
    await this.recordEnds(edge, 'LINK', scope);
    await this.copyEnds(edge);
    await this.relations.setRecorded(edge._id);
    return edge;
  }

  async unlink(scope: Scope, fromGlobal: string, toGlobal: string, kind: RelationKind): Promise<RelationDoc> {
    const fromId = fromGlobalId(fromGlobal, 'input.from').id;
    const toId = fromGlobalId(toGlobal, 'input.to').id;
    const ends = await this.writableEnds(scope, fromId, [toId], { from: 'input.from', to: 'input.to' });
    const to = ends.to.get(toId.toHexString())!;
    const edge = await this.relations.markRemoving(relationId(kind, ends.from._id.toHexString(), to._id.toHexString()));
    if (!edge) throw new NotFoundError(`These two are not linked by ${kind}.`);
    await this.recordEnds(edge, 'UNLINK', scope);
    await this.relations.delete(edge._id);
    return edge;
  }

  /**
   * The dependency tree maker: makes `from` depend on exactly `to` (adds the
   * missing DEPENDS_ON edges, removes the others). Retrying after a crash
   * completes it: each edge is keyed by its ends.
   */
  async setDependencies(scope: Scope, fromGlobal: string, toGlobals: string[]): Promise<{ added: number; removed: number; edges: RelationDoc[] }> {
    if (toGlobals.length > TREE_MAX) throw new InputError(`input.dependsOn holds at most ${TREE_MAX} items.`, [{ path: 'input.dependsOn', message: `must hold at most ${TREE_MAX} items` }]);
    const fromId = fromGlobalId(fromGlobal, 'input.from').id;
    const toIds = toGlobals.map((g, i) => fromGlobalId(g, `input.dependsOn.${i}`).id);
    const unique = [...new Map(toIds.map((id) => [id.toHexString(), id])).values()];
    if (unique.some((id) => id.equals(fromId))) throw new InputError('An item cannot depend on itself.', [{ path: 'input.dependsOn', message: 'must not hold input.from' }]);
    const ends = await this.writableEnds(scope, fromId, unique, { from: 'input.from', to: 'input.dependsOn' });
    const wanted = unique.map((id) => ends.to.get(id.toHexString())!);
    for (const to of wanted) this.checkKind('DEPENDS_ON', ends.from, to);
    const current = await this.relations.edgesOf([fromId.toHexString()], 'out', ['DEPENDS_ON']);
    const wantedIds = new Set(wanted.map((d) => relationId('DEPENDS_ON', fromId.toHexString(), d._id.toHexString())));
    const others = current.filter((e) => !wantedIds.has(e._id));
    // The tree is set among what the caller can see: a dependency it cannot read
    // stays, untold (neither removed, nor counted, nor named in an error).
    const visible = others.length > 0 ? await this.inventory.findByIds(scope, others.map((e) => objectIdOf(e.to))) : [];
    const readable = new Set(visible.map((d) => d._id.toHexString()));
    const extra = others.filter((e) => readable.has(e.to));
    // Removing an edge needs WRITE on its other end too.
    const writable = extra.length > 0 ? await this.inventory.findByIds(scope, extra.map((e) => objectIdOf(e.to)), 'write') : [];
    if (writable.length < extra.length) throw new ForbiddenError('You need WRITE on every dependency you remove.');
    let added = 0;
    const edges: RelationDoc[] = [];
    for (const to of wanted) {
      const edge = this.edge('DEPENDS_ON', ends.from, to, scope);
      edges.push(edge);
      if (await this.relations.insertIfAbsent(edge)) {
        added += 1;
        await this.recordEnds(edge, 'LINK', scope);
        await this.copyEnds(edge);
        await this.relations.setRecorded(edge._id);
      }
    }
    let removed = 0;
    for (const old of extra) {
      const edge = await this.relations.markRemoving(old._id);
      if (!edge) continue;
      await this.recordEnds(edge, 'UNLINK', scope);
      if (await this.relations.delete(edge._id)) removed += 1;
    }
    return { added, removed, edges };
  }

  /**
   * Pages of readable neighbours along a relation field, for many items at
   * once. Which neighbours a caller may see, their number and their order
   * (name, then id) come from the edges alone, which carry a copy of who
   * can read each end (see `RelationRepository`): nothing the caller cannot
   * read is loaded, counted or paged through, and items are loaded only for
   * the page, with the caller's scope again.
   *
   * One item (a field asked on one item, or `after` paging through one)
   * pages in the database: `first + 1` edges, a count, then the page's
   * items. Many items at once (a nested list) cost one command for the
   * edges of them all (ends only, no items) and one for the items of all
   * their pages, cut per item here: a level of a nested query stays two
   * commands whatever the number of parents, instead of one per parent.
   * Either way, the items loaded are at most the pages asked for.
   */
  async neighbourPages(scope: Scope, field: Pick<RelationField, 'kind' | 'direction' | 'types'>, requests: readonly NeighbourRequest[]): Promise<NeighbourPage[]> {
    const query = { kind: field.kind, direction: field.direction, types: field.types, readers: scope.principalsFor('read') };
    let pages: Array<{ keys: NeighbourKey[]; hasNextPage: boolean; totalCount: number }>;
    if (requests.length === 1) {
      const { id, first, after } = requests[0]!;
      const { keys, total } = await this.relations.neighbourPage(id, query, first, after);
      pages = [{ keys: keys.slice(0, first), hasNextPage: keys.length > first, totalCount: total }];
    } else {
      const byItem = new Map<string, NeighbourKey[]>();
      for (const key of await this.relations.neighbourKeys([...new Set(requests.map((r) => r.id))], query)) {
        const list = byItem.get(key.of);
        if (list) list.push(key);
        else byItem.set(key.of, [key]);
      }
      for (const list of byItem.values()) list.sort(compareKeys);
      pages = requests.map(({ id, first, after }) => {
        const list = byItem.get(id) ?? [];
        const start = after ? list.findIndex((k) => compareKeys(k, after) > 0) : 0;
        const rest = start < 0 ? [] : list.slice(start);
        return { keys: rest.slice(0, first), hasNextPage: rest.length > first, totalCount: list.length };
      });
    }
    const wanted = [...new Set(pages.flatMap((p) => p.keys.map((k) => k.id)))];
    const docs = wanted.length > 0 ? await this.inventory.findByIds(scope, wanted.map(objectIdOf)) : [];
    const byId = new Map(docs.filter((d) => d.active).map((d) => [d._id.toHexString(), d]));
    return pages.map((page) => ({
      items: page.keys.flatMap((k) => {
        const doc = byId.get(k.id);
        return doc ? [{ doc, cursor: { name: k.name, id: k.id } }] : [];
      }),
      hasNextPage: page.hasNextPage,
      totalCount: page.totalCount,
      end: page.keys.at(-1) ?? null,
    }));
  }

  /**
   * Breadth-first from `start` along dependency edges (`dependencies`: what
   * it needs; `impact`: what needs it, the blast radius of its failure). Each
   * round is one query for edges and one for the items they reach, with the
   * caller's scope: an item the caller cannot read is neither returned nor
   * walked through. Each item appears once, at its shortest depth.
   */
  async traverse(scope: Scope, startGlobal: string, depth: number | null | undefined, mode: 'dependencies' | 'impact'): Promise<Hop[] | null> {
    const maxDepth = depth ?? 5;
    if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_DEPTH) {
      throw new InputError(`depth must be between 1 and ${MAX_DEPTH}.`, [{ path: 'depth', message: `must be between 1 and ${MAX_DEPTH}` }]);
    }
    const startId = fromGlobalId(startGlobal).id;
    const start = await this.inventory.findById(scope, startId);
    if (!start) return null;
    const hops: Hop[] = [];
    const paths = new Map<string, string[]>([[start._id.toHexString(), [toGlobalId(start.type, start._id)]]]);
    let frontier = [start._id.toHexString()];
    for (let level = 1; level <= maxDepth && frontier.length > 0; level += 1) {
      const edges = await this.relations.dependencyRound(frontier, mode);
      const reached = new Map<string, { parent: string; via: RelationKind }>();
      const inFrontier = new Set(frontier);
      for (const edge of edges) {
        const forward = RELATION_KIND_DEFS[edge.kind].fromDependsOnTo === (mode === 'dependencies');
        const [parent, child] = forward ? [edge.from, edge.to] : [edge.to, edge.from];
        if (!inFrontier.has(parent) || paths.has(child) || reached.has(child)) continue;
        reached.set(child, { parent, via: edge.kind });
      }
      if (reached.size === 0) break;
      const docs = await this.inventory.findByIds(scope, [...reached.keys()].map(objectIdOf));
      const next: string[] = [];
      for (const doc of docs.filter((d) => d.active).sort((a, b) => a.nameLower.localeCompare(b.nameLower))) {
        const id = doc._id.toHexString();
        const { parent, via } = reached.get(id)!;
        const path = [...paths.get(parent)!, toGlobalId(doc.type, doc._id)];
        paths.set(id, path);
        hops.push({ node: doc, depth: level, path, via });
        next.push(id);
      }
      frontier = next;
    }
    return hops;
  }

  private edge(kind: RelationKind, from: InventoryDoc, to: InventoryDoc, scope: Scope): RelationDoc {
    return {
      _id: relationId(kind, from._id.toHexString(), to._id.toHexString()),
      kind,
      from: from._id.toHexString(),
      to: to._id.toHexString(),
      fromType: from.type,
      toType: to.type,
      createdAt: new Date(),
      createdBy: scope.userId,
      recorded: false,
      ...endFields('from', endCopy(from)),
      ...endFields('to', endCopy(to)),
    };
  }
}

/** The order of a relation field: name, then id, as the database sorts them (code units, no collation). */
function compareKeys(a: NeighbourCursor, b: NeighbourCursor): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function objectIdOf(hex: string): ObjectId {
  return new ObjectId(hex);
}
