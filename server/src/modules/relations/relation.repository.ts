import type { Collection, Db, Filter, UpdateFilter } from 'mongodb';
import { ChangeStore } from '../history/change-store.js';
import { insertManyIgnoringDuplicates, retryUpsertRace } from '../../infra/mongo.js';
import { endFields, FORWARD_DEPENDENCY_KINDS, REVERSE_DEPENDENCY_KINDS, type EndCopy, type RelationDoc, type RelationKind } from './relation.model.js';

/** Which edges a relation field pages: of one item, one kind and direction, maybe only some neighbour types. */
export interface EdgeQuery {
  direction: 'out' | 'in';
  kind: RelationKind;
  types?: readonly string[];
  /** The caller's principals for reading: only edges whose other end they can read. */
  readers: readonly string[];
}

/** An edge seen from one end: the other end's id and name (the order of a page). */
export interface NeighbourKey {
  of: string;
  id: string;
  name: string;
}

/** Where a page starts: after this neighbour (name, then id). */
export interface NeighbourCursor {
  name: string;
  id: string;
}

/**
 * Edges of the graph. An edge carries no access of its own: it is seen only
 * through its two ends. Each edge keeps a copy of who can read each end and
 * of its name (kept current by `setEnd` whenever the item's access, name or
 * active flag changes), so a relation field pages, counts and filters the
 * readable neighbours with one indexed query here, and then loads only the
 * page's items, with the caller's scope again.
 */
export class RelationRepository {
  readonly collection: Collection<RelationDoc>;

  constructor(db: Db) {
    this.collection = db.collection<RelationDoc>('relations');
    this.changes = new ChangeStore<RelationDoc>('relations', this.collection, false);
  }

  /** The history's view of this collection: edges carry their LINK and UNLINK changes until recorded. */
  readonly changes: ChangeStore<RelationDoc>;

  async ensureIndexes(): Promise<void> {
    // A relation field's page: the edges of one end and kind, in the other end's name order.
    await this.collection.createIndex({ from: 1, kind: 1, toName: 1, to: 1 }, { name: 'by_from_then_name' });
    await this.collection.createIndex({ to: 1, kind: 1, fromName: 1, from: 1 }, { name: 'by_to_then_name' });
    // Older indexes these replace: by end alone, and the bookkeeping of links recorded on each end.
    for (const old of ['by_from', 'by_to', 'unrecorded_by_age', 'removing_by_age']) await this.collection.dropIndex(old).catch(() => undefined);
    await this.changes.ensurePendingIndex();
  }

  /** Inserts the edge unless one with its id exists (live or removed); true when it was new. Safe to retry. */
  async insertIfAbsent(edge: RelationDoc): Promise<boolean> {
    const result = await retryUpsertRace(() => this.collection.updateOne({ _id: edge._id }, { $setOnInsert: edge }, { upsert: true }));
    return result.upsertedCount === 1;
  }

  /** Inserts the edges whose ids are not taken (live or removed) in one command; returns those it inserted. */
  insertNew(edges: RelationDoc[]): Promise<RelationDoc[]> {
    return insertManyIgnoringDuplicates(this.collection, edges) as Promise<RelationDoc[]>;
  }

  findById(id: string): Promise<RelationDoc | null> {
    return this.collection.findOne({ _id: id });
  }

  /** Edges by id, live or removed: one command. */
  findByIds(ids: readonly string[]): Promise<RelationDoc[]> {
    return this.collection.find({ _id: { $in: [...ids] } }, { batchSize: ids.length + 1 }).toArray();
  }

  /** Applies a versioned update to an edge still at `revision` and live (`removed: false`) or removed (`true`); null when it is not. */
  updateIf(id: string, revision: number, removed: boolean, update: UpdateFilter<RelationDoc>): Promise<RelationDoc | null> {
    return this.collection.findOneAndUpdate({ _id: id, revision, removed: removed ? true : { $ne: true } }, update, { returnDocument: 'after' });
  }

