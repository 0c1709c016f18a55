import { ObjectId } from 'mongodb';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../../graphql/errors.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import type { Scope } from '../access/scope.js';
import type { HistoryService } from '../history/history.service.js';
import { relationPath } from '../history/change.model.js';
import { sourceKeyOf, userActor } from '../history/actor.js';
import type { InventoryDoc } from '../inventory/engine/entity-def.js';
import type { InventoryRepository } from '../inventory/engine/inventory.repository.js';
import type { ChangeInput, PendingChange } from '../history/history.service.js';
import type { ActorData } from '../history/change.model.js';
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
/** Edges a batch of `linkMany` writes with a constant number of commands. */
const LINK_BATCH = 1000;
/** The entity type of an edge's changes. */
const EDGE_TYPE = 'Relation';

/** One edge a source links: its kind and its two ends, as read. */
export interface EdgeToLink {
  kind: RelationKind;
  from: InventoryDoc;
  to: InventoryDoc;
}

/**
 * Links between inventory items and the questions asked of them. Every
 * write by a person needs WRITE on both ends (a source's `linkMany` is
 * checked by its caller); every read sees an edge only when the caller can
 * read the item at its other end. Links and unlinks are changes of the
 * edge itself (see `RelationDoc`), never of its ends.
 */
export class RelationService {
  constructor(
    private readonly relations: RelationRepository,
    private readonly inventory: InventoryRepository,
    private readonly history: HistoryService,
  ) {}

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
   * Copies the ends of new edges afresh once they are stored: one read of
   * the ends, then an update only where an end moved since the edge was
   * made. The edges were made from the ends as read before; a change of
   * access that landed in between found no edge to copy itself to, and is
   * seen here (a later one finds the edge). Copies only move to newer revisions.
   */
  private async copyEnds(edges: readonly RelationDoc[]): Promise<void> {
    if (edges.length === 0) return;
    const ends = [...new Set(edges.flatMap((e) => [e.from, e.to]))];
    const docs = new Map((await this.inventory.findAnyMany(ends.map(objectIdOf))).map((d) => [d._id.toHexString(), d]));
    const stale = new Map<string, { side: 'from' | 'to'; doc: InventoryDoc; edges: string[] }>();
    for (const edge of edges) {
      for (const side of ['from', 'to'] as const) {
        const doc = docs.get(edge[side]);
        if (!doc || doc.revision <= (edge[`${side}Rev`] ?? -1)) continue;
        const key = `${side}|${edge[side]}`;
        const entry = stale.get(key) ?? { side, doc, edges: [] };
        entry.edges.push(edge._id);
        stale.set(key, entry);
      }
    }
    for (const { side, doc, edges: ids } of stale.values()) await this.relations.setEndOn(ids, side, endCopy(doc));
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
    const actor = userActor(scope);
    const edge = this.newEdge(kind, ends.from, to, actor);
    if (await this.relations.insertIfAbsent(edge)) {
      await this.copyEnds([edge]);
      await this.history.commit('relations', edge);
      return edge;
    }
    return this.relink(edge._id, actor, ends.from, to);
  }

  async unlink(scope: Scope, fromGlobal: string, toGlobal: string, kind: RelationKind): Promise<RelationDoc> {
    const fromId = fromGlobalId(fromGlobal, 'input.from').id;
    const toId = fromGlobalId(toGlobal, 'input.to').id;
    const ends = await this.writableEnds(scope, fromId, [toId], { from: 'input.from', to: 'input.to' });
    const to = ends.to.get(toId.toHexString())!;
    return this.remove(relationId(kind, ends.from._id.toHexString(), to._id.toHexString()), userActor(scope), ends.from, to);
  }

  /**
   * Links many pairs for a source (an import, a discovery run, the demo
   * seed), with no access check of its own: the caller has checked what it
   * may link. Each batch of up to 1,000 edges is a constant number of
   * commands, none per edge, journalled like any bulk creation (see
   * `HistoryService.createMany`): one insert of their LINK changes in the
   * journal, one insert of the new edges, one insert recording the changes,
   * one removing the journal entry. After the last batch, one read of the
   * ends of all of them refreshes the copies (and one update per end that
   * moved meanwhile): one read, not one per batch, as a server that cannot
   * look up many ids by index (FerretDB) scans the collection for each. No
   * edge is written twice. A pair already linked is left as
   * it is; one unlinked before is linked again (a versioned write each).
   * The ends' revisions never move: a source linking thousands of edges
   * never conflicts with a person editing an item.
   */
  async linkMany(actor: ActorData, edges: readonly EdgeToLink[]): Promise<{ linked: number; existing: number }> {
    for (const e of edges) this.checkKind(e.kind, e.from, e.to);
    const unique = [...new Map(edges.map((e) => [relationId(e.kind, e.from._id.toHexString(), e.to._id.toHexString()), e])).values()];
    const linked: RelationDoc[] = [];
    for (let i = 0; i < unique.length; i += LINK_BATCH) linked.push(...(await this.linkBatch(actor, unique.slice(i, i + LINK_BATCH))));
    await this.copyEnds(linked);
    return { linked: linked.length, existing: unique.length - linked.length };
  }

