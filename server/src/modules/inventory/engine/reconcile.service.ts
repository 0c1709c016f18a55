import { InputError, type FieldProblem } from '../../../graphql/errors.js';
import { Validator } from '../../../shared/validate.js';
import type { Scope } from '../../access/scope.js';
import { sourceKeyOf } from '../../history/actor.js';
import { diffFields, type ActorData } from '../../history/change.model.js';
import type { Decision, HistoryService } from '../../history/history.service.js';
import type { EntityDef, ExternalKey, InventoryDoc } from './entity-def.js';
import { checkFields } from './field-spec.js';
import { contentHash, externalKey, isLocked, nameKey, seenField, stampOf } from './item-keys.js';
import type { InventoryRepository } from './inventory.repository.js';
import { derivedOf, newItem, recordedFields, stampedSet, type ImportRowResult } from './item-rules.js';

/** How a reconcile treats what it does not see: `UPSERT` leaves it; `SNAPSHOT` marks what its source brought in and no longer sees inactive. */
export type ReconcileMode = 'UPSERT' | 'SNAPSHOT';

export interface ReconcileRecord {
  /** The record's place in its source (a row of a file), for results. */
  ref: number;
  /** What the source says of the item: only these fields change (a missing field is left, `null` clears). */
  fields: Record<string, unknown>;
  /** For discovered items: the provider's key, by which they are matched (else the type's natural key, the name). */
  external?: ExternalKey;
}

export interface ReconcileInput {
  actor: ActorData;
  def: EntityDef;
  /** Whose inventory: items are created for, and matched within, this owner. */
  owner: InventoryDoc['owner'];
  /** The person's access an import writes with; null for a system source (discovery), which writes its owner's items. */
  scope: Scope | null;
  mode: ReconcileMode;
  records: ReconcileRecord[];
  /** Problems the source's reader met in some records (by ref): those records fail with them. */
  problems?: ReadonlyMap<number, FieldProblem[]>;
  /** SNAPSHOT: the part of the provider the snapshot covers (null parts: all of it). */
  within?: Partial<Record<'provider' | 'account' | 'region', string | null>>;
  /**
   * SNAPSHOT: only items with these field values are in the snapshot's part
   * (two sources of one type and account, such as S3 buckets and CloudFront
   * distributions, each retire only their own).
   */
  where?: Readonly<Record<string, string>>;
  /**
   * SNAPSHOT: items the caller has read already, among them every item of
   * the owner within the snapshot's part (a superset: other types and
   * sources are fine). Reconcile then picks its own from them instead of
   * reading the inventory again (a discovery job reads its account once
   * for the reconcile and its links alike).
   */
  candidates?: readonly InventoryDoc[];
  /** SNAPSHOT: when what is no longer seen was last seen (the source's previous run); default: when the source last wrote it. */
  previousRunAt?: Date | null;
  /** Who created an item a person writes without: the user, for `initialAccess`. */
  by: string;
}

export interface ReconcileResult {
  rows: ImportRowResult[];
  /** SNAPSHOT: items marked inactive, no longer seen. */
  deactivated: number;
  /** SNAPSHOT: items seen again, active again. */
  reactivated: number;
  /**
   * SNAPSHOT: the ids of the items this source brought in, within the
   * snapshot, that are inactive after it because it no longer sees them
   * (deactivated now or by an earlier snapshot), so that a source can
   * retire what it said of them, even after a retry.
   */
  retired: string[];
}

/** How many records a reconcile writes per batch: one insert and one update command each, whatever changed. */
const BATCH = 1000;
/** How many names or keys one lookup query asks for. */
const LOOKUP = 20_000;

interface Planned {
  row: ImportRowResult;
  doc: InventoryDoc;
  decision: Decision;
}

/**
 * Applies what a source sees to the inventory: the one write path of
 * imports and discovery. It creates what is new, changes only the fields
 * that differ (an identical record costs no write and no history: its
 * content hash matches what this source last wrote, or its values match
 * the item's), never overwrites a field locked against automated sources
 * (it reports "kept by lock" instead), and in SNAPSHOT mode marks inactive
 * the items this same source brought in that it no longer sees, and brings
 * them back when they reappear. Items another source or a person created
 * are never deactivated, and a snapshot never changes them.
 *
 * No two writers create one item twice: new items are inserted under their
 * unique key (the provider's key, or a claim on the name), and a record
 * whose key another writer took first becomes an update of that item.
 */