  /**
   * Brings edges stored before edges were versioned to the current shape:
   * revision 1 (their LINK was recorded on their ends then), and an unlink
   * a crash left unfinished becomes a removed edge. Run at start-up, before
   * the process serves; two commands, which change nothing once done.
   */
  async migrate(): Promise<number> {
    const unversioned = await this.collection.updateMany({ revision: { $exists: false } } as Filter<RelationDoc>, { $set: { revision: 1 } });
    const unlinking = await this.collection.updateMany({ removing: true } as Filter<RelationDoc>, { $set: { removed: true }, $unset: { removing: '', removingAt: '' } } as never);
    return unversioned.modifiedCount + unlinking.modifiedCount;
  }

  /**
   * Puts a newer copy of `id`'s item on every edge it ends (one command per
   * side): a copy from an older revision never replaces a newer one, so
   * writers racing each other leave the newest.
   */
  async setEnd(id: string, copy: EndCopy): Promise<void> {
    for (const side of ['from', 'to'] as const) {
      await this.collection.updateMany({ [side]: id, ...olderThan(side, copy) } as Filter<RelationDoc>, { $set: endFields(side, copy) });
    }
  }

  /** The same on some edges only (new edges, whatever other edges their end has): one command. */
  async setEndOn(edgeIds: readonly string[], side: 'from' | 'to', copy: EndCopy): Promise<void> {
    await this.collection.updateMany({ _id: { $in: [...edgeIds] }, ...olderThan(side, copy) } as Filter<RelationDoc>, { $set: endFields(side, copy) });
  }

  /** Edges stored without a copy of one of their ends (before copies existed). */
  withoutCopies(): Promise<RelationDoc[]> {
    return this.collection
      .find({ $or: [{ fromRev: { $exists: false } }, { toRev: { $exists: false } }] } as Filter<RelationDoc>, { projection: { from: 1, to: 1, fromRev: 1, toRev: 1 }, batchSize: 10_000 })
      .toArray();
  }

  /**
   * Gives edges the copies of their ends they lack, one update by edge id
   * each (the cheapest update on every server). Run at start-up, before the
   * process serves: the copies come from the items as they are now.
   */
  async fillCopies(fills: Array<{ id: string; copies: Array<['from' | 'to', EndCopy]> }>): Promise<void> {
    for (const { id, copies } of fills) {
      await this.collection.updateOne({ _id: id }, { $set: Object.assign({}, ...copies.map(([side, copy]) => endFields(side, copy))) as Partial<RelationDoc> });
    }
  }

  private neighbourFilter(ids: readonly string[], q: EdgeQuery): Filter<RelationDoc> {
    const [mine, other] = q.direction === 'out' ? (['from', 'to'] as const) : (['to', 'from'] as const);
    const filter: Record<string, unknown> = {
      [mine]: ids.length === 1 ? ids[0] : { $in: [...ids] },
      kind: q.kind,
      removed: { $ne: true },
      [`${other}Readers`]: { $in: [...q.readers] },
    };
    if (q.types) filter[`${other}Type`] = { $in: [...q.types] };
    return filter as Filter<RelationDoc>;
  }

  private keyOf(edge: RelationDoc, direction: 'out' | 'in'): NeighbourKey {
    return direction === 'out' ? { of: edge.from, id: edge.to, name: edge.toName ?? '' } : { of: edge.to, id: edge.from, name: edge.fromName ?? '' };
  }

  /**
   * One page of an item's readable neighbours, in name order after
   * `cursor`, and how many there are: two commands, each bounded by the
   * page (the page loads `first + 1` edges, the count loads none).
   */
  async neighbourPage(id: string, q: EdgeQuery, first: number, cursor: NeighbourCursor | undefined): Promise<{ keys: NeighbourKey[]; total: number }> {
    const base = this.neighbourFilter([id], q);
    const other = q.direction === 'out' ? 'to' : 'from';
    const name = `${other}Name`;
    const after = cursor ? { $or: [{ [name]: { $gt: cursor.name } }, { [name]: cursor.name, [other]: { $gt: cursor.id } }] } : null;
    const pageFilter = after ? ({ $and: [base, after] } as Filter<RelationDoc>) : base;
    const projection = { from: 1, to: 1, [name]: 1 };
    const [edges, total] = await Promise.all([
      first === 0 ? Promise.resolve([]) : this.collection.find(pageFilter, { projection, sort: { [name]: 1, [other]: 1 }, limit: first + 1, batchSize: first + 1 }).toArray(),
      this.collection.countDocuments(base),
    ]);
    return { keys: edges.map((e) => this.keyOf(e, q.direction)), total };
  }

