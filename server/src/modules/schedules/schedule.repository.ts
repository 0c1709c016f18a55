import type { Collection, Db, Filter, ObjectId } from 'mongodb';
import { ScopedRepository } from '../access/scoped.repository.js';
import type { Scope } from '../access/scope.js';
import { ChangeStore } from '../history/change-store.js';
import { isDuplicateKey } from '../identity/identity.repository.js';
import type { ScheduleDoc, ScheduleRunDoc } from './schedule.model.js';

/** HTTP schedules behind the caller's scope, and their runs. */
export class ScheduleRepository extends ScopedRepository<ScheduleDoc> {
  /** The history's view of this collection; sealed header values stay out of snapshots. */
  readonly changes: ChangeStore<ScheduleDoc>;
  readonly runs: Collection<ScheduleRunDoc>;

  constructor(db: Db) {
    super(db.collection<ScheduleDoc>('schedules'));
    this.changes = new ChangeStore<ScheduleDoc>('schedules', this.collection, true, ['secretHeaders']);
    this.runs = db.collection<ScheduleRunDoc>('schedule_runs');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ 'access.read': 1, active: 1, nameLower: 1, _id: 1 }, { name: 'readable_by_name' });
    await this.collection.createIndex({ 'access.admin': 1 }, { name: 'administered_by' });
    await this.runs.createIndex({ scheduleId: 1, startedAt: -1 }, { name: 'by_schedule_newest_first' });
    await this.changes.ensurePendingIndex();
  }

  /** The caller's active schedules by name (at most `limit`). */
  list(scope: Scope, limit: number): Promise<ScheduleDoc[]> {
    return this.find(scope, { active: true } as Filter<ScheduleDoc>, { sort: { nameLower: 1, _id: 1 }, limit, batchSize: limit });
  }

  findAny(id: ObjectId): Promise<ScheduleDoc | null> {
    return this.collection.findOne({ _id: id } as Filter<ScheduleDoc>);
  }

  /** Every schedule, whatever the caller (without secrets): for a worker making their job schedulers what they say. */
  all(): Promise<ScheduleDoc[]> {
    return this.collection.find({}, { projection: { secretHeaders: 0 } }).toArray();
  }

  /** Schedules with a secret header sealed with another key than `kid` (after a rotation). */
  async sealedWithOther(kid: string): Promise<ScheduleDoc[]> {
    const withSecrets = await this.collection.find({ 'secretHeaders.0': { $exists: true } } as Filter<ScheduleDoc>).toArray();
    return withSecrets.filter((doc) => doc.secretHeaders.some((h) => h.sealed.kid !== kid));
  }

  /** Replaces the sealed headers, only if they are still those read (a change meanwhile wins). */
  async reseal(doc: ScheduleDoc, secretHeaders: ScheduleDoc['secretHeaders']): Promise<boolean> {
    const result = await this.collection.updateOne({ _id: doc._id, revision: doc.revision } as Filter<ScheduleDoc>, { $set: { secretHeaders } });
    return result.modifiedCount === 1;
  }

  /** Starts a run under its job's id; the run that id already has when a job runs again. */
  async claimRun(run: ScheduleRunDoc): Promise<{ run: ScheduleRunDoc; fresh: boolean }> {
    try {
      await this.runs.insertOne(run);
      return { run, fresh: true };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const existing = await this.runs.findOne({ _id: run._id });
      if (!existing) throw error;
      return { run: existing, fresh: false };
    }
  }

  async finishRun(id: string, set: Partial<ScheduleRunDoc>): Promise<ScheduleRunDoc | null> {
    await this.runs.updateOne({ _id: id }, { $set: set });
    return this.runs.findOne({ _id: id });
  }

  /** Active schedules of an owner. */
  countOwned(owner: ScheduleDoc['owner']): Promise<number> {
    return this.collection.countDocuments({ 'owner.kind': owner.kind, 'owner.id': owner.id, active: true } as Filter<ScheduleDoc>);
  }

  /** Runs of a schedule still going, other than `except`. */
  running(scheduleId: string, except: string): Promise<ScheduleRunDoc[]> {
    return this.runs.find({ scheduleId, status: 'RUNNING', _id: { $ne: except } }).toArray();
  }

  /** A schedule's runs, newest first. */
  recentRuns(scheduleId: string, limit: number): Promise<ScheduleRunDoc[]> {
    return this.runs.find({ scheduleId }, { sort: { startedAt: -1 }, limit }).toArray();
  }
}