  /**
   * `linkMany` for the edges not already live: one read of the edges first,
   * so a source that links what is already linked writes nothing at all.
   */
  async linkMissing(actor: ActorData, edges: readonly EdgeToLink[]): Promise<{ linked: number; existing: number }> {
    const ids = [...new Set(edges.map((e) => relationId(e.kind, e.from._id.toHexString(), e.to._id.toHexString())))];
    const live = new Set<string>();
    for (let i = 0; i < ids.length; i += LINK_BATCH) {
      for (const edge of await this.relations.findByIds(ids.slice(i, i + LINK_BATCH))) if (!edge.removed) live.add(edge._id);
    }
    const missing = edges.filter((e) => !live.has(relationId(e.kind, e.from._id.toHexString(), e.to._id.toHexString())));
    const { linked } = missing.length > 0 ? await this.linkMany(actor, missing) : { linked: 0 };
    return { linked, existing: ids.length - linked };
  }

  /**
   * Live edges of `kinds` that `actor`'s source linked at the items `ids`
   * (either end), for a source to compare with what it sees now.
   */
  linkedBy(actor: ActorData, ids: readonly string[], kinds: readonly RelationKind[]): Promise<RelationDoc[]> {
    return this.relations.edgesBySource(ids, kinds, sourceKeyOf(actor));
  }

  /**
   * Unlinks many edges for a source (discovery: relations the provider no
   * longer reports), with no access check of its own. Each edge gets its
   * UNLINK change through the history's batched write: per batch of up to
   * 1,000, one update command, one read back, one recording of the
   * changes, one clearing; an edge someone changed meanwhile is left. Returns
   * the edges unlinked.
   */
  async unlinkMany(actor: ActorData, edges: readonly RelationDoc[]): Promise<number> {
    let unlinked = 0;
    for (let i = 0; i < edges.length; i += LINK_BATCH) {
      const batch = edges.slice(i, i + LINK_BATCH);
      const ends = new Map((await this.inventory.findAnyMany([...new Set(batch.flatMap((e) => [e.from, e.to]))].map(objectIdOf))).map((d) => [d._id.toHexString(), d]));
      const items = batch.flatMap((edge) => {
        const from = ends.get(edge.from);
        const to = ends.get(edge.to);
        if (!from || !to) return [];
        return [{ doc: edge, entityType: EDGE_TYPE, decision: { set: { removed: true }, change: this.change('UNLINK', actor, edge, from, to) } }];
      });
      const { written } = await this.history.writeMany<RelationDoc>(
        'relations',
        items,
        (updates) => this.relations.updateManyIfLive(updates.map((u) => ({ id: u.doc._id, revision: u.doc.revision, update: u.update }))),
        (docs) => this.relations.findByIds(docs.map((d) => d._id)),
      );
      unlinked += written.length;
    }
    return unlinked;
  }

  /** One batch of `linkMany`: the edges it linked (new, or linked again). The caller refreshes the copies of their ends (`copyEnds`). */
  private async linkBatch(actor: ActorData, batch: readonly EdgeToLink[]): Promise<RelationDoc[]> {
    const made = batch.map((e) => this.newEdge(e.kind, e.from, e.to, actor));
    // Journalled like any bulk creation: no second write to each new edge. Edges another writer made first are skipped.
    const inserted = await this.history.createMany('relations', made, (edges) => this.relations.insertNew(edges));
    const linked = [...inserted];
    const fresh = new Set(inserted.map((e) => e._id));
    const taken = made.filter((e) => !fresh.has(e._id));
    if (taken.length > 0) {
      const pairs = new Map(batch.map((e) => [relationId(e.kind, e.from._id.toHexString(), e.to._id.toHexString()), e]));
      for (const old of (await this.relations.findByIds(taken.map((e) => e._id))).filter((e) => e.removed)) {
        const { from, to } = pairs.get(old._id)!;
        try {
          linked.push(await this.relink(old._id, actor, from, to));
        } catch (error) {
          // Linked again meanwhile by someone else: linked, not by this batch.
          if (!(error instanceof ConflictError)) throw error;
        }
      }
    }
    return linked;
  }

