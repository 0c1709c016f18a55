import type { ObjectId, UpdateFilter } from 'mongodb';
import { z } from 'zod';
import { ForbiddenError, InputError, NotFoundError, type FieldProblem } from '../../../graphql/errors.js';
import { cursorPart, decodeCursor, encodeCursor } from '../../../shared/cursor.js';
import { pageSize, type Page } from '../../../shared/pagination.js';
import { Validator, escapeRegex } from '../../../shared/validate.js';
import type { Role } from '../../access/access.model.js';
import type { Scope } from '../../access/scope.js';
import { importActor, userActor } from '../../history/actor.js';
import { diffFields, type ActorData, type Operation } from '../../history/change.model.js';
import type { HistoryService } from '../../history/history.service.js';
import type { EntityDef, InventoryDoc, ItemLocks } from './entity-def.js';
import { checkFields } from './field-spec.js';
import { filterFields, sortFields, toMongoFilter, type CommonFilter, type FilterField, type SortField } from './filters.js';
import type { ImportRepository, ImportRecord } from './import.repository.js';
import type { InventoryRepository, PageCursor, SortSpec } from './inventory.repository.js';
import { idKey, isNameClaim, stampOf } from './item-keys.js';
import { newItem, recordedFields, stampedSet, type ImportRowResult, type Warning } from './item-rules.js';
import { mergeObjects, type ReconcileService } from './reconcile.service.js';

export { IMPORT_STATUSES, type ImportRowResult, type ImportStatus, type Warning } from './item-rules.js';

/** The most rows one import takes. */
export const MAX_IMPORT_ROWS = 20_000;

/** How many of the other items a duplicate warning names in its message, and links to. */
const NAMED_IN_MESSAGE = 3;
const LINKED = 10;

export interface WriteResult {
  doc: InventoryDoc;
  warnings: Warning[];
  /** False when the write changed nothing (and so wrote nothing). */
  changed: boolean;
}

export interface OrderBy {
  field: string;
  direction: 'ASC' | 'DESC';
}

interface TypeInfo {
  def: EntityDef;
  filters: FilterField[];
  sorts: SortField[];
}

/** A list's cursor: the sort value of the last item and its id. */
export function encodeSortCursor(doc: InventoryDoc, sort: SortSpec): string {
  const value = sort.path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | null)?.[k], doc);
  const plain = value instanceof Date || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
  return encodeCursor([plain, doc._id]);
}

const SORT_VALUE = {
  text: cursorPart.text,
  number: cursorPart.number,
  boolean: cursorPart.boolean,
  date: cursorPart.date,
} as const;

/** Reads a list's cursor back: the sort value must be of the sort field's type (or null where it may be empty), and an id. */
function decodeSortCursor(cursor: string, field: SortField): PageCursor {
  const value = field.nullable ? SORT_VALUE[field.kind].nullable() : SORT_VALUE[field.kind];
  const [sortValue, id] = decodeCursor(cursor, z.tuple([value, cursorPart.id]));
  return { value: sortValue, id };
}

/**
 * What a person's write of `clean` sets on `doc`: the fields that differ,
 * the fields they move, and who set them; null when nothing differs. A
 * person may change a locked field: locks hold against automated sources.
 */
function changesOf(def: EntityDef, doc: InventoryDoc, clean: Record<string, unknown>, actor: ActorData, now: Date): Record<string, unknown> | null {
  const set: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(clean)) {
    if (JSON.stringify(doc[key] ?? null) !== JSON.stringify(value ?? null)) set[key] = value;
  }
  if (Object.keys(set).length === 0) return null;
  const out = stampedSet(def, doc, set, stampOf(actor, now));
  // A renamed item gives up its claim on the old name: a later import of that name makes a new item.
  if (def.nameField in set && isNameClaim(doc.key) && String(set[def.nameField]).toLowerCase() !== doc.nameLower) out.key = idKey(doc._id);
  return out;
}

/**
 * The rules of every inventory type, driven by its declaration: validation
 * with field paths, duplicate warnings, soft delete and restore, optimistic
 * revisions, provenance and locks, and the caller's scope on every query.
 * Writes of people go through the history's versioned write; imports (and
 * discovery) through `ReconcileService`.
 */
export class InventoryService {
  private readonly types = new Map<string, TypeInfo>();

  constructor(
    private readonly repo: InventoryRepository,
    definitions: readonly EntityDef[],
    private readonly history: HistoryService,
    private readonly reconciler: ReconcileService,
    private readonly imports: ImportRepository,
  ) {
    for (const def of definitions) this.types.set(def.type, { def, filters: filterFields(def), sorts: sortFields(def) });
  }