export class ReconcileService {
  constructor(
    private readonly repo: InventoryRepository,
    private readonly history: HistoryService,
  ) {}

  async reconcile(input: ReconcileInput): Promise<ReconcileResult> {
    const results: ImportRowResult[] = [];
    const valid: Array<{ ref: number; raw: Record<string, unknown>; clean: Record<string, unknown>; external?: ExternalKey }> = [];
    for (const record of input.records) {
      const early = input.problems?.get(record.ref) ?? [];
      const path = `rows.${record.ref}`;
      if (early.some((p) => p.path === path)) {
        results.push(errorRow(record.ref, early));
        continue;
      }
      try {
        if (input.mode === 'SNAPSHOT' && !record.external) throw new InputError(`${path} has no provider key.`, [{ path: `${path}.external`, message: 'is required in a snapshot' }]);
        const clean = validate(input.def, record.fields, true, path);
        if (early.length === 0) valid.push({ ref: record.ref, raw: record.fields, clean, external: record.external });
        else results.push(errorRow(record.ref, early));
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        results.push(errorRow(record.ref, [...early, ...error.fields]));
      }
    }
    const { existing, mine } = await this.existing(input, valid);
    const seenKeys = new Set<string>();
    // Changes wait until a batch of them is ready, whatever the number of records between: a write of 1 % of a snapshot is one batch.
    const planned: Planned[] = [];
    for (let i = 0; i < valid.length; i += BATCH) {
      results.push(...(await this.batch(input, valid.slice(i, i + BATCH), seenKeys, existing, planned)));
      if (planned.length >= BATCH) await this.write(input, planned.splice(0));
    }
    await this.write(input, planned.splice(0));
    let deactivated: string[] = [];
    if (input.mode === 'SNAPSHOT') deactivated = await this.deactivateUnseen(input, seenKeys, mine);
    const reactivated = results.filter((r) => r.reactivated).length;
    const now = new Set(deactivated);
    const retired = mine.filter((d) => !seenKeys.has(d.key!) && (!d.active || now.has(d._id.toHexString()))).map((d) => d._id.toHexString());
    return { rows: results.sort((a, b) => a.row - b.row), deactivated: deactivated.length, reactivated, retired };
  }

  private keyOf(input: ReconcileInput, clean: Record<string, unknown>, external: ExternalKey | undefined): string {
    if (external) return externalKey(input.owner, input.def.type, external);
    return nameKey(input.owner, input.def.type, String(clean[input.def.nameField] ?? '').toLowerCase());
  }

  /**
   * The items the records may be, by key, read once for the whole run (a
   * server without a usable index scans once, not once per batch): in a
   * snapshot, everything this source brought in within its part of the
   * provider (`mine`, which the snapshot then compares with what it saw);
   * else the owner's items of the records' names, people's included (the
   * oldest of a name is the one an import updates), and items of their
   * provider keys.
   */
  private async existing(input: ReconcileInput, records: ReadonlyArray<{ clean: Record<string, unknown>; external?: ExternalKey }>): Promise<{ existing: Map<string, InventoryDoc>; mine: InventoryDoc[] }> {
    const { def } = input;
    const existing = new Map<string, InventoryDoc>();
    if (input.mode === 'SNAPSHOT') {
      const source = sourceKeyOf(input.actor);
      const mine = input.candidates
        ? input.candidates.filter((doc) => isBroughtBy(doc, source, def.type, input.owner, input.within ?? {}, input.where ?? {}))
        : await this.repo.broughtBy(source, def.type, input.owner, input.within ?? {}, input.where ?? {});
      for (const doc of mine) existing.set(doc.key!, doc);
      return { existing, mine };
    }
    const names = [...new Set(records.filter((r) => !r.external).map((r) => String(r.clean[def.nameField] ?? '').toLowerCase()))];
    for (let i = 0; i < names.length; i += LOOKUP) {
      const chunk = names.slice(i, i + LOOKUP);
      const found = input.scope ? await this.repo.findByNaturalKeys(input.scope, def.type, input.owner, 'nameLower', chunk) : await this.repo.findAnyByNames(def.type, input.owner, chunk);
      for (const doc of found.sort((a, b) => a._id.toHexString().localeCompare(b._id.toHexString()))) {
        const k = nameKey(input.owner, def.type, doc.nameLower);
        if (!existing.has(k)) existing.set(k, doc);
      }
    }
    const keys = records.filter((r) => r.external).map((r) => this.keyOf(input, r.clean, r.external));
    for (let i = 0; i < keys.length; i += LOOKUP) for (const doc of await this.repo.findByKeys(keys.slice(i, i + LOOKUP))) existing.set(doc.key!, doc);
    return { existing, mine: [] };
  }

