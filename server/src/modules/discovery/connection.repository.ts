import type { Db, Filter, ObjectId } from 'mongodb';
import { ScopedRepository } from '../access/scoped.repository.js';
import type { Scope } from '../access/scope.js';
import { ChangeStore } from '../history/change-store.js';
import type { SealedSecret } from '../../shared/secret-box.js';
import type { ConnectionDoc } from './connection.model.js';

/** Discovery connections, behind the caller's scope like every access-controlled collection. */
export class ConnectionRepository extends ScopedRepository<ConnectionDoc> {
  /** The history's view of this collection; the sealed secret stays out of snapshots. */
  readonly changes: ChangeStore<ConnectionDoc>;

  constructor(db: Db) {
    super(db.collection<ConnectionDoc>('connections'));
    this.changes = new ChangeStore<ConnectionDoc>('connections', this.collection, true, ['secret']);
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ 'access.read': 1, active: 1, nameLower: 1, _id: 1 }, { name: 'readable_by_name' });
    await this.collection.createIndex({ 'access.admin': 1 }, { name: 'administered_by' });
    // A name is unique per owner among active connections (see `ConnectionDoc.nameKey`).
    await this.collection.createIndex({ nameKey: 1 }, { name: 'unique_name_per_owner', unique: true });
    await this.changes.ensurePendingIndex();
  }

  /** A page of the caller's active connections in name order after `cursor`, and how many there are: two commands. */
  async page(scope: Scope, first: number, cursor: { name: string; id: ObjectId } | undefined): Promise<{ items: ConnectionDoc[]; total: number }> {
    const base = { active: true } as Filter<ConnectionDoc>;
    const filter = cursor
      ? ({ ...base, $or: [{ nameLower: { $gt: cursor.name } }, { nameLower: cursor.name, _id: { $gt: cursor.id } }] } as Filter<ConnectionDoc>)
      : base;
    const [items, total] = await Promise.all([
      first === 0 ? Promise.resolve([]) : this.find(scope, filter, { sort: { nameLower: 1, _id: 1 }, limit: first + 1, batchSize: first + 1 }),
      this.count(scope, base),
    ]);
    return { items, total };
  }

  /** Every connection, whatever the caller (without their secrets). */
  all(): Promise<ConnectionDoc[]> {
    return this.collection.find({}, { projection: { secret: 0 } }).toArray();
  }

  /** A connection by id whatever the caller (a run's jobs, started by someone with WRITE on it). */
  findAny(id: ObjectId): Promise<ConnectionDoc | null> {
    return this.collection.findOne({ _id: id } as Filter<ConnectionDoc>);
  }

  /** Connections whose secret was sealed with another key than `kid` (after a rotation). */
  sealedWithOther(kid: string): Promise<ConnectionDoc[]> {
    return this.collection.find({ 'secret.kid': { $ne: kid } } as Filter<ConnectionDoc>).toArray();
  }

  /** Replaces a sealed secret, only if it is still the one read (a change meanwhile wins). */
  async reseal(id: ObjectId, before: SealedSecret, after: SealedSecret): Promise<boolean> {
    const result = await this.collection.updateOne({ _id: id, 'secret.kid': before.kid, 'secret.iv': before.iv } as Filter<ConnectionDoc>, { $set: { secret: after } });
    return result.modifiedCount === 1;
  }

  /** Whether a connection (other than `except`) already holds this name key: a check before a create or a rename. */
  async nameTaken(nameKey: string, except?: ObjectId): Promise<boolean> {
    const filter = (except ? { nameKey, _id: { $ne: except } } : { nameKey }) as Filter<ConnectionDoc>;
    return (await this.collection.countDocuments(filter, { limit: 1 })) > 0;
  }
}