  /**
   * Links again an edge unlinked before: it comes back at its next
   * revision with a LINK change, so its change ids never repeat. CONFLICT
   * when it is linked.
   */
  private async relink(id: string, actor: ActorData, from: InventoryDoc, to: InventoryDoc): Promise<RelationDoc> {
    const linked = `These two are already linked by ${id.split('|')[0]}.`;
    const { doc } = await this.history.write<RelationDoc>('relations', () => EDGE_TYPE, {
      load: async () => {
        const edge = await this.relations.findById(id);
        if (!edge || !edge.removed) throw new ConflictError(linked);
        return edge;
      },
      decide: (edge) => ({ set: { removed: false, createdAt: new Date(), createdBy: actor.userId ?? null, source: sourceKeyOf(actor) }, change: this.change('LINK', actor, edge, from, to) }),
      apply: (edge, update) => this.relations.updateIf(edge._id, edge.revision, true, update),
      conflict: linked,
    });
    await this.copyEnds([doc]);
    return doc;
  }

  /** Unlinks a live edge: it stays, removed, at its next revision with an UNLINK change. NOT_FOUND when it is not linked. */
  private async remove(id: string, actor: ActorData, from: InventoryDoc, to: InventoryDoc): Promise<RelationDoc> {
    const notLinked = `These two are not linked by ${id.split('|')[0]}.`;
    const { doc } = await this.history.write<RelationDoc>('relations', () => EDGE_TYPE, {
      load: async () => {
        const edge = await this.relations.findById(id);
        if (!edge || edge.removed) throw new NotFoundError(notLinked);
        return edge;
      },
      decide: (edge) => ({ set: { removed: true }, change: this.change('UNLINK', actor, edge, from, to) }),
      apply: (edge, update) => this.relations.updateIf(edge._id, edge.revision, false, update),
      conflict: 'The link changed meanwhile; try again.',
    });
    return doc;
  }

  /**
   * The dependency tree maker: makes `from` depend on exactly `to` (adds the
   * missing DEPENDS_ON edges in one batch, removes the others). Retrying
   * after a crash completes it: each edge is keyed by its ends.
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
    const actor = userActor(scope);
    const linked = await this.linkBatch(actor, wanted.map((to) => ({ kind: 'DEPENDS_ON' as const, from: ends.from, to })));
    await this.copyEnds(linked);
    const edges = wanted.map((to) => this.newEdge('DEPENDS_ON', ends.from, to, actor));
    const writableById = new Map(writable.map((d) => [d._id.toHexString(), d]));
    let removed = 0;
    for (const old of extra) {
      try {
        await this.remove(old._id, actor, ends.from, writableById.get(old.to)!);
        removed += 1;
      } catch (error) {
        // Unlinked meanwhile.
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
    return { added: linked.length, removed, edges };
  }

  /**
   * The change of a link or unlink of `edge` between `from` and `to` as
   * read: the edge's own, shown in the history of both ends; readable by
   * whoever could read either end (each end's history shows it to that
   * end's readers). Its diff names each end from the other: on `from`
   * (`relations.<KIND>.out`) the `to` end, and the other way round.
   */
  private change(operation: 'LINK' | 'UNLINK', actor: ActorData, edge: Pick<RelationDoc, 'kind' | 'from' | 'to' | 'fromType' | 'toType'>, from: InventoryDoc, to: InventoryDoc): ChangeInput {
    const [fromId, toId] = [toGlobalId(edge.fromType, edge.from), toGlobalId(edge.toType, edge.to)];
    const linking = operation === 'LINK';
    return {
      operation,
      actor,
      diff: [
        { path: relationPath(edge.kind, 'out'), before: linking ? null : toId, after: linking ? toId : null },
        { path: relationPath(edge.kind, 'in'), before: linking ? null : fromId, after: linking ? fromId : null },
      ],
      readers: [...from.access.read, ...to.access.read],
      ends: { ids: [edge.from, edge.to], types: [edge.fromType, edge.toType], readers: [from.access.read, to.access.read] },
    };
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

  /** A new edge at revision 1, with copies of its ends and its LINK change on it. */
  private newEdge(kind: RelationKind, from: InventoryDoc, to: InventoryDoc, actor: ActorData): RelationDoc {
    const edge: RelationDoc = {
      _id: relationId(kind, from._id.toHexString(), to._id.toHexString()),
      kind,
      from: from._id.toHexString(),
      to: to._id.toHexString(),
      fromType: from.type,
      toType: to.type,
      createdAt: new Date(),
      createdBy: actor.userId ?? null,
      source: sourceKeyOf(actor),
      revision: 1,
      ...endFields('from', endCopy(from)),
      ...endFields('to', endCopy(to)),
    };
    const change = this.history.pending(edge, EDGE_TYPE, 1, this.change('LINK', actor, edge, from, to));
    return { ...edge, createdAt: change.at, pending: { '1': change } };
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
