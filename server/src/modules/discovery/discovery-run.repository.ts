import { isDuplicateKey } from '../identity/identity.repository.js';
import type { Collection, Db, Filter, ObjectId } from 'mongodb';
import type { DiscoveryEntry, DiscoveryRunDoc, DiscoveryRunStatus } from './discovery-run.model.js';

/**
 * Discovery runs. Access follows the connection: the service checks that
 * the caller can read the connection before it asks for its runs here.
 * Each job writes only its own entry (one field of `entries`), so jobs of
 * one run never overwrite each other.
 */
export class DiscoveryRunRepository {
  private readonly collection: Collection<DiscoveryRunDoc>;
  /** One document per (run, kind, region), written by its job alone: concurrent jobs never write one document. */
  private readonly entries: Collection<DiscoveryEntry & { _id: string; runId: string }>;
  /** One document per schedule tick that started (or chose to start) a run, by the tick's job id. */
  private readonly ticks: Collection<{ _id: string; runId: ObjectId; at: Date }>;

  constructor(db: Db) {
    this.collection = db.collection<DiscoveryRunDoc>('discovery_runs');
    this.entries = db.collection('discovery_run_entries');
    this.ticks = db.collection('discovery_ticks');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ connectionId: 1, _id: -1 }, { name: 'by_connection_newest_first' });
    await this.entries.createIndex({ runId: 1 }, { name: 'by_run' });
  }

  /** The run's entries as its jobs last wrote them, over those it started with. */
  private async withEntries(runs: DiscoveryRunDoc[]): Promise<DiscoveryRunDoc[]> {
    if (runs.length === 0) return runs;
    const written = await this.entries.find({ runId: { $in: runs.map((r) => r._id.toHexString()) } }).toArray();
    for (const { _id: id, runId, ...entry } of written) {
      const run = runs.find((r) => r._id.toHexString() === runId);
      if (run) run.entries[id.slice(runId.length + 1)] = entry;
    }
    return runs;
  }

  async insert(doc: DiscoveryRunDoc): Promise<void> {
    await this.collection.insertOne(doc);
  }

  /**
   * The run id of a schedule's tick: `id` when this call is the first to
   * claim the tick, else the id its first claim chose (a tick's job run
   * again after a crash, or by two workers at once, makes one run).
   */
  async claimTick(tick: string, id: ObjectId): Promise<ObjectId> {
    try {
      await this.ticks.insertOne({ _id: tick, runId: id, at: new Date() });
      return id;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const claimed = await this.ticks.findOne({ _id: tick });
      if (!claimed) throw error;
      return claimed.runId;
    }
  }

  async findById(id: ObjectId): Promise<DiscoveryRunDoc | null> {
    const run = await this.collection.findOne({ _id: id });
    return run ? ((await this.withEntries([run]))[0] ?? null) : null;
  }

  /** The connection's latest run before `before` (by id, hence by creation). */
  async latestBefore(connectionId: string, before: ObjectId): Promise<DiscoveryRunDoc | null> {
    return this.collection.findOne({ connectionId, _id: { $lt: before } }, { sort: { _id: -1 } });
  }

  /** A connection's newest run, with its entries; null until it has one. */
  async latest(connectionId: string): Promise<DiscoveryRunDoc | null> {
    const run = await this.collection.findOne({ connectionId }, { sort: { _id: -1 } });
    return run ? ((await this.withEntries([run]))[0] ?? null) : null;
  }

  /** A page of a connection's runs, newest first, after `cursor`; and how many there are: two commands. */
  async page(connectionId: string, first: number, cursor: ObjectId | undefined): Promise<{ items: DiscoveryRunDoc[]; total: number }> {
    const filter: Filter<DiscoveryRunDoc> = cursor ? { connectionId, _id: { $lt: cursor } } : { connectionId };
    const [items, total] = await Promise.all([
      first === 0 ? Promise.resolve([]) : this.collection.find(filter, { sort: { _id: -1 }, limit: first + 1, batchSize: first + 1 }).toArray().then((runs) => this.withEntries(runs)),
      this.collection.countDocuments({ connectionId }),
    ]);
    return { items, total };
  }

  /** Sets one entry as a whole (a job's attempt writes its own entry only); the run turns RUNNING if it was QUEUED. */
  async setEntry(id: ObjectId, key: string, entry: DiscoveryEntry): Promise<DiscoveryRunDoc | null> {
    const runId = id.toHexString();
    await this.entries.replaceOne({ _id: `${runId}|${key}` }, { runId, ...entry }, { upsert: true });
    await this.collection.updateOne({ _id: id, status: 'QUEUED' }, { $set: { status: 'RUNNING', startedAt: new Date() } });
    return this.findById(id);
  }

  /** The account the run's credentials reach, once known. */
  async setAccount(id: ObjectId, account: string): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { account } });
  }

  /** Closes a run; one that never started (every job skipped) started when it finished. */
  async finish(id: ObjectId, status: DiscoveryRunStatus, finishedAt: Date, startedAt: Date | null): Promise<DiscoveryRunDoc | null> {
    await this.collection.updateOne({ _id: id }, { $set: { status, finishedAt, startedAt: startedAt ?? finishedAt } });
    return this.findById(id);
  }
}
