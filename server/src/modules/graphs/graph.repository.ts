import type { Collection, Db, Filter, ObjectId } from 'mongodb';
import { ScopedRepository } from '../access/scoped.repository.js';
import type { Scope } from '../access/scope.js';
import { ChangeStore } from '../history/change-store.js';
import type { InventoryDoc } from '../inventory/engine/entity-def.js';
import type { RelationDoc, RelationKind } from '../relations/relation.model.js';
import type { GraphBuildDoc, GraphDoc, GraphPictureDoc, GraphShareDoc } from './graph.model.js';

/** Graphs behind the caller's scope, their builds, pictures and share links, and the reads a build makes. */
export class GraphRepository extends ScopedRepository<GraphDoc> {
  readonly changes: ChangeStore<GraphDoc>;
  readonly builds: Collection<GraphBuildDoc>;
  readonly pictures: Collection<GraphPictureDoc>;
  readonly shares: Collection<GraphShareDoc>;
  private readonly inventory: Collection<InventoryDoc>;
  private readonly relations: Collection<RelationDoc>;

  constructor(db: Db) {
    super(db.collection<GraphDoc>('graphs'));
    this.changes = new ChangeStore<GraphDoc>('graphs', this.collection, true);
    this.builds = db.collection<GraphBuildDoc>('graph_builds');
    this.pictures = db.collection<GraphPictureDoc>('graph_pictures');
    this.shares = db.collection<GraphShareDoc>('graph_shares');
    this.inventory = db.collection<InventoryDoc>('inventory');
    this.relations = db.collection<RelationDoc>('relations');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ 'access.read': 1, active: 1, nameLower: 1, _id: 1 }, { name: 'readable_by_name' });
    await this.collection.createIndex({ 'access.admin': 1 }, { name: 'administered_by' });
    await this.builds.createIndex({ graphId: 1, readers: 1, createdAt: -1 }, { name: 'by_graph_reader_newest' });
    await this.shares.createIndex({ graphId: 1, createdAt: -1 }, { name: 'by_graph' });
    await this.changes.ensurePendingIndex();
  }

  list(scope: Scope, limit: number): Promise<GraphDoc[]> {
    return this.find(scope, { active: true } as Filter<GraphDoc>, { sort: { nameLower: 1, _id: 1 }, limit, batchSize: limit });
  }

  findAny(id: ObjectId): Promise<GraphDoc | null> {
    return this.collection.findOne({ _id: id } as Filter<GraphDoc>);
  }

  scheduled(): Promise<GraphDoc[]> {
    return this.collection.find({ scheduleMinutes: { $ne: null } } as Filter<GraphDoc>).toArray();
  }

  countOwned(owner: GraphDoc['owner']): Promise<number> {
    return this.collection.countDocuments({ 'owner.kind': owner.kind, 'owner.id': owner.id, active: true } as Filter<GraphDoc>);
  }

  // Builds.

  async insertBuild(build: GraphBuildDoc): Promise<void> {
    await this.builds.insertOne(build);
  }

  findBuild(id: ObjectId): Promise<GraphBuildDoc | null> {
    return this.builds.findOne({ _id: id });
  }

  findBuildFor(id: ObjectId, reader: string): Promise<GraphBuildDoc | null> {
    return this.builds.findOne({ _id: id, readers: reader });
  }

  buildsOf(graphId: string, reader: string, limit: number): Promise<GraphBuildDoc[]> {
    return this.builds.find({ graphId, readers: reader }, { sort: { createdAt: -1 }, limit, projection: { nodes: 0, edges: 0, positions: 0, itemIds: 0 } }).toArray();
  }

  lastGoodBuild(graphId: string, reader: string): Promise<GraphBuildDoc | null> {
    return this.builds.findOne({ graphId, readers: reader, status: 'SUCCEEDED' }, { sort: { finishedAt: -1 } });
  }

  countUnfinished(reader: string): Promise<number> {
    return this.builds.countDocuments({ readers: reader, status: { $in: ['QUEUED', 'RUNNING'] } });
  }

  startBuild(id: ObjectId, at: Date): Promise<GraphBuildDoc | null> {
    return this.builds.findOneAndUpdate({ _id: id, status: { $in: ['QUEUED', 'RUNNING'] } }, { $set: { status: 'RUNNING', startedAt: at }, $inc: { attempts: 1 } }, { returnDocument: 'after' });
  }

  async setProgress(id: ObjectId, progress: GraphBuildDoc['progress']): Promise<void> {
    await this.builds.updateOne({ _id: id, status: 'RUNNING' }, { $set: { progress } });
  }

  finishBuild(id: ObjectId, set: Partial<GraphBuildDoc>): Promise<GraphBuildDoc | null> {
    return this.builds.findOneAndUpdate({ _id: id, status: { $in: ['QUEUED', 'RUNNING'] } }, { $set: set }, { returnDocument: 'after' });
  }

  async savePicture(id: ObjectId, svg: string): Promise<void> {
    await this.pictures.replaceOne({ _id: id }, { svg }, { upsert: true });
  }

  async picture(id: ObjectId): Promise<string | null> {
    return (await this.pictures.findOne({ _id: id }, { projection: { png: 0 } }))?.svg ?? null;
  }

  async png(id: ObjectId): Promise<Buffer | null> {
    const doc = await this.pictures.findOne({ _id: id }, { projection: { png: 1 } });
    const png = doc?.png as unknown;
    if (!png) return null;
    // The driver hands binary data back as a Binary.
    return Buffer.isBuffer(png) ? png : Buffer.from((png as { buffer: Uint8Array }).buffer);
  }

  async savePng(id: ObjectId, png: Buffer): Promise<void> {
    await this.pictures.updateOne({ _id: id }, { $set: { png } });
  }

  /** Whether any of the items, or an edge at one of them, changed after `since`: the build no longer shows the inventory as it is. */
  async changedSince(itemIds: string[], objectIds: ObjectId[], since: Date): Promise<boolean> {
    if (itemIds.length === 0) return false;
    const [items, edges] = await Promise.all([
      this.inventory.countDocuments({ _id: { $in: objectIds }, updatedAt: { $gt: since } } as Filter<InventoryDoc>, { limit: 1 }),
      this.relations.countDocuments({ $or: [{ from: { $in: itemIds } }, { to: { $in: itemIds } }], $and: [{ $or: [{ createdAt: { $gt: since } }, { updatedAt: { $gt: since } }] }] } as Filter<RelationDoc>, { limit: 1 }),
    ]);
    return items + edges > 0;
  }

  // Share links.

  async insertShare(share: GraphShareDoc): Promise<void> {
    await this.shares.insertOne(share);
  }

  sharesOf(graphId: string): Promise<GraphShareDoc[]> {
    return this.shares.find({ graphId }, { sort: { createdAt: -1 }, limit: 100 }).toArray();
  }

  findShare(id: ObjectId): Promise<GraphShareDoc | null> {
    return this.shares.findOne({ _id: id });
  }

  revokeShare(id: ObjectId, at: Date): Promise<GraphShareDoc | null> {
    return this.shares.findOneAndUpdate({ _id: id, revokedAt: null }, { $set: { revokedAt: at } }, { returnDocument: 'after' });
  }

  /** Counts a use of a live link; null when it is revoked or expired. */
  useShare(id: ObjectId, at: Date): Promise<GraphShareDoc | null> {
    return this.shares.findOneAndUpdate({ _id: id, revokedAt: null, expiresAt: { $gt: at } }, { $inc: { uses: 1 }, $set: { lastUsedAt: at } }, { returnDocument: 'after' });
  }

  // What a build reads, in the scope of the person it is for.

  /** Readable, active items by id, of the types given (all when empty). */
  items(scope: Scope, ids: ObjectId[], types: readonly string[]): Promise<InventoryDoc[]> {
    if (ids.length === 0) return Promise.resolve([]);
    const filter: Record<string, unknown> = { _id: ids.length === 1 ? ids[0] : { $in: ids }, active: true };
    if (types.length > 0) filter.type = { $in: [...types] };
    return this.inventory
      .find({ $and: [scope.filter<InventoryDoc>('read'), filter] } as Filter<InventoryDoc>, { projection: { type: 1, name: 1, nameLower: 1, family: 1 }, batchSize: ids.length + 1 })
      .toArray();
  }

  /** Live edges of these kinds at any of the ids, both ways, whose other end the scope reads (its copy says so): one command. */
  edgesAt(scope: Scope, ids: readonly string[], kinds: readonly RelationKind[]): Promise<RelationDoc[]> {
    if (ids.length === 0 || kinds.length === 0) return Promise.resolve([]);
    const readers = scope.principalsFor('read');
    const list = [...ids];
    return this.relations
      .find(
        {
          kind: { $in: [...kinds] },
          removed: { $ne: true },
          $or: [
            { from: { $in: list }, toReaders: { $in: readers } },
            { to: { $in: list }, fromReaders: { $in: readers } },
          ],
        } as Filter<RelationDoc>,
        { projection: { kind: 1, from: 1, to: 1, fromType: 1, toType: 1 }, batchSize: 10_000 },
      )
      .toArray();
  }
}
