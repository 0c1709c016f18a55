import type { Db, Filter, ObjectId, Sort } from 'mongodb';
import { ScopedRepository } from '../../access/scoped.repository.js';
import type { Scope } from '../../access/scope.js';
import type { InventoryDoc } from './entity-def.js';
import { ChangeStore } from '../../history/change-store.js';

export interface SortSpec {
  /** Document path, e.g. `nameLower` or `cpu`. */
  path: string;
  direction: 1 | -1;
}

export interface PageCursor {
  value: unknown;
  id: ObjectId;
}

/**
 * Every inventory item of every type lives in one collection, `inventory`,
 * with its `type`: one query finds items across types (search, graph
 * rounds, `node`), and one index serves the caller's scope for them all.
 */
export class InventoryRepository extends ScopedRepository<InventoryDoc> {
  constructor(db: Db) {
    super(db.collection<InventoryDoc>('inventory'));
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ type: 1, 'access.read': 1, _id: 1 }, { name: 'type_readable_by_id' });
    await this.collection.createIndex({ type: 1, nameLower: 1, _id: 1 }, { name: 'type_by_name' });
    await this.collection.createIndex({ 'access.read': 1, keywords: 1 }, { name: 'readable_keywords' });
    await this.collection.createIndex({ 'access.admin': 1 }, { name: 'administered_by' });
    await this.collection.createIndex({ type: 1, 'owner.id': 1, nameLower: 1 }, { name: 'type_owner_name' });
    await this.changes.ensurePendingIndex();
  }

  /**
   * A page of `type` in `sort` order after `cursor`, and the total of the
   * filter: two commands whatever the page size.
   */
  async page(
    scope: Scope,
    filter: Filter<InventoryDoc>,
    sort: SortSpec,
    first: number,
    cursor: PageCursor | undefined,
  ): Promise<{ items: InventoryDoc[]; total: number }> {
    const pageFilter = cursor ? ({ $and: [filter, after(sort, cursor)] } as Filter<InventoryDoc>) : filter;
    const order: Sort = { [sort.path]: sort.direction, _id: sort.direction };
    const [items, total] = await Promise.all([
      first === 0 ? Promise.resolve([]) : this.find(scope, pageFilter, { sort: order, limit: first + 1, batchSize: first + 1 }),
      this.count(scope, filter),
    ]);
    return { items, total };
  }

  /** The history's view of this collection: its entities carry their changes until recorded. */
  readonly changes = new ChangeStore<InventoryDoc>('inventory', this.collection, true);

  /** An entity by id whatever the caller (for system bookkeeping after an access-checked write). */
  findAny(id: ObjectId): Promise<InventoryDoc | null> {
    return this.collection.findOne({ _id: id });
  }

  /** Entities by id whatever the caller (for system bookkeeping, such as the copies relations keep of their ends). */
  findAnyMany(ids: ObjectId[]): Promise<InventoryDoc[]> {
    return this.collection.find({ _id: { $in: ids } }, { batchSize: ids.length + 1 }).toArray();
  }

  /**
   * Active items of `type` owned by `owner` whose `field` is one of
   * `values`, among those the caller can read: their id, name and that
   * field (the holders a duplicate warning names).
   */
  holdersOf(scope: Scope, type: string, owner: InventoryDoc['owner'], field: string, values: unknown[]): Promise<InventoryDoc[]> {
    const filter = { type, 'owner.kind': owner.kind, 'owner.id': owner.id, active: true, [field]: { $in: values } } as Filter<InventoryDoc>;
    return this.find(scope, filter, { projection: { _id: 1, type: 1, name: 1, [field]: 1 }, sort: { nameLower: 1, _id: 1 }, batchSize: 10_000 });
  }

  /** Items of `type` owned by `owner` with these natural key values (for imports). */
  findByNaturalKeys(scope: Scope, type: string, owner: InventoryDoc['owner'], keyField: string, values: unknown[]): Promise<InventoryDoc[]> {
    return this.find(scope, { type, 'owner.kind': owner.kind, 'owner.id': owner.id, [keyField]: { $in: values } } as Filter<InventoryDoc>, {
      batchSize: values.length + 1,
    });
  }
}

/** The keyset condition for "after this cursor" in `sort` order; nulls sort first. */
function after(sort: SortSpec, cursor: PageCursor): Filter<InventoryDoc> {
  const { path, direction } = sort;
  const idAfter = direction === 1 ? { $gt: cursor.id } : { $lt: cursor.id };
  if (path === '_id') return { _id: idAfter };
  if (cursor.value === null || cursor.value === undefined) {
    return direction === 1
      ? { $or: [{ [path]: null, _id: idAfter }, { [path]: { $ne: null } }] }
      : { [path]: null, _id: idAfter };
  }
  const beyond = direction === 1 ? { $gt: cursor.value } : { $lt: cursor.value };
  const or: Filter<InventoryDoc>[] = [{ [path]: beyond }, { [path]: cursor.value, _id: idAfter }];
  if (direction === -1) or.push({ [path]: null });
  return { $or: or };
}
