import { ObjectId, type Collection, type Document, type Filter } from 'mongodb';

/** An entity whose writes are recorded in the history: it carries its unrecorded changes in `pending`. */
export interface Versioned extends Document {
  _id: ObjectId | string;
  revision: number;
  pending?: Record<string, unknown>;
}

/** The hex id of an ObjectId, or the id itself. */
export function idText(id: ObjectId | string): string {
  return typeof id === 'string' ? id : id.toHexString();
}

/**
 * A collection whose entities carry their changes until they are recorded:
 * what the history needs of it, whatever the entity (inventory items,
 * edges, and the entities to come), and nothing else. Its collection needs
 * an index on `pending` (see `ensurePendingIndex`).
 */
export class ChangeStore<T extends Versioned = Versioned> {
  constructor(
    readonly name: string,
    readonly collection: Collection<T>,
    /** Its ids are ObjectIds (stored as hex in changes), or strings. */
    private readonly objectIds: boolean,
    /** Fields a snapshot of its entities leaves out: stored secrets, even sealed, stay on the entity alone. */
    readonly unrecorded: readonly string[] = [],
  ) {}

  private idOf(text: string): T['_id'] {
    return (this.objectIds ? new ObjectId(text) : text) as T['_id'];
  }

  /** The repair's look for entities still carrying changes: `pending` is `{}` once recorded, so `{ $gt: {} }` holds exactly those. */
  async ensurePendingIndex(): Promise<void> {
    await this.collection.createIndex({ pending: 1 } as never, { name: 'carrying_changes' });
  }

  /** Takes a recorded change off its entity: only its own key, whatever else is there. */
  async clearPending(id: string, revision: number): Promise<void> {
    await this.collection.updateOne({ _id: this.idOf(id) } as Filter<T>, { $unset: { [`pending.${revision}`]: '' } } as never);
  }

  /**
   * Takes recorded changes off many entities at once: one `updateMany` per
   * revision among them (a batch of new edges or items is one), never one
   * update per entity, which some servers run as one scan each.
   */
  async clearPendingMany(entries: Array<{ id: string; revision: number }>): Promise<void> {
    const byRevision = new Map<number, string[]>();
    for (const { id, revision } of entries) byRevision.set(revision, [...(byRevision.get(revision) ?? []), id]);
    for (const [revision, ids] of byRevision) {
      await this.collection.updateMany({ _id: { $in: ids.map((id) => this.idOf(id)) } } as Filter<T>, { $unset: { [`pending.${revision}`]: '' } } as never);
    }
  }

  /** Entities still carrying changes not yet recorded: a crash kept them from it, or their write is in flight. */
  withPendingChanges(): Promise<T[]> {
    return this.collection.find({ pending: { $gt: {} } } as Filter<T>).toArray() as Promise<T[]>;
  }

  /** Which of these ids exist. */
  async existingIds(ids: string[]): Promise<Set<string>> {
    const found = await this.collection.find({ _id: { $in: ids.map((id) => this.idOf(id)) } } as Filter<T>, { projection: { _id: 1 }, batchSize: ids.length + 1 }).toArray();
    return new Set(found.map((d) => idText(d._id as ObjectId | string)));
  }
}