  /**
   * Every readable neighbour of many items, ends only (ids and names): one
   * command for a whole level of a nested query, the parents' pages are cut
   * from it by the caller.
   */
  async neighbourKeys(ids: readonly string[], q: EdgeQuery): Promise<NeighbourKey[]> {
    const other = q.direction === 'out' ? 'to' : 'from';
    const edges = await this.collection.find(this.neighbourFilter(ids, q), { projection: { from: 1, to: 1, [`${other}Name`]: 1 }, batchSize: 10_000 }).toArray();
    return edges.map((e) => this.keyOf(e, q.direction));
  }

  /** Edges of these ends in one direction, of some kinds: one command. */
  edgesOf(ids: readonly string[], direction: 'out' | 'in', kinds?: readonly RelationKind[]): Promise<RelationDoc[]> {
    const filter: Filter<RelationDoc> = direction === 'out' ? { from: { $in: [...ids] } } : { to: { $in: [...ids] } };
    filter.removed = { $ne: true };
    if (kinds && kinds.length > 0) filter.kind = { $in: [...kinds] };
    return this.collection.find(filter, { batchSize: 10_000 }).toArray();
  }

  /** Live edges of some kinds that `source` linked and that start or end at one of `ids`: one command. */
  edgesBySource(ids: readonly string[], kinds: readonly RelationKind[], source: string): Promise<RelationDoc[]> {
    if (ids.length === 0 || kinds.length === 0) return Promise.resolve([]);
    const filter: Filter<RelationDoc> = { source, kind: { $in: [...kinds] }, removed: { $ne: true }, $or: [{ from: { $in: [...ids] } }, { to: { $in: [...ids] } }] };
    return this.collection.find(filter, { batchSize: 10_000 }).toArray();
  }

  /** Versioned updates of many live edges in one command (each applies only if its edge is still at the revision read and live). */
  async updateManyIfLive(updates: Array<{ id: string; revision: number; update: UpdateFilter<RelationDoc> }>): Promise<void> {
    if (updates.length === 0) return;
    await this.collection.bulkWrite(
      updates.map(({ id, revision, update }) => ({ updateOne: { filter: { _id: id, revision, removed: { $ne: true } } as Filter<RelationDoc>, update } })),
      { ordered: false },
    );
  }

  /**
   * One breadth-first round: edges along which the frontier depends on
   * something (`dependencies`) or something depends on the frontier
   * (`impact`). One command whatever the size of the frontier.
   */
  dependencyRound(frontier: readonly string[], mode: 'dependencies' | 'impact', only?: readonly RelationKind[]): Promise<RelationDoc[]> {
    const ids = [...frontier];
    // Only some kinds, when asked (a dependency graph follows the kinds it names).
    const forward = FORWARD_DEPENDENCY_KINDS.filter((k) => !only || only.includes(k));
    const reverse = REVERSE_DEPENDENCY_KINDS.filter((k) => !only || only.includes(k));
    const filter: Filter<RelationDoc> =
      mode === 'dependencies'
        ? { removed: { $ne: true }, $or: [{ from: { $in: ids }, kind: { $in: forward } }, { to: { $in: ids }, kind: { $in: reverse } }] }
        : { removed: { $ne: true }, $or: [{ to: { $in: ids }, kind: { $in: forward } }, { from: { $in: ids }, kind: { $in: reverse } }] };
    return this.collection.find(filter, { batchSize: 10_000 }).toArray();
  }
}

/** Edges whose copy of `side` is older than `copy` (or missing). */
function olderThan(side: 'from' | 'to', copy: EndCopy): Filter<RelationDoc> {
  const rev = `${side}Rev`;
  return { $or: [{ [rev]: { $lt: copy.rev } }, { [rev]: { $exists: false } }] } as Filter<RelationDoc>;
}
