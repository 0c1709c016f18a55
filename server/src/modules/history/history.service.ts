import type { Fault } from '../../config/env.js';
import type { Logger } from 'pino';
import { BSON, type Filter, type UpdateFilter } from 'mongodb';
import { z } from 'zod';
import { ConflictError, InputError, NotFoundError } from '../../graphql/errors.js';
import { cursorPart, decodeCursor, encodeCursor } from '../../shared/cursor.js';
import type { Scope } from '../access/scope.js';
import type { ChangePublisher } from './change.publisher.js';
import type { ActorData, ActorKind, FieldChangeData, Operation } from './change.model.js';
import { idText, type ChangeStore, type Versioned } from './change-store.js';
import { endReaderKey, SNAPSHOT_EVERY, type ChangeRecord, type HistoryRepository, type JournalEntry } from './history.repository.js';

/** A change waiting on its entity, written in the same atomic update as the entity. */
export type PendingChange = Omit<ChangeRecord, 'snapshot'>;

/** What a write says of the change it makes; the history adds its id, time and revision. */
export interface ChangeInput {
  operation: Operation;
  actor: ActorData;
  diff: FieldChangeData[];
  /** Who may read the change: history and activity are filtered on it. */
  readers: readonly string[];
  /** For a change of an edge: its two ends, `from` then `to`. */
  ends?: EdgeEnds;
}

/**
 * The two ends of an edge, `from` then `to`, as its changes keep them: the
 * hex ids and types (the change shows in the history of each end, and in
 * its live changes) and who could read each end (the history of an end
 * shows the change only to those who could read that end).
 */
export interface EdgeEnds {
  ids: readonly [string, string];
  types: readonly [string, string];
  readers: readonly [readonly string[], readonly string[]];
}

/** What a versioned write sets, and the change it records; null from `decide` when there is nothing to write. */
export interface Decision {
  set: Record<string, unknown>;
  unset?: string[];
  change: ChangeInput;
}

/** A journal entry stays well under MongoDB's 16 MiB document limit. */
const JOURNAL_MAX_BYTES = 4 * 1024 * 1024;
/** An entry this old whose entities are not all there was cut short by a crash: they never will be. */
const JOURNAL_ABANDONED_MS = 60 * 60 * 1000;
const WRITE_ATTEMPTS = 3;

/** What a snapshot leaves out: bookkeeping, not the entity's state. */
const BOOKKEEPING = new Set(['_id', 'pending', 'keywords', 'nameLower', 'access', 'grants', 'revision', 'provenance', 'locks', 'key', 'origin', 'seen']);

type Listener = (entity: Versioned, changes: readonly PendingChange[]) => Promise<void>;

/**
 * Every change of every entity, whatever its kind (inventory items, edges,
 * and any collection registered as a `ChangeStore`), with no lost and no
 * phantom history and no transactions. A write puts the change on the
 * entity itself, in the same single-document update (`pending.<revision>`);
 * then the change is recorded under its natural id (entity + revision) and
 * taken off the entity. A crash in between leaves the change on the
 * entity: the next write to that entity records it before anything else,
 * and the periodic repair (every HISTORY_REPAIR_INTERVAL_MS, on the
 * maintenance queue) and the start-up record it once it is older than
 * HISTORY_REPAIR_GRACE_MS, when its writer is surely dead or done. A change
 * is never recorded for a write that did not happen, since it exists only
 * in a write that happened.
 *
 * Bulk creations take another path with the same guarantees and no second
 * write per entity: see `createMany`. Versioned updates of one entity go
 * through `write`, the one place their protocol is written.
 */
export class HistoryService {
  private readonly stores = new Map<string, ChangeStore>();
  private readonly listeners = new Map<string, Listener[]>();

  constructor(
    private readonly repo: HistoryRepository,
    private readonly publisher: ChangePublisher,
    private readonly logger: Logger,
    private readonly faults: ReadonlySet<Fault> = new Set(),
  ) {}