  private async batch(
    input: ReconcileInput,
    records: Array<{ ref: number; raw: Record<string, unknown>; clean: Record<string, unknown>; external?: ExternalKey }>,
    seenKeys: Set<string>,
    existing: ReadonlyMap<string, InventoryDoc>,
    planned: Planned[],
  ): Promise<ImportRowResult[]> {
    const { def } = input;
    const source = sourceKeyOf(input.actor);
    const results: ImportRowResult[] = [];
    const now = new Date();
    const inserts = new Map<string, { doc: InventoryDoc; rows: ImportRowResult[] }>();
    for (const record of records) {
      const key = this.keyOf(input, record.clean, record.external);
      seenKeys.add(key);
      const pendingNew = inserts.get(key);
      if (pendingNew) {
        // The same item twice in one batch: the later record wins before it is written.
        Object.assign(pendingNew.doc, record.clean, derivedOf(def, pendingNew.doc, record.clean));
        const row: ImportRowResult = { row: record.ref, status: 'CREATED', doc: pendingNew.doc, errors: [], warnings: [] };
        pendingNew.rows.push(row);
        results.push(row);
        continue;
      }
      const found = existing.get(key);
      if (!found) {
        let complete: Record<string, unknown>;
        try {
          complete = validate(def, record.raw, false, `rows.${record.ref}`);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          results.push(errorRow(record.ref, error.fields));
          continue;
        }
        const doc = this.newDoc(input, complete, key, record.external, now);
        const row: ImportRowResult = { row: record.ref, status: 'CREATED', doc, errors: [], warnings: [] };
        inserts.set(key, { doc, rows: [row] });
        results.push(row);
        continue;
      }
      const plannedSame = planned.find((p) => p.doc._id.equals(found._id));
      if (plannedSame) {
        // The same item twice in one batch: one write, the later record's values.
        results.push(errorRow(record.ref, [{ path: `rows.${record.ref}`, message: `is the same ${def.type.toLowerCase()} as row ${plannedSame.row.row}: only one row per item is applied` }]));
        continue;
      }
      results.push(this.plan(input, found, mergeObjects(def, found, record.clean, record.raw), source, now, planned, newRow(record.ref, found)));
    }

    // New items, under their unique keys; those another writer created meanwhile become updates of theirs.
    const news = [...inserts.values()];
    if (news.length > 0) {
      const created = new Set(
        (await this.history.createMany('inventory', news.map((n) => n.doc), (batch) => this.repo.insertNew(batch))).map((d) => d._id.toHexString()),
      );
      const lost = news.filter((n) => !created.has(n.doc._id.toHexString()));
      if (lost.length > 0) {
        const winners = new Map((await this.repo.findByKeys(lost.map((n) => n.doc.key!))).map((d) => [d.key!, d]));
        for (const n of lost) {
          const winner = winners.get(n.doc.key!);
          for (const row of n.rows) {
            if (!winner || (input.scope && !canWrite(input.scope, winner))) {
              Object.assign(row, errorRow(row.row, [{ path: `rows.${row.row}`, message: `Another ${def.type.toLowerCase()} of this name was created at the same time, and you cannot change it.` }]));
              continue;
            }
            const clean = validate(def, stripDerived(n.doc, def), true, `rows.${row.row}`);
            Object.assign(row, newRow(row.row, winner));
            this.plan(input, winner, clean, source, now, planned, row);
          }
        }
      }
    }

    return results;
  }

