import { ObjectId, type Collection, type Db } from 'mongodb';
import type { InventoryDoc } from './entity-def.js';

/** One import a person ran: numbered per stack (`import #12`), the actor of every change it made. */
export interface ImportRecord {
  _id: ObjectId;
  number: number;
  type: string;
  format: string | null;
  rows: number;
  userId: string;
  owner: InventoryDoc['owner'];
  startedAt: Date;
  finishedAt: Date | null;
  counts: { created: number; updated: number; unchanged: number; failed: number } | null;
}

/** The imports run, and their numbering: one query per method. */
export class ImportRepository {
  private readonly collection: Collection<ImportRecord>;
  private readonly counters: Collection<{ _id: string; seq: number }>;

  constructor(db: Db) {
    this.collection = db.collection<ImportRecord>('imports');
    this.counters = db.collection<{ _id: string; seq: number }>('counters');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ 'owner.kind': 1, 'owner.id': 1, startedAt: -1 }, { name: 'owner_newest_first' });
  }

  /** Records an import as it starts, with the next number. */
  async open(input: Pick<ImportRecord, 'type' | 'format' | 'rows' | 'userId' | 'owner'>): Promise<ImportRecord> {
    const counter = await this.counters.findOneAndUpdate({ _id: 'imports' }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' });
    const record: ImportRecord = { _id: new ObjectId(), number: counter!.seq, ...input, startedAt: new Date(), finishedAt: null, counts: null };
    await this.collection.insertOne(record);
    return record;
  }

  async finish(id: ObjectId, counts: NonNullable<ImportRecord['counts']>): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { finishedAt: new Date(), counts } });
  }
}