  /** The owner's items at a part of a provider, whatever the caller: what a discovery job may reconcile or link to, read once. */
  atProvider(owner: InventoryDoc['owner'], where: Partial<Record<'provider' | 'account' | 'region', string | null>>, types: readonly string[]): Promise<InventoryDoc[]> {
    return this.repo.atProvider(owner, where, types);
  }

  /** Items by id, whatever the caller: a source's bookkeeping (the datacenter a connection fills). */
  findAnyMany(ids: ObjectId[]): Promise<InventoryDoc[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.repo.findAnyMany(ids);
  }

  info(type: string, path = 'type'): TypeInfo {
    const info = this.types.get(type);
    if (!info) throw new InputError(`${path} is not an inventory type.`, [{ path, message: 'is not an inventory type' }]);
    return info;
  }

  get definitions(): EntityDef[] {
    return [...this.types.values()].map((t) => t.def);
  }

  isInventoryType(type: string): boolean {
    return this.types.has(type);
  }

  /** Checks an input; returns clean values or throws BAD_USER_INPUT naming every bad field. */
  validate(def: EntityDef, input: Record<string, unknown>, partial: boolean, base = 'input'): Record<string, unknown> {
    const v = new Validator();
    const clean = checkFields(v, def.fields, input, base, partial);
    v.done();
    return clean;
  }

  private checkWorkspaceWrite(scope: Scope): void {
    if (scope.workspaceTeamId && !scope.principalsFor('write').includes(`t:${scope.workspaceTeamId}`)) {
      throw new ForbiddenError('You have read-only access to this team workspace.');
    }
  }

  async create(scope: Scope, type: string, input: Record<string, unknown>): Promise<WriteResult> {
    const { def } = this.info(type);
    const clean = this.validate(def, input, false);
    this.checkWorkspaceWrite(scope);
    const actor = userActor(scope);
    const doc = newItem(def, clean, scope.creator, actor, scope.userId, new Date());
    doc.pending = { 1: this.history.pending(doc, def.type, 1, { operation: 'CREATE', actor, diff: diffFields(null, doc, recordedFields(def)), readers: doc.access.read }) };
    const warnings = await this.duplicateWarnings(scope, def, doc);
    await this.repo.insert(doc);
    await this.history.commit('inventory', doc);
    return { doc, warnings, changed: true };
  }

  async update(scope: Scope, type: string, id: ObjectId, input: Record<string, unknown>): Promise<WriteResult> {
    const { def } = this.info(type);
    const clean = this.validate(def, input, true);
    const actor = userActor(scope);
    const result = await this.change(scope, def, id, 'write', 'UPDATE', (doc) => changesOf(def, doc, mergeObjects(def, doc, clean, input), actor, new Date()));
    const warnings = result.changed ? await this.duplicateWarnings(scope, def, result.doc, Object.keys(clean)) : [];
    return { ...result, warnings };
  }

  /**
   * Imports rows of `type` into the caller's workspace through the
   * reconcile, in UPSERT mode: a row whose item exists (its name, within
   * the workspace) changes only the fields it carries, or nothing; else it
   * creates one. Rows that fail validation are reported with their row and
   * field and change nothing; the others go on. Each import is recorded
   * (`import #n`) and is the actor of every change it makes. A retry of the
   * same file after a crash finds the items already written and reports
   * them unchanged.
   */
  async importRows(
    scope: Scope,
    type: string,
    rows: Array<Record<string, unknown>>,
    /** Problems the file's reader met in some rows (by 1-based row): those rows fail with them. */
    readProblems: ReadonlyMap<number, FieldProblem[]> = new Map(),
    options: { format?: string; actor?: ActorData } = {},
  ): Promise<{ rows: ImportRowResult[]; record: ImportRecord | null }> {
    const { def } = this.info(type);
    this.checkWorkspaceWrite(scope);
    const record = options.actor ? null : await this.imports.open({ type: def.type, format: options.format ?? null, rows: rows.length, userId: scope.userId, owner: scope.creator });
    const actor = options.actor ?? importActor(scope, record!._id.toHexString(), `import #${record!.number}`);
    const { rows: results } = await this.reconciler.reconcile({
      actor,
      def,
      owner: scope.creator,
      scope,
      mode: 'UPSERT',
      records: rows.map((fields, i) => ({ ref: i + 1, fields })),
      problems: readProblems,
      by: scope.userId,
    });
    await this.importWarnings(scope, def, scope.creator, results);
    if (record) await this.imports.finish(record._id, countsOf(results));
    return { rows: results, record };
  }

