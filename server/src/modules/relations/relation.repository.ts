import type { Collection, Db, Filter } from 'mongodb';
import { insertManyIgnoringDuplicates, retryUpsertRace } from '../../infra/mongo.js';
import { FORWARD_DEPENDENCY_KINDS, REVERSE_DEPENDENCY_KINDS, type RelationDoc, type RelationKind } from './relation.model.js';

/**
 * Edges of the graph. An edge carries no access of its own: it is seen only
 * through its two ends, each loaded with the caller's scope.
 */
export class RelationRepository {
  readonly collection: Collection<RelationDoc>;

  constructor(db: Db) {
    this.collection = db.collection<RelationDoc>('relations');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ from: 1, kind: 1 }, { name: 'by_from' });
    await this.collection.createIndex({ to: 1, kind: 1 }, { name: 'by_to' });
    // The history repair: links and unlinks not finished on both ends, by age.
    await this.collection.createIndex({ recorded: 1, createdAt: 1 }, { name: 'unrecorded_by_age' });
    await this.collection.createIndex({ removing: 1, removingAt: 1 }, { name: 'removing_by_age' });
  }

  /** Inserts the edge unless it exists; true when it was new. Safe to retry. */
  async insertIfAbsent(edge: RelationDoc): Promise<boolean> {
    const result = await retryUpsertRace(() => this.collection.updateOne({ _id: edge._id }, { $setOnInsert: edge }, { upsert: true }));
    return result.upsertedCount === 1;
  }

  /** Inserts the edges that do not exist yet, in batches; returns how many were new. */
  async insertManyIfAbsent(edges: RelationDoc[]): Promise<number> {
    let created = 0;
    for (let i = 0; i < edges.length; i += 1000) {
      const batch = edges.slice(i, i + 1000);
      const existing = new Set((await this.collection.find({ _id: { $in: batch.map((e) => e._id) } }, { projection: { _id: 1 }, batchSize: 1001 }).toArray()).map((e) => e._id));
      const fresh = batch.filter((e) => !existing.has(e._id));
      await insertManyIgnoringDuplicates(this.collection, fresh);
      created += fresh.length;
    }
    return created;
  }

  async setRecorded(id: string): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { recorded: true } });
  }

  /** Marks a live edge for removal; null when there is no such live edge. */
  markRemoving(id: string): Promise<RelationDoc | null> {
    return this.collection.findOneAndUpdate({ _id: id, removing: { $ne: true } }, { $set: { removing: true, removingAt: new Date() } }, { returnDocument: 'after' });
  }

  /**
   * Edges written before `before` whose ends have not both recorded the
   * change: a crash cut them short (or they are slow). Each branch of the
   * `$or` has its index; an unlink from before `removingAt` existed counts as old.
   */
  unfinished(before: Date): Promise<RelationDoc[]> {
    return this.collection
      .find({
        $or: [
          { recorded: false, createdAt: { $lt: before } },
          { removing: true, removingAt: { $lt: before } },
          { removing: true, removingAt: null },
        ],
      } as Filter<RelationDoc>)
      .toArray();
  }

  async delete(id: string): Promise<boolean> {
    return (await this.collection.deleteOne({ _id: id })).deletedCount === 1;
  }

  async deleteMany(ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return (await this.collection.deleteMany({ _id: { $in: ids } })).deletedCount;
  }

  /** Edges of these ends in one direction, of some kinds: one command. */
  edgesOf(ids: readonly string[], direction: 'out' | 'in', kinds?: readonly RelationKind[]): Promise<RelationDoc[]> {
    const filter: Filter<RelationDoc> = direction === 'out' ? { from: { $in: [...ids] } } : { to: { $in: [...ids] } };
    filter.removing = { $ne: true };
    if (kinds && kinds.length > 0) filter.kind = { $in: [...kinds] };
    return this.collection.find(filter, { batchSize: 10_000 }).toArray();
  }

  /**
   * One breadth-first round: edges along which the frontier depends on
   * something (`dependencies`) or something depends on the frontier
   * (`impact`). One command whatever the size of the frontier.
   */
  dependencyRound(frontier: readonly string[], mode: 'dependencies' | 'impact'): Promise<RelationDoc[]> {
    const ids = [...frontier];
    const forward = [...FORWARD_DEPENDENCY_KINDS];
    const reverse = [...REVERSE_DEPENDENCY_KINDS];
    const filter: Filter<RelationDoc> =
      mode === 'dependencies'
        ? { removing: { $ne: true }, $or: [{ from: { $in: ids }, kind: { $in: forward } }, { to: { $in: ids }, kind: { $in: reverse } }] }
        : { removing: { $ne: true }, $or: [{ to: { $in: ids }, kind: { $in: forward } }, { from: { $in: ids }, kind: { $in: reverse } }] };
    return this.collection.find(filter, { batchSize: 10_000 }).toArray();
  }
}