  /** Writes planned changes: one command for the batch; those a concurrent write beat are tried one by one. */
  private async write(input: ReconcileInput, planned: Planned[]): Promise<void> {
    if (planned.length === 0) return;
    const { def } = input;
    const source = sourceKeyOf(input.actor);
    const { missed } = await this.history.writeMany(
      'inventory',
      planned.map((p) => ({ doc: p.doc, entityType: def.type, decision: p.decision })),
      (updates) => this.repo.updateManyVersioned(input.scope, updates.map((u) => ({ id: u.doc._id, revision: u.doc.revision, update: u.update }))),
      (docs) => this.repo.findAnyMany(docs.map((d) => d._id)),
    );
    const byId = new Map(planned.map((p) => [p.doc._id.toHexString(), p]));
    for (const miss of missed) {
      const p = byId.get(miss.doc._id.toHexString())!;
      const clean = p.row.doc ? changedValues(p.decision, def) : {};
      const { doc, changed } = await this.history.write<InventoryDoc>('inventory', () => def.type, {
        load: async () => {
          const fresh = await this.repo.findAny(p.doc._id);
          if (!fresh || (input.scope && !canWrite(input.scope, fresh))) throw new InputError(`rows.${p.row.row} can no longer be written.`);
          return fresh;
        },
        decide: (fresh) => {
          const again: Planned[] = [];
          p.row.warnings = [];
          this.plan(input, fresh, clean, source, new Date(), again, p.row);
          return again[0]?.decision ?? null;
        },
        apply: (fresh, update) => this.repo.updateVersionedAny(fresh._id, fresh.revision, update),
        conflict: `The ${def.type.toLowerCase()} is being changed by someone else. Try again.`,
      });
      p.row.doc = doc;
      if (!changed) p.row.status = 'UNCHANGED';
    }
  }

  /**
   * What a record changes in an existing item: the fields that differ and
   * are not locked, with their provenance; null (no write) when nothing
   * differs. Adds the row's result, and its write to `planned`.
   */
  private plan(input: ReconcileInput, doc: InventoryDoc, clean: Record<string, unknown>, source: string, now: Date, planned: Planned[], row: ImportRowResult): ImportRowResult {
    const { def } = input;
    if (input.scope && !canWrite(input.scope, doc)) {
      return Object.assign(row, errorRow(row.row, [{ path: `rows.${row.row}`, message: `You have read-only access to this ${def.type.toLowerCase()}.` }]));
    }
    if (input.mode === 'SNAPSHOT' && doc.origin?.source !== source) {
      row.warnings.push({ code: 'OWNED_ELSEWHERE', message: `Kept: this ${def.type.toLowerCase()} was brought in by another source.`, path: null, itemIds: [] });
      return row;
    }
    const hash = contentHash(clean);
    const seen = doc.seen?.[seenField(source)];
    const reactivate = input.mode === 'SNAPSHOT' && !doc.active && doc.inactiveBy === source && !doc.locks?.all;
    // The fast path: this source said exactly this last time, and nobody changed the item since.
    if (seen && seen.hash === hash && seen.rev === doc.revision && !reactivate) return row;
    const set: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(clean)) {
      if (JSON.stringify(doc[field] ?? null) === JSON.stringify(value ?? null)) continue;
      if (isLocked(doc.locks, field)) {
        row.warnings.push({ code: 'KEPT_BY_LOCK', message: `${field} is locked on this ${def.type.toLowerCase()}: kept as it is.`, path: `rows.${row.row}.${field}`, itemIds: [] });
        continue;
      }
      set[field] = value;
    }
    if (reactivate) Object.assign(set, { active: true, inactiveBy: null, lastSeenAt: null });
    if (Object.keys(set).length === 0) return row;
    const after = { ...doc, ...set } as InventoryDoc;
    const diff = diffFields(doc, after, recordedFields(def));
    const full = stampedSet(def, doc, set, stampOf(input.actor, now));
    full[`seen.${seenField(source)}`] = { hash, rev: doc.revision + 1, at: now };
    row.status = 'UPDATED';
    row.reactivated = reactivate;
    planned.push({ row, doc, decision: { set: full, change: { operation: reactivate ? 'RESTORE' : 'UPDATE', actor: input.actor, diff, readers: doc.access.read } } });
    return row;
  }

  private newDoc(input: ReconcileInput, clean: Record<string, unknown>, key: string, external: ExternalKey | undefined, now: Date): InventoryDoc {
    const { def, actor } = input;
    const doc = newItem(def, clean, input.owner, actor, input.by, now, key);
    doc.seen = { [seenField(sourceKeyOf(actor))]: { hash: contentHash(clean), rev: 1, at: now } };
    if (external) doc.external = external;
    doc.pending = { 1: this.history.pending(doc, def.type, 1, { operation: 'CREATE', actor, diff: diffFields(null, doc, recordedFields(def)), readers: doc.access.read }) };
    return doc;
  }

  /**
   * SNAPSHOT: marks inactive the active items this source brought in,
   * within the part of the provider the snapshot covers, that it did not
   * see, unless locked whole; one command for each batch of them.
   */
  private async deactivateUnseen(input: ReconcileInput, seenKeys: ReadonlySet<string>, mine: readonly InventoryDoc[]): Promise<string[]> {
    const source = sourceKeyOf(input.actor);
    const gone = mine.filter((d) => d.active && !seenKeys.has(d.key!) && !d.locks?.all);
    const deactivated: string[] = [];
    for (let i = 0; i < gone.length; i += BATCH) {
      const items = gone.slice(i, i + BATCH).map((doc) => {
        const lastSeenAt = input.previousRunAt ?? doc.seen?.[seenField(source)]?.at ?? doc.updatedAt;
        return {
          doc,
          entityType: input.def.type,
          decision: {
            set: { active: false, inactiveBy: source, lastSeenAt },
            change: { operation: 'DELETE' as const, actor: input.actor, diff: [{ path: 'active', before: true, after: false }], readers: doc.access.read },
          },
        };
      });
      const { written } = await this.history.writeMany(
        'inventory',
        items,
        (updates) => this.repo.updateManyVersioned(null, updates.map((u) => ({ id: u.doc._id, revision: u.doc.revision, update: u.update }))),
        (docs) => this.repo.findAnyMany(docs.map((d) => d._id)),
      );
      // One a person changed meanwhile is left for the next snapshot.
      deactivated.push(...written.map((d) => d._id.toHexString()));
    }
    return deactivated;
  }
}

