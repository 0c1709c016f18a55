import type {
  Collection,
  Document,
  Filter,
  FindOptions,
  OptionalUnlessRequiredId,
  UpdateFilter,
  WithId,
  ObjectId,
} from 'mongodb';
import type { AccessControlled, Role } from './access.model.js';
import type { Scope } from './scope.js';

type Base = AccessControlled & Document & { _id: ObjectId; revision: number };

/**
 * The only way services reach an access-controlled collection. Every method
 * takes the caller's Scope and adds its filter to the query itself, so a
 * document the caller may not see is never loaded, counted or changed.
 */
export class ScopedRepository<T extends Base> {
  constructor(protected readonly collection: Collection<T>) {}

  protected scoped(scope: Scope, filter: Filter<T>, role: Role = 'read'): Filter<T> {
    const access = scope.filter<T>(role);
    return Object.keys(filter).length === 0 ? access : ({ $and: [access, filter] } as Filter<T>);
  }

  findById(scope: Scope, id: ObjectId, role: Role = 'read'): Promise<WithId<T> | null> {
    return this.collection.findOne(this.scoped(scope, { _id: id } as Filter<T>, role));
  }

  findByIds(scope: Scope, ids: readonly ObjectId[], role: Role = 'read'): Promise<WithId<T>[]> {
    return this.collection.find(this.scoped(scope, { _id: { $in: [...ids] } } as Filter<T>, role), { batchSize: ids.length + 1 }).toArray();
  }

  find(scope: Scope, filter: Filter<T>, options: FindOptions = {}): Promise<WithId<T>[]> {
    return this.collection.find(this.scoped(scope, filter), options).toArray();
  }

  count(scope: Scope, filter: Filter<T>): Promise<number> {
    return this.collection.countDocuments(this.scoped(scope, filter));
  }

  async insert(doc: OptionalUnlessRequiredId<T>): Promise<void> {
    await this.collection.insertOne(doc);
  }

  async insertMany(docs: OptionalUnlessRequiredId<T>[]): Promise<void> {
    if (docs.length > 0) await this.collection.insertMany(docs, { ordered: true });
  }

  /**
   * Updates one document the caller holds `role` on, only if it is still at
   * `revision` (optimistic concurrency). Returns the new document, or null if
   * it is not there, not the caller's to change, or was changed meanwhile.
   */
  updateVersioned(scope: Scope, id: ObjectId, revision: number, role: Role, update: UpdateFilter<T>): Promise<WithId<T> | null> {
    const filter = this.scoped(scope, { _id: id, revision } as Filter<T>, role);
    return this.collection.findOneAndUpdate(filter, update, { returnDocument: 'after' });
  }

  /** How many documents have `principal` as their only admin (a system check, not a caller's query). */
  countSoleAdmin(principal: string): Promise<number> {
    return this.collection.countDocuments({ 'access.admin': [principal] } as Filter<T>);
  }
}