  /** Dies here, as a crash would, when the test fault `fault` is on (tests only: see `MAESTRO_FAULTS`). */
  private async crashIf(fault: Fault, context: Record<string, unknown>, message: string): Promise<void> {
    if (!this.faults.has(fault)) return;
    this.logger.warn(context, message);
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => undefined);
  }

  /** Makes the entities of `store` recordable (and repairable). */
  register<T extends Versioned>(store: ChangeStore<T>): void {
    this.stores.set(store.name, store as unknown as ChangeStore);
  }

  private store(name: string): ChangeStore {
    const store = this.stores.get(name);
    if (!store) throw new Error(`no change store named ${name}`);
    return store;
  }

  /**
   * Runs `listener` with an entity of `store` and the changes it carries
   * before they are recorded and taken off it: a crash in `listener` leaves
   * them there, so the next write or the repair runs it again. It must be
   * idempotent.
   */
  onChange(store: string, listener: Listener): void {
    this.listeners.set(store, [...(this.listeners.get(store) ?? []), listener]);
  }

  /** The change a write is about to make, to store on the entity with it. */
  pending(entity: { _id: Versioned['_id']; type?: unknown }, entityType: string, revision: number, input: ChangeInput): PendingChange {
    const hex = idText(entity._id);
    const pending: PendingChange = {
      _id: `${hex}:${revision}`,
      entityId: hex,
      entityType,
      revision,
      operation: input.operation,
      at: new Date(),
      actor: input.actor,
      diff: input.diff,
      readers: [...new Set(input.readers)] as PendingChange['readers'],
    };
    if (input.ends) {
      const { ids, types, readers } = input.ends;
      pending.ends = [...ids];
      pending.endTypes = [...types];
      pending.endReaders = [...new Set(ids.flatMap((id, i) => readers[i]!.map((p) => endReaderKey(id, p))))];
    }
    return pending;
  }

  /**
   * A versioned write of one entity of `store`: `load` reads it (and
   * throws when the caller may not write it), a change a crash left on it is
   * recorded first, `decide` says what to set (null: nothing to do), and
   * `apply` writes it only if the entity is still at the revision read,
   * with its change on it, in one update. Tried again on a concurrent write;
   * CONFLICT after that with `conflict` as the message.
   */
  async write<T extends Versioned>(
    storeName: string,
    entityType: (doc: T) => string,
    w: {
      load: () => Promise<T>;
      decide: (doc: T) => Decision | null;
      apply: (doc: T, update: UpdateFilter<T>) => Promise<T | null>;
      conflict: string;
    },
  ): Promise<{ doc: T; changed: boolean }> {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
      const doc = await w.load();
      await this.commit(storeName, doc);
      const decision = w.decide(doc);
      if (!decision) return { doc, changed: false };
      const change = this.pending(doc, entityType(doc), doc.revision + 1, decision.change);
      const update: Record<string, unknown> = { $set: { ...decision.set, updatedAt: change.at, [`pending.${change.revision}`]: change }, $inc: { revision: 1 } };
      if (decision.unset && decision.unset.length > 0) update.$unset = Object.fromEntries(decision.unset.map((f) => [f, '']));
      const updated = await w.apply(doc, update as UpdateFilter<T>);
      if (updated) {
        await this.commit(storeName, updated);
        return { doc: updated, changed: true };
      }
    }
    throw new ConflictError(w.conflict);
  }

  /**
   * Versioned writes of many entities of `store` at once (a source's
   * batch), with the guarantees of `write`: each change goes on its entity
   * in the same update, `apply` sends all the updates in one command, the
   * entities are read back (one command) to see which applied, and those
   * are recorded together (`commitMany`). The writes a concurrent write
   * beat are returned, for the caller to try again one by one.
   */
  async writeMany<T extends Versioned>(
    storeName: string,
    items: Array<{ doc: T; entityType: string; decision: Decision }>,
    apply: (updates: Array<{ doc: T; update: UpdateFilter<T> }>) => Promise<void>,
    readBack: (docs: T[]) => Promise<T[]>,
  ): Promise<{ written: T[]; missed: Array<{ doc: T; entityType: string; decision: Decision }> }> {
    if (items.length === 0) return { written: [], missed: [] };
    // Changes a crash left on these entities are recorded before anything else happens to them.
    const leftovers = items.map((i) => i.doc).filter((d) => Object.keys(d.pending ?? {}).length > 0);
    if (leftovers.length > 0) await this.commitMany(storeName, leftovers);
    const expected = new Map<string, PendingChange>();
    const updates = items.map(({ doc, entityType, decision }) => {
      const change = this.pending(doc, entityType, doc.revision + 1, decision.change);
      expected.set(idText(doc._id), change);
      const update: Record<string, unknown> = { $set: { ...decision.set, updatedAt: change.at, [`pending.${change.revision}`]: change }, $inc: { revision: 1 } };
      if (decision.unset && decision.unset.length > 0) update.$unset = Object.fromEntries(decision.unset.map((f) => [f, '']));
      return { doc, update: update as UpdateFilter<T> };
    });
    await apply(updates);
    const after = new Map((await readBack(items.map((i) => i.doc))).map((d) => [idText(d._id), d]));
    const carrying: T[] = [];
    const unsure: PendingChange[] = [];
    for (const [id, change] of expected) {
      const doc = after.get(id);
      if (doc && Object.values(doc.pending ?? {}).some((p) => sameChange(p as PendingChange, change))) carrying.push(doc);
      else unsure.push(change);
    }
    // A change no longer on its entity may have been recorded meanwhile (a repair, when the read came late): then the write happened.
    const recorded = unsure.length === 0 ? [] : (await this.repo.findByIds(unsure.map((c) => c._id))).filter((r) => sameChange(r, expected.get(r.entityId)!));
    await this.commitMany(storeName, carrying);
    const done = new Set([...carrying.map((d) => idText(d._id)), ...recorded.map((r) => r.entityId)]);
    const written = [...after.values()].filter((d) => done.has(idText(d._id)));
    return { written, missed: items.filter((i) => !done.has(idText(i.doc._id))) };
  }

  /**
   * Records the changes an entity of `store` carries (only those made
   * before `madeBefore`, when given), takes them off the entity, and tells
   * subscribers of those this call recorded. Idempotent: safe after a crash,
   * on a retry, twice, and beside another process doing the same. Returns
   * how many it recorded.
   */
  async commit(storeName: string, entity: Versioned, madeBefore?: Date): Promise<number> {
    const changes = pendingOf(entity).filter((p) => !madeBefore || new Date(p.at).getTime() < madeBefore.getTime());
    if (changes.length === 0) return 0;
    await this.crashIf('crash-after-entity-write', { change: changes[0]!._id }, 'fault injected: crashing between the entity write and its change record');
    for (const listener of this.listeners.get(storeName) ?? []) await listener(entity, changes);
    const store = this.store(storeName);
    let recorded = 0;
    for (const pending of changes) {
      const record: ChangeRecord = { ...pending };
      // A snapshot is only right for the entity's latest revision.
      const latest = pending.revision === entity.revision;
      if (latest && !pending.ends && (pending.revision % SNAPSHOT_EVERY === 0 || pending.operation === 'CREATE')) record.snapshot = stateOf(entity, store.unrecorded);
      const mine = await this.repo.record(record);
      await store.clearPending(pending.entityId, pending.revision);
      if (mine) {
        recorded += 1;
        this.publisher.publishRecord(record);
      }
    }
    return recorded;
  }

  /**
   * Records the changes many entities of `store` carry, written together
   * (a batch of links or unlinks): one command records them all, one per
   * revision takes them off. Idempotent like `commit`.
   */
  async commitMany(storeName: string, entities: Versioned[]): Promise<number> {
    const changes = entities.flatMap((e) => pendingOf(e));
    if (changes.length === 0) return 0;
    await this.crashIf('crash-after-entity-write', { change: changes[0]!._id }, 'fault injected: crashing between the entity write and its change record');
    for (const listener of this.listeners.get(storeName) ?? []) for (const e of entities) await listener(e, pendingOf(e));
    const recorded = await this.repo.recordMany(changes.map((c) => ({ ...c })));
    await this.store(storeName).clearPendingMany(changes.map((c) => ({ id: c.entityId, revision: c.revision })));
    for (const record of recorded) this.publisher.publishRecord(record);
    return recorded.length;
  }

  /**
   * Creates many entities of `store` with their changes (each entity
   * carries its change in `pending`, which is not stored). The changes are
   * written first to a journal entry, one document; then `insert` writes
   * the entities; then the changes are recorded and the entry removed. A
   * crash leaves the entry, and the repair records the changes of the
   * entities that exist: none lost, none phantom, and no update of each new
   * entity, which is what a bulk write costs most on some servers.
   */
  async createMany<T extends Versioned>(storeName: string, entities: T[], insert: (batch: T[]) => Promise<T[] | void>): Promise<T[]> {
    const created: T[] = [];
    let batch: T[] = [];
    let records: ChangeRecord[] = [];
    let bytes = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      // Without the snapshots: half the size, and a change recorded by the repair replays from its diff.
      const journal = await this.repo.openJournal(records.map(({ snapshot: _snapshot, ...rest }) => rest), storeName);
      try {
        if (this.faults.has('fail-bulk-insert')) {
          await insert(batch.slice(0, Math.ceil(batch.length / 2)));
          throw new Error('fault injected: a bulk insert failed halfway');
        }
        const inserted = await insert(batch);
        // Entities another writer created first (a unique key) were not written: no change of theirs is recorded.
        if (inserted) {
          const ids = new Set(inserted.map((e) => idText(e._id)));
          records = records.filter((r) => ids.has(r.entityId));
          created.push(...inserted);
        } else created.push(...batch);
      } catch (error) {
        // What was inserted before the failure keeps its changes; the rest was never written.
        await this.settleJournal(journal, true);
        throw error;
      }
      await this.crashIf('crash-after-bulk-insert', { entities: batch.length }, 'fault injected: crashing between a bulk insert and its change records');
      const recorded = await this.repo.recordMany(records);
      await this.repo.closeJournal(journal._id);
      for (const record of recorded) this.publisher.publishRecord(record);
      batch = [];
      records = [];
      bytes = 0;
    };
    const unrecorded = this.store(storeName).unrecorded;
    for (const entity of entities) {
      const mine = pendingOf(entity).map((p) => ({ ...p, ...(p.ends ? {} : { snapshot: stateOf(entity, unrecorded) }) }) as ChangeRecord);
      delete entity.pending;
      const size = mine.reduce((sum, r) => sum + BSON.calculateObjectSize(r.diff) + 512, 0);
      if (bytes + size > JOURNAL_MAX_BYTES || batch.length >= 1000) await flush();
      batch.push(entity);
      records.push(...mine);
      bytes += size;
    }
    await flush();
    return created;
  }

  /**
   * Records every change a crash left on its entity (in every store) or in
   * the journal, among those made before `madeBefore`: younger ones may
   * belong to a write still in flight, which records them itself. Run at
   * start-up and by the periodic repair (see `repairStrandedChanges`).
   */
  async repair(madeBefore: Date): Promise<{ changes: number; journalled: number }> {
    let changes = 0;
    for (const store of this.stores.values()) {
      for (const entity of await store.withPendingChanges()) changes += await this.commit(store.name, entity, madeBefore);
    }
    if (changes > 0) this.logger.warn({ repaired: changes }, 'recorded changes left behind by a crash');
    let journalled = 0;
    for (const entry of await this.repo.openJournals(madeBefore)) journalled += await this.settleJournal(entry, false);
    if (journalled > 0) this.logger.warn({ repaired: journalled }, 'recorded bulk creations left behind by a crash');
    return { changes, journalled };
  }

  /**
   * Records the journalled changes of the entities that exist, and tells
   * subscribers of those this call recorded. The entry is removed when
   * nothing more can come: once all of its entities exist, when its insert
   * is known to have failed (`finished`), or when it is old enough that the
   * missing ones were surely never written.
   */
  private async settleJournal(entry: JournalEntry, finished: boolean): Promise<number> {
    const present = await this.store(entry.store ?? 'inventory').existingIds(entry.records.map((r) => r.entityId));
    const written = entry.records.filter((r) => present.has(r.entityId));
    const recorded = await this.repo.recordMany(written);
    for (const record of recorded) this.publisher.publishRecord(record);
    if (finished || written.length === entry.records.length || Date.now() - entry.openedAt.getTime() > JOURNAL_ABANDONED_MS) await this.repo.closeJournal(entry._id);
    return recorded.length;
  }

  /**
   * Changes of one entity, newest first: its own, and those of the links it
   * is an end of (shown to those who could read it, whatever the other end).
   */
  async history(scope: Scope, entityId: string, first: number, after: string | null | undefined): Promise<{ items: ChangeRecord[]; hasNextPage: boolean; totalCount: number }> {
    const principals = scope.principalsFor('read');
    const before = after ? decodeActivityCursor(after) : undefined;
    const [items, totalCount] = await Promise.all([this.repo.page(entityId, principals, first, before), this.repo.count(entityId, principals)]);
    return { items: items.slice(0, first), hasNextPage: items.length > first, totalCount };
  }

  async activity(
    scope: Scope,
    filter: {
      types?: string[] | null;
      actorKinds?: ActorKind[] | null;
      actorId?: string | null;
      runId?: string | null;
      since?: Date | null;
      until?: Date | null;
      operations?: string[] | null;
    },
    first: number,
    after: string | null | undefined,
  ): Promise<{ items: ChangeRecord[]; hasNextPage: boolean; totalCount: number }> {
    const query: Filter<ChangeRecord> = {};
    // A change of a link matches the types of its ends.
    const and: Filter<ChangeRecord>[] = [];
    if (filter.types && filter.types.length > 0) and.push({ $or: [{ entityType: { $in: filter.types } }, { endTypes: { $in: filter.types } }] });
    if (filter.operations && filter.operations.length > 0) query.operation = { $in: filter.operations as Operation[] };
    if (filter.actorKinds && filter.actorKinds.length > 0) query['actor.kind'] = { $in: filter.actorKinds };
    if (filter.actorId) query['actor.id'] = filter.actorId;
    if (filter.runId) query['actor.runId'] = filter.runId;
    const at: Record<string, Date> = {};
    if (filter.since) at.$gte = filter.since;
    if (filter.until) at.$lte = filter.until;
    if (Object.keys(at).length > 0) query.at = at;
    if (and.length > 0) query.$and = and;
    const principals = scope.principalsFor('read');
    const page: Filter<ChangeRecord> = { ...query };
    if (after) {
      const cursor = decodeActivityCursor(after);
      page.$and = [...and, { $or: [{ at: { $lt: cursor.at } }, { at: cursor.at, _id: { $lt: cursor.id } }] }];
    }
    const [items, totalCount] = await Promise.all([this.repo.activity(page, principals, first), this.repo.countActivity(query, principals)]);
    return { items: items.slice(0, first), hasNextPage: items.length > first, totalCount };
  }

  /**
   * The entity as it was at `at`, rebuilt from its history: the nearest
   * snapshot at or before then, and the changes after it. Null when it did
   * not exist yet. Needs read access now.
   */
  async entityAt(scope: Scope, entity: { _id: Versioned['_id'] } | null, at: Date): Promise<{ state: Record<string, unknown>; revision: number; at: Date } | null> {
    if (!entity) throw new NotFoundError('No such item, or you cannot see it.');
    if (Number.isNaN(at.getTime())) throw new InputError('at must be a date.', [{ path: 'at', message: 'must be a date' }]);
    const records = await this.repo.replaySource(idText(entity._id), at);
    if (records.length === 0) return null;
    // As with history: a past state shows only to those who could read it then.
    const mine = new Set<string>(scope.principalsFor('read'));
    if (!records.at(-1)!.readers.some((r) => mine.has(r))) return null;
    let state: Record<string, unknown> = {};
    for (const record of records) {
      if (record.snapshot) state = { ...record.snapshot };
      else for (const change of record.diff) if (!change.path.startsWith('relations.') && change.path !== 'access') state[change.path] = change.after;
    }
    const last = records.at(-1)!;
    return { state, revision: last.revision, at: last.at };
  }
}