/** `broughtBy`'s filter, on a document in memory. */
function isBroughtBy(
  doc: InventoryDoc,
  source: string,
  type: string,
  owner: InventoryDoc['owner'],
  within: Partial<Record<'provider' | 'account' | 'region', string | null>>,
  fields: Readonly<Record<string, string>>,
): boolean {
  if (doc.origin?.source !== source || doc.type !== type || doc.owner.kind !== owner.kind || doc.owner.id !== owner.id) return false;
  for (const [part, value] of Object.entries(within)) if (value && doc.external?.[part as keyof ExternalKey] !== value) return false;
  return Object.entries(fields).every(([field, value]) => doc[field] === value);
}

/**
 * A record's object fields (`os`), merged into the item's: a sub-field the
 * record leaves out (a CSV column absent, a JSON key missing) is kept.
 */
export function mergeObjects(def: EntityDef, doc: InventoryDoc, clean: Record<string, unknown>, raw: Record<string, unknown>): Record<string, unknown> {
  const out = { ...clean };
  for (const [name, spec] of Object.entries(def.fields)) {
    if (spec.kind !== 'object' || !Object.hasOwn(clean, name) || clean[name] === null) continue;
    const given = raw[name];
    if (typeof given !== 'object' || given === null || Array.isArray(given)) continue;
    const stored = (doc[name] as Record<string, unknown> | null | undefined) ?? Object.fromEntries(Object.keys(spec.fields).map((f) => [f, null]));
    const values = clean[name] as Record<string, unknown>;
    out[name] = { ...stored, ...Object.fromEntries(Object.keys(given).filter((f) => Object.hasOwn(spec.fields, f)).map((f) => [f, values[f] ?? null])) };
  }
  return out;
}

function validate(def: EntityDef, input: Record<string, unknown>, partial: boolean, base: string): Record<string, unknown> {
  const v = new Validator();
  const clean = checkFields(v, def.fields, input, base, partial);
  v.done();
  return clean;
}

function newRow(row: number, doc: InventoryDoc): ImportRowResult {
  return { row, status: 'UNCHANGED', doc, errors: [], warnings: [] };
}

function errorRow(row: number, errors: FieldProblem[]): ImportRowResult {
  return { row, status: 'ERROR', doc: null, errors, warnings: [] };
}

function canWrite(scope: Scope, doc: InventoryDoc): boolean {
  const mine = new Set<string>(scope.principalsFor('write'));
  return doc.access.write.some((p) => mine.has(p));
}

/** The type's own fields of a new item, as a record that would have made it. */
function stripDerived(doc: InventoryDoc, def: EntityDef): Record<string, unknown> {
  return Object.fromEntries(Object.keys(def.fields).filter((f) => Object.hasOwn(doc, f)).map((f) => [f, doc[f]]));
}

/** The type's own fields a planned write sets. */
function changedValues(decision: Decision, def: EntityDef): Record<string, unknown> {
  return Object.fromEntries(Object.entries(decision.set).filter(([f]) => Object.hasOwn(def.fields, f)));
}