  /**
   * The duplicate warnings of a create or update, for every written row at
   * once: one query per watched field, counting what the file and the
   * inventory hold together, among what the caller can read.
   */
  private async importWarnings(scope: Scope, def: EntityDef, owner: InventoryDoc['owner'], results: ImportRowResult[]): Promise<void> {
    const written = results.filter((r) => (r.status === 'CREATED' || r.status === 'UPDATED') && r.doc);
    // Rows are matched on the natural key, so no two items of an owner share it.
    for (const field of (def.warnDuplicates ?? []).filter((f) => !def.naturalKey.includes(f))) {
      const held = await this.holders(scope, def, owner, field, written.map((r) => r.doc![field]));
      for (const r of written) {
        const warning = duplicateWarning(def, `rows.${r.row}.${field}`, field, r.doc!, held);
        if (warning) r.warnings.push(warning);
      }
    }
  }

  /**
   * The active items of `owner` the caller can read that hold each of
   * `values` in `field`, by value: a duplicate warning counts and names
   * these only, so it tells nothing of what the caller cannot read.
   */
  private async holders(scope: Scope, def: EntityDef, owner: InventoryDoc['owner'], field: string, values: unknown[]): Promise<Map<string, InventoryDoc[]>> {
    const distinct = [...new Set(values.filter(present).map((v) => JSON.stringify(v)))].map((v) => JSON.parse(v) as unknown);
    const held = new Map<string, InventoryDoc[]>();
    for (let i = 0; i < distinct.length; i += 10_000) {
      for (const doc of await this.repo.holdersOf(scope, def.type, owner, field, distinct.slice(i, i + 10_000))) {
        const key = JSON.stringify(doc[field]);
        const list = held.get(key);
        if (list) list.push(doc);
        else held.set(key, [doc]);
      }
    }
    return held;
  }

  delete(scope: Scope, type: string, id: ObjectId): Promise<WriteResult> {
    const { def } = this.info(type);
    return this.change(scope, def, id, 'admin', 'DELETE', (doc) => (doc.active ? { active: false, inactiveBy: null } : null));
  }

  restore(scope: Scope, type: string, id: ObjectId): Promise<WriteResult> {
    const { def } = this.info(type);
    return this.change(scope, def, id, 'admin', 'RESTORE', (doc) => (doc.active ? null : { active: true, inactiveBy: null, lastSeenAt: null }));
  }

  /**
   * Locks fields of an item (or the whole item, `all`) against imports and
   * discovery, or unlocks them. Needs WRITE; recorded in history. People
   * can still edit a locked field.
   */
  setLocks(scope: Scope, type: string, id: ObjectId, change: { fields: string[]; all: boolean | null }, lock: boolean): Promise<WriteResult> {
    const { def } = this.info(type);
    const unknown = change.fields.findIndex((f) => !Object.hasOwn(def.fields, f));
    if (unknown >= 0) {
      throw new InputError(`input.fields.${unknown} is not a field of ${def.type}.`, [{ path: `input.fields.${unknown}`, message: `is not a field of ${def.type}` }]);
    }
    if (change.fields.length === 0 && change.all === null) throw new InputError('Name the fields to lock, or the whole item.', [{ path: 'input.fields', message: 'must name a field, or set all' }]);
    return this.change(scope, def, id, 'write', lock ? 'LOCK' : 'UNLOCK', (doc) => {
      const before: ItemLocks = doc.locks ?? { all: false, fields: [] };
      const fields = lock ? [...new Set([...before.fields, ...change.fields])] : before.fields.filter((f) => !change.fields.includes(f));
      const all = change.all === null ? before.all : lock ? change.all || before.all : before.all && !change.all;
      const after: ItemLocks = { all, fields: fields.sort() };
      if (JSON.stringify(after) === JSON.stringify({ all: before.all, fields: [...before.fields].sort() })) return null;
      return { locks: after };
    }, (doc, set) => [{ path: 'locks', before: doc.locks ?? { all: false, fields: [] }, after: set.locks }]);
  }

  /** One item by id, of `type` when given; null when absent or not readable. */
  async get(scope: Scope, id: ObjectId, type?: string): Promise<InventoryDoc | null> {
    const doc = await this.repo.findById(scope, id);
    return doc && (!type || doc.type === type) ? doc : null;
  }

  getMany(scope: Scope, ids: readonly ObjectId[]): Promise<InventoryDoc[]> {
    return this.repo.findByIds(scope, ids);
  }

