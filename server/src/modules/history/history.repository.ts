import { ObjectId, type Collection, type Db, type Filter } from 'mongodb';
import { insertManyIgnoringDuplicates, retryUpsertRace } from '../../infra/mongo.js';
import type { PrincipalKey } from '../access/access.model.js';
import type { ActorData, FieldChangeData, Operation } from './change.model.js';

/**
 * One recorded change of one entity. Its id is the entity and the revision
 * the change produced, so recording it twice (a retry, a repair) is one
 * record.
 */
export interface ChangeRecord {
  /** `<entity hex>:<revision>`. */
  _id: string;
  entityId: string;
  entityType: string;
  revision: number;
  operation: Operation;
  at: Date;
  actor: ActorData;
  diff: FieldChangeData[];
  /**
   * For a change of a link (an edge, `entityType` Relation): the hex ids of
   * its two ends, `from` then `to`, so that it shows in the history of each;
   * their types; and who could read each end, as `<end hex>|<principal>`:
   * the history of an end shows the change to those who could read that end
   * (`readers`, both ends' readers, serves activity and live changes).
   */
  ends?: string[];
  endTypes?: string[];
  endReaders?: string[];
  /** Who could read the entity with this change: history and activity are filtered on it. */
  readers: PrincipalKey[];
  /** Every 50 revisions, the entity's whole state, so `entityAt` replays few diffs. */
  snapshot?: Record<string, unknown>;
}

export const SNAPSHOT_EVERY = 50;

/** How an edge change keeps who could read each end: `<end hex>|<principal>`, so the history of an end is one indexed query. */
export function endReaderKey(endHex: string, principal: string): string {
  return `${endHex}|${principal}`;
}

/**
 * The CREATE changes of a bulk creation, written before its entities: what
 * the start-up repair needs if the process dies before recording them.
 */
export interface JournalEntry {
  _id: ObjectId;
  openedAt: Date;
  /** The store (collection) its entities go to. */
  store?: string;
  records: ChangeRecord[];
}

/** The change log: one query per method. */
export class HistoryRepository {
  readonly collection: Collection<ChangeRecord>;
  private readonly journal: Collection<JournalEntry>;

  constructor(db: Db) {
    this.collection = db.collection<ChangeRecord>('changes');
    this.journal = db.collection<JournalEntry>('change_journal');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ entityId: 1, revision: -1 }, { name: 'entity_newest_first' });
    await this.collection.createIndex({ readers: 1, at: -1 }, { name: 'readable_newest_first' });
    // The changes of the links an item ends that its reader could read, newest first.
    await this.collection.dropIndex('edge_changes_newest_first').catch(() => undefined);
    await this.collection.createIndex({ endReaders: 1, at: -1 }, { name: 'end_changes_newest_first', sparse: true });
    await this.collection.createIndex({ entityId: 1, at: -1 }, { name: 'entity_by_time' });
    await this.collection.createIndex({ 'actor.runId': 1, at: -1 }, { name: 'by_run', sparse: true });
    await this.collection.createIndex({ 'actor.kind': 1, 'actor.id': 1, at: -1 }, { name: 'by_actor' });
    // The repair's look for bulk creations cut short: entries older than its grace period, oldest first.
    await this.journal.createIndex({ openedAt: 1 }, { name: 'journal_by_age' });
  }

  /** Records a change once, whatever the number of tries; true when this call recorded it. */
  async record(change: ChangeRecord): Promise<boolean> {
    const result = await retryUpsertRace(() => this.collection.updateOne({ _id: change._id }, { $setOnInsert: change }, { upsert: true }));
    return result.upsertedCount === 1;
  }

  /**
   * Records many changes; those already recorded (a retry, another process)
   * are skipped by their ids. Returns the ones this call recorded.
   */
  async recordMany(changes: ChangeRecord[]): Promise<ChangeRecord[]> {
    const recorded: ChangeRecord[] = [];
    for (let i = 0; i < changes.length; i += 1000) recorded.push(...(await insertManyIgnoringDuplicates(this.collection, changes.slice(i, i + 1000))));
    return recorded;
  }

  /** Recorded changes by id. */
  findByIds(ids: string[]): Promise<ChangeRecord[]> {
    return this.collection.find({ _id: { $in: ids } }, { batchSize: ids.length + 1 }).toArray();
  }

  /** Writes the changes of a bulk creation ahead of it; one document, one command. */
  async openJournal(records: ChangeRecord[], store: string): Promise<JournalEntry> {
    const entry: JournalEntry = { _id: new ObjectId(), openedAt: new Date(), store, records };
    await this.journal.insertOne(entry);
    return entry;
  }

  async closeJournal(id: ObjectId): Promise<void> {
    await this.journal.deleteOne({ _id: id });
  }

  /** Bulk creations opened before `before` and not known to have finished: cut short by a crash, or slow. */
  openJournals(before: Date): Promise<JournalEntry[]> {
    return this.journal.find({ openedAt: { $lt: before } }, { sort: { openedAt: 1 } }).toArray();
  }

  /**
   * A page of an entity's changes, newest first, readable through
   * `principals`: its own, and those of the links it is an end of.
   */
  page(entityId: string, principals: readonly string[], first: number, before: { at: Date; id: string } | undefined): Promise<ChangeRecord[]> {
    const filter: Filter<ChangeRecord> = { $and: [this.ofEntity(entityId, principals)] };
    if (before) filter.$and!.push({ $or: [{ at: { $lt: before.at } }, { at: before.at, _id: { $lt: before.id } }] });
    return this.collection.find(filter, { sort: { at: -1, _id: -1 }, limit: first + 1, batchSize: first + 1 }).toArray();
  }

  count(entityId: string, principals: readonly string[]): Promise<number> {
    return this.collection.countDocuments(this.ofEntity(entityId, principals));
  }

  /** Its own changes readable through `principals`, and those of its links made while `principals` could read it. */
  private ofEntity(entityId: string, principals: readonly string[]): Filter<ChangeRecord> {
    return {
      $or: [
        { entityId, readers: { $in: [...principals] } as never },
        { endReaders: { $in: principals.map((p) => endReaderKey(entityId, p)) } },
      ],
    };
  }

  /** The latest snapshot at or before `at`, and the changes after it up to `at`, oldest first. */
  async replaySource(entityId: string, at: Date): Promise<ChangeRecord[]> {
    const base = await this.collection.findOne(
      { entityId, at: { $lte: at }, snapshot: { $exists: true } },
      { sort: { revision: -1 } },
    );
    const filter: Filter<ChangeRecord> = { entityId, at: { $lte: at } };
    if (base) filter.revision = { $gt: base.revision };
    const rest = await this.collection.find(filter, { sort: { revision: 1 }, batchSize: SNAPSHOT_EVERY * 2 }).toArray();
    return base ? [base, ...rest] : rest;
  }

  /** Changes across the inventory, newest first, readable through `principals`. */
  activity(filter: Filter<ChangeRecord>, principals: readonly string[], first: number): Promise<ChangeRecord[]> {
    return this.collection
      .find({ $and: [{ readers: { $in: [...principals] } as never }, filter] }, { sort: { at: -1, _id: -1 }, limit: first + 1, batchSize: first + 1 })
      .toArray();
  }

  countActivity(filter: Filter<ChangeRecord>, principals: readonly string[]): Promise<number> {
    return this.collection.countDocuments({ $and: [{ readers: { $in: [...principals] } as never }, filter] });
  }

}
