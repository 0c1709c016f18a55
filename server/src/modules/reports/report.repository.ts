import type { Collection, Db, Filter, FindCursor, ObjectId } from 'mongodb';
import { ScopedRepository } from '../access/scoped.repository.js';
import type { Scope } from '../access/scope.js';
import { ChangeStore } from '../history/change-store.js';
import type { InventoryDoc } from '../inventory/engine/entity-def.js';
import type { RelationDoc } from '../relations/relation.model.js';
import type { ReportDoc, ReportRowsDoc, ReportRunDoc } from './report.model.js';
import type { Cell } from './report-table.js';

/** One edge from a parent to a readable child: the parent's id and the child's. */
export interface ChildKey {
  parent: string;
  child: string;
}

/**
 * Reports behind the caller's scope, their runs and the pages of rows, and
 * the reads a run makes of the inventory: always with the scope of the
 * person the run is for.
 */
export class ReportRepository extends ScopedRepository<ReportDoc> {
  readonly changes: ChangeStore<ReportDoc>;
  readonly runs: Collection<ReportRunDoc>;
  readonly rows: Collection<ReportRowsDoc>;
  private readonly inventory: Collection<InventoryDoc>;
  private readonly relations: Collection<RelationDoc>;

  constructor(db: Db) {
    super(db.collection<ReportDoc>('reports'));
    this.changes = new ChangeStore<ReportDoc>('reports', this.collection, true);
    this.runs = db.collection<ReportRunDoc>('report_runs');
    this.rows = db.collection<ReportRowsDoc>('report_rows');
    this.inventory = db.collection<InventoryDoc>('inventory');
    this.relations = db.collection<RelationDoc>('relations');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ 'access.read': 1, active: 1, nameLower: 1, _id: 1 }, { name: 'readable_by_name' });
    await this.collection.createIndex({ 'access.admin': 1 }, { name: 'administered_by' });
    await this.runs.createIndex({ reportId: 1, readers: 1, createdAt: -1 }, { name: 'by_report_reader_newest' });
    await this.runs.createIndex({ expiresAt: 1 }, { name: 'by_expiry' });
    await this.runs.createIndex({ readers: 1, status: 1 }, { name: 'by_reader_status' });
    await this.rows.createIndex({ runId: 1, page: 1 }, { name: 'by_run_page' });
    await this.changes.ensurePendingIndex();
  }

  list(scope: Scope, limit: number): Promise<ReportDoc[]> {
    return this.find(scope, { active: true } as Filter<ReportDoc>, { sort: { nameLower: 1, _id: 1 }, limit, batchSize: limit });
  }

  findAny(id: ObjectId): Promise<ReportDoc | null> {
    return this.collection.findOne({ _id: id } as Filter<ReportDoc>);
  }

  /** Every report with a schedule, whatever the caller: for a worker making their job schedulers what they say. */
  scheduled(): Promise<ReportDoc[]> {
    return this.collection.find({ schedule: { $ne: null } } as Filter<ReportDoc>).toArray();
  }

  countOwned(owner: ReportDoc['owner']): Promise<number> {
    return this.collection.countDocuments({ 'owner.kind': owner.kind, 'owner.id': owner.id, active: true } as Filter<ReportDoc>);
  }

  // Runs.

  async insertRun(run: ReportRunDoc): Promise<void> {
    await this.runs.insertOne(run);
  }

  findRun(id: ObjectId): Promise<ReportRunDoc | null> {
    return this.runs.findOne({ _id: id });
  }

  /** A run the principal may read. */
  findRunFor(id: ObjectId, reader: string): Promise<ReportRunDoc | null> {
    return this.runs.findOne({ _id: id, readers: reader });
  }

  runsOf(reportId: string, reader: string, limit: number): Promise<ReportRunDoc[]> {
    return this.runs.find({ reportId, readers: reader }, { sort: { createdAt: -1 }, limit, projection: { charts: 0 } }).toArray();
  }

  /** Runs of a person still queued or running. */
  countUnfinished(reader: string): Promise<number> {
    return this.runs.countDocuments({ readers: reader, status: { $in: ['QUEUED', 'RUNNING'] } });
  }

  lastRunBy(reportId: string, reader: string, trigger: ReportRunDoc['trigger']): Promise<ReportRunDoc | null> {
    return this.runs.findOne({ reportId, readers: reader, trigger }, { sort: { createdAt: -1 }, projection: { charts: 0 } });
  }

  lastGoodRun(reportId: string, reader: string): Promise<ReportRunDoc | null> {
    return this.runs.findOne({ reportId, readers: reader, status: 'SUCCEEDED' }, { sort: { finishedAt: -1 } });
  }

  /** Takes a queued (or crashed, retried) run up: RUNNING, one more attempt; null when it was cancelled or finished meanwhile. */
  startRun(id: ObjectId, at: Date, expiresAt: Date): Promise<ReportRunDoc | null> {
    return this.runs.findOneAndUpdate(
      { _id: id, status: { $in: ['QUEUED', 'RUNNING'] }, cancelRequested: false },
      { $set: { status: 'RUNNING', startedAt: at, progress: { done: 0, total: 0 }, rowCount: 0, pageCount: 0, expiresAt }, $inc: { attempts: 1 } },
      { returnDocument: 'after' },
    );
  }

  async setProgress(id: ObjectId, progress: { done: number; total: number }, rowCount: number, pageCount: number): Promise<boolean> {
    const result = await this.runs.findOneAndUpdate({ _id: id, status: 'RUNNING' }, { $set: { progress, rowCount, pageCount } }, { returnDocument: 'after' });
    return result !== null && !result.cancelRequested;
  }

  /** Ends a run that is still queued or running; null when it had ended already. */
  finishRun(id: ObjectId, set: Partial<ReportRunDoc>): Promise<ReportRunDoc | null> {
    return this.runs.findOneAndUpdate({ _id: id, status: { $in: ['QUEUED', 'RUNNING'] } }, { $set: set }, { returnDocument: 'after' });
  }

  requestCancel(id: ObjectId): Promise<ReportRunDoc | null> {
    return this.runs.findOneAndUpdate({ _id: id, status: { $in: ['QUEUED', 'RUNNING'] } }, { $set: { cancelRequested: true } }, { returnDocument: 'after' });
  }

  /** Writes a page of rows in place (a retried run overwrites what its first attempt wrote). */
  async writePage(runId: ObjectId, page: number, rows: Cell[][]): Promise<void> {
    const _id = `${runId.toHexString()}:${page}`;
    await this.rows.replaceOne({ _id }, { runId, page, count: rows.length, rows: JSON.stringify(rows) }, { upsert: true });
  }

  /** Pages from `page` on: what an earlier attempt wrote beyond the end of this one. */
  async dropPagesFrom(runId: ObjectId, page: number): Promise<void> {
    await this.rows.deleteMany({ runId, page: { $gte: page } });
  }

  pages(runId: ObjectId, from: number, to: number): Promise<ReportRowsDoc[]> {
    return this.rows.find({ runId, page: { $gte: from, $lte: to } }, { sort: { page: 1 } }).toArray();
  }

  /** Every page of a run in order, one at a time. */
  pageCursor(runId: ObjectId): FindCursor<ReportRowsDoc> {
    return this.rows.find({ runId }, { sort: { page: 1 }, batchSize: 2 });
  }

  /** Runs past their time, except the last good run of each report and person. */
  async expiredRuns(now: Date, limit: number): Promise<ReportRunDoc[]> {
    const candidates = await this.runs.find({ expiresAt: { $lt: now } }, { projection: { _id: 1, reportId: 1, readers: 1, status: 1, finishedAt: 1 }, limit }).toArray();
    const out: ReportRunDoc[] = [];
    for (const run of candidates) {
      if (run.status === 'SUCCEEDED') {
        const last = await this.lastGoodRun(run.reportId, run.readers[0]!);
        if (last && last._id.equals(run._id)) continue;
      }
      out.push(run);
    }
    return out;
  }

  async deleteRuns(ids: ObjectId[]): Promise<void> {
    if (ids.length === 0) return;
    await this.rows.deleteMany({ runId: { $in: ids } });
    await this.runs.deleteMany({ _id: { $in: ids } });
  }

  // What a run reads, always in the scope of the person it is for.

  /** Items of a type the scope reads, matching `conditions`, in name order, streamed. */
  items(scope: Scope, type: string, conditions: Array<Record<string, unknown>>, projection: Record<string, 1>, batchSize: number): FindCursor<InventoryDoc> {
    const filter = { $and: [scope.filter<InventoryDoc>('read'), { type }, ...conditions] } as Filter<InventoryDoc>;
    return this.inventory.find(filter, { sort: { nameLower: 1, _id: 1 }, projection: { ...projection, nameLower: 1 }, batchSize });
  }

  countItems(scope: Scope, type: string, conditions: Array<Record<string, unknown>>): Promise<number> {
    return this.inventory.countDocuments({ $and: [scope.filter<InventoryDoc>('read'), { type }, ...conditions] } as Filter<InventoryDoc>);
  }

  /** Items by id that the scope reads and that match `conditions`. */
  itemsByIds(scope: Scope, type: string, ids: ObjectId[], conditions: Array<Record<string, unknown>>, projection: Record<string, 1>): Promise<InventoryDoc[]> {
    if (ids.length === 0) return Promise.resolve([]);
    const filter = { $and: [scope.filter<InventoryDoc>('read'), { type, _id: ids.length === 1 ? ids[0] : { $in: ids } }, ...conditions] } as Filter<InventoryDoc>;
    return this.inventory.find(filter, { projection: { ...projection, nameLower: 1 }, batchSize: ids.length + 1 }).toArray();
  }

  /**
   * Children of many parents along one kind of edge, those whose copy says
   * the scope reads them (the items are read again with the scope): one
   * command for a whole level of a batch.
   */
  async childKeys(scope: Scope, parents: readonly string[], via: { kind: string; direction: 'out' | 'in' }, childType: string): Promise<ChildKey[]> {
    if (parents.length === 0) return [];
    const mine = via.direction === 'out' ? 'from' : 'to';
    const other = via.direction === 'out' ? 'to' : 'from';
    const readers = scope.principalsFor('read');
    const filter = {
      [mine]: parents.length === 1 ? parents[0] : { $in: [...parents] },
      kind: via.kind,
      removed: { $ne: true },
      [`${other}Type`]: childType,
      [`${other}Readers`]: readers.length === 1 ? readers[0] : { $in: readers },
    } as Filter<RelationDoc>;
    const edges = await this.relations.find(filter, { projection: { from: 1, to: 1 }, batchSize: 10_000 }).toArray();
    return edges.map((e) => ({ parent: e[mine], child: e[other] }));
  }
}