  async list(
    scope: Scope,
    type: string,
    filter: (CommonFilter & Record<string, unknown>) | null | undefined,
    orderBy: OrderBy | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Page<InventoryDoc> & { sort: SortSpec }> {
    const info = this.info(type);
    const size = pageSize(first);
    const field = this.sortFieldOf(info, orderBy);
    const sort: SortSpec = { path: field.path, direction: orderBy?.direction === 'DESC' ? -1 : 1 };
    const cursor = after ? decodeSortCursor(after, field) : undefined;
    const { items, total } = await this.repo.page(scope, toMongoFilter(info.def, info.filters, filter), sort, size, cursor);
    return { items: items.slice(0, size), hasNextPage: items.length > size, totalCount: total, sort };
  }

  /** Items of the given types (all by default) whose name, addresses or tags contain `text`. */
  search(scope: Scope, text: string, types: string[] | null | undefined, limit: number): Promise<InventoryDoc[]> {
    const pattern = escapeRegex(text.trim().toLowerCase());
    const typeFilter = types && types.length > 0 ? { type: { $in: types } } : {};
    return this.repo.find(scope, { ...typeFilter, active: true, keywords: { $regex: pattern } }, { limit, sort: { nameLower: 1 }, batchSize: limit });
  }

  private sortFieldOf(info: TypeInfo, orderBy: OrderBy | null | undefined): SortField {
    const field = info.sorts.find((s) => s.value === (orderBy?.field ?? 'NAME'));
    if (!field) throw new InputError('orderBy.field cannot sort this type.', [{ path: 'orderBy.field', message: 'cannot sort this type' }]);
    return field;
  }

  private async duplicateWarnings(scope: Scope, def: EntityDef, doc: InventoryDoc, only?: string[]): Promise<Warning[]> {
    const warnings: Warning[] = [];
    for (const field of def.warnDuplicates ?? []) {
      if (only && !only.includes(field)) continue;
      if (!present(doc[field])) continue;
      const warning = duplicateWarning(def, `input.${field}`, field, doc, await this.holders(scope, def, doc.owner, field, [doc[field]]));
      if (warning) warnings.push(warning);
    }
    return warnings;
  }

  /** A person's versioned write of one item, through the history's one write protocol. */
  private async change(
    scope: Scope,
    def: EntityDef,
    id: ObjectId,
    role: Role,
    operation: Extract<Operation, 'UPDATE' | 'DELETE' | 'RESTORE' | 'LOCK' | 'UNLOCK'>,
    decide: (doc: InventoryDoc) => Record<string, unknown> | null,
    diffOf?: (doc: InventoryDoc, set: Record<string, unknown>) => Array<{ path: string; before: unknown; after: unknown }>,
  ): Promise<WriteResult> {
    const label = def.type.toLowerCase();
    const { doc, changed } = await this.history.write<InventoryDoc>('inventory', () => def.type, {
      load: async () => {
        const doc = await this.repo.findById(scope, id, role);
        if (doc && doc.type === def.type) return doc;
        const readable = doc ?? (await this.repo.findById(scope, id, 'read'));
        if (readable && readable.type === def.type) {
          throw new ForbiddenError(role === 'admin' ? `Only an admin of this ${label} can do this.` : `You have read-only access to this ${label}.`);
        }
        throw new NotFoundError(`No such ${label}, or you cannot see it.`);
      },
      decide: (doc) => {
        const set = decide(doc);
        if (!set) return null;
        const diff = diffOf ? diffOf(doc, set) : diffFields(doc, { ...doc, ...set } as InventoryDoc, recordedFields(def));
        return { set, change: { operation, actor: userActor(scope), diff, readers: doc.access.read } };
      },
      apply: (doc, update) => this.repo.updateVersioned(scope, id, doc.revision, role, update as UpdateFilter<InventoryDoc>),
      conflict: `The ${label} is being changed by someone else. Try again.`,
    });
    return { doc, warnings: [], changed };
  }
}

/** The tally of an import's rows. */
export function countsOf(rows: readonly ImportRowResult[]): { created: number; updated: number; unchanged: number; failed: number } {
  const count = (status: ImportRowResult['status']) => rows.filter((r) => r.status === status).length;
  return { created: count('CREATED'), updated: count('UPDATED'), unchanged: count('UNCHANGED'), failed: count('ERROR') };
}

const present = (v: unknown) => v !== null && v !== undefined && v !== '';

/**
 * The warning that other readable items of the owner hold the value `doc`
 * has in `field`: how many, the first few by name, and links to them; null
 * when there are none.
 */
function duplicateWarning(def: EntityDef, path: string, field: string, doc: InventoryDoc, held: ReadonlyMap<string, InventoryDoc[]>): Warning | null {
  const value = doc[field];
  if (!present(value)) return null;
  const others = (held.get(JSON.stringify(value)) ?? []).filter((other) => !other._id.equals(doc._id));
  if (others.length === 0) return null;
  const count = others.length;
  const names = others.slice(0, NAMED_IN_MESSAGE).map((other) => other.name);
  const more = count > names.length ? ` and ${count - names.length} more` : '';
  return {
    code: 'DUPLICATE',
    path,
    message: `${count} other ${def.type.toLowerCase()}${count === 1 ? '' : 's'} of the same owner already ha${count === 1 ? 's' : 've'} ${field} ${String(value)}: ${names.join(', ')}${more}.`,
    itemIds: others.slice(0, LINKED).map((other) => other._id.toHexString()),
  };
}