/** Whether two changes are one: the same id (entity and revision), made at the same time by the same actor. */
function sameChange(a: Pick<PendingChange, '_id' | 'at' | 'actor'>, b: Pick<PendingChange, '_id' | 'at' | 'actor'>): boolean {
  return a._id === b._id && new Date(a.at).getTime() === new Date(b.at).getTime() && JSON.stringify(a.actor) === JSON.stringify(b.actor);
}

/** The changes an entity carries, oldest first. */
function pendingOf(entity: Versioned): PendingChange[] {
  return (Object.values(entity.pending ?? {}) as PendingChange[]).sort((a, b) => a.revision - b.revision);
}

/** The fields of an entity a snapshot keeps: neither bookkeeping nor what its store keeps out (`unrecorded`). */
function stateOf(entity: Versioned, unrecorded: readonly string[] = []): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entity).filter(([k]) => !BOOKKEEPING.has(k) && !unrecorded.includes(k)));
}

/** A history or activity page's cursor: the time and id of its last change. */
export function encodeActivityCursor(record: ChangeRecord): string {
  return encodeCursor([record.at, record._id]);
}

/** A change's id: its entity (an item's hex id, or an edge's `KIND|from|to`) and revision. */
const CHANGE_ID = z.string().regex(/^(?:[0-9a-f]{24}|[A-Z_]{1,40}\|[0-9a-f]{24}\|[0-9a-f]{24}):\d{1,15}$/);

function decodeActivityCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = decodeCursor(cursor, z.tuple([cursorPart.date, CHANGE_ID]));
  return { at, id };
}
