import type { Db, Filter, ObjectId, Sort, UpdateFilter } from 'mongodb';
import { insertManyIgnoringDuplicates } from '../../../infra/mongo.js';
import { idKey } from './item-keys.js';
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
    await this.backfillKeys();
    // No two writers can create the same item twice: every item has a key, and keys are unique (see `InventoryDoc.key`).
    await this.collection.createIndex({ key: 1 }, { name: 'unique_key', unique: true });
    // A source's full snapshot finds what it brought in and no longer sees.
    await this.collection.createIndex({ 'origin.source': 1, type: 1, active: 1 }, { name: 'by_origin' });
    // A discovery job's one read: the owner's items in an account and region, of a few types.
    await this.collection.createIndex({ 'owner.id': 1, 'external.account': 1, 'external.region': 1, type: 1 }, { name: 'by_provider_part' });
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

  /** Gives items stored before keys existed their key (their id): run before the unique index is made. */
  private async backfillKeys(): Promise<void> {
    for (;;) {
      const batch = await this.collection.find({ key: { $exists: false } } as Filter<InventoryDoc>, { projection: { _id: 1 }, limit: 1000, batchSize: 1000 }).toArray();
      if (batch.length === 0) return;
      await this.collection.bulkWrite(batch.map((d) => ({ updateOne: { filter: { _id: d._id, key: { $exists: false } }, update: { $set: { key: idKey(d._id) } } } })) as never, { ordered: false });
    }
  }

  /** Items of `type` owned by `owner` with these lower-cased names, whatever the caller (a system source). */
  findAnyByNames(type: string, owner: InventoryDoc['owner'], names: string[]): Promise<InventoryDoc[]> {
    return this.collection.find({ type, 'owner.kind': owner.kind, 'owner.id': owner.id, nameLower: { $in: names } } as Filter<InventoryDoc>, { batchSize: names.length + 1 }).toArray();
  }

  /** Moves an item to its next revision if it is still at `revision`, whatever the caller (a system source, after its own checks). */
  updateVersionedAny(id: ObjectId, revision: number, update: UpdateFilter<InventoryDoc>): Promise<InventoryDoc | null> {
    return this.collection.findOneAndUpdate({ _id: id, revision } as Filter<InventoryDoc>, update, { returnDocument: 'after' });
  }

  /** Items by key, whatever the caller (a source matching what it sees). */
  findByKeys(keys: string[]): Promise<InventoryDoc[]> {
    return this.collection.find({ key: { $in: keys } } as Filter<InventoryDoc>, { batchSize: keys.length + 1 }).toArray();
  }

  /** Inserts new items; those whose key another writer took first are left out. Returns the items this call inserted. */
  insertNew(docs: InventoryDoc[]): Promise<InventoryDoc[]> {
    return insertManyIgnoringDuplicates(this.collection, docs) as Promise<InventoryDoc[]>;
  }

  /**
   * Versioned updates of many items in one command: each applies only if
   * its item is still at the revision read (and, with a scope, still
   * writable by the caller). Returns nothing: the caller reads back which
   * applied (see `HistoryService.writeMany`).
   */
  async updateManyVersioned(scope: Scope | null, updates: Array<{ id: ObjectId; revision: number; update: UpdateFilter<InventoryDoc> }>): Promise<void> {
    if (updates.length === 0) return;
    const access = scope ? scope.filter<InventoryDoc>('write') : {};
    await this.collection.bulkWrite(
      updates.map(({ id, revision, update }) => ({ updateOne: { filter: { ...access, _id: id, revision } as Filter<InventoryDoc>, update } })),
      { ordered: false },
    );
  }

  /**
   * The items a source brought into `owner`'s inventory, of `type`, within
   * the part of the provider `where` says (null parts: all): what a full
   * snapshot compares with what it saw. Keys and state only.
   */
  broughtBy(
    source: string,
    type: string,
    owner: InventoryDoc['owner'],
    where: Partial<Record<'provider' | 'account' | 'region', string | null>>,
    fields: Readonly<Record<string, string>> = {},
  ): Promise<InventoryDoc[]> {
    const filter: Record<string, unknown> = { ...fields, 'origin.source': source, type, 'owner.kind': owner.kind, 'owner.id': owner.id };
    for (const [part, value] of Object.entries(where)) if (value) filter[`external.${part}`] = value;
    return this.collection.find(filter as Filter<InventoryDoc>, { projection: { keywords: 0 }, batchSize: 10_000 }).toArray();
  }

  /** The owner's items of `types` at a part of a provider (an account, a region of it): what one discovery job may touch or link to, in one read. */
  atProvider(owner: InventoryDoc['owner'], where: Partial<Record<'provider' | 'account' | 'region', string | null>>, types: readonly string[]): Promise<InventoryDoc[]> {
    const filter: Record<string, unknown> = { 'owner.kind': owner.kind, 'owner.id': owner.id, type: types.length === 1 ? types[0] : { $in: [...types] } };
    for (const [part, value] of Object.entries(where)) if (value) filter[`external.${part}`] = value;
    return this.collection.find(filter as Filter<InventoryDoc>, { projection: { keywords: 0 }, batchSize: 10_000 }).toArray();
  }

  /** An entity by id whatever the caller (for system bookkeeping after an access-checked write). */
  findAny(id: ObjectId): Promise<InventoryDoc | null> {
    return this.collection.findOne({ _id: id });
  }

  /**
   * Entities by id whatever the caller (for system bookkeeping, such as the
   * copies relations keep of their ends). One id is asked by equality: a
   * server that does not push `$in` down (FerretDB) scans the collection for it.
   */
  findAnyMany(ids: ObjectId[]): Promise<InventoryDoc[]> {
    const filter = ids.length === 1 ? { _id: ids[0]! } : { _id: { $in: ids } };
    return this.collection.find(filter, { batchSize: ids.length + 1 }).toArray();
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
