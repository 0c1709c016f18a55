import { ObjectId, type UpdateFilter } from 'mongodb';
import { z } from 'zod';
import { ConflictError, ForbiddenError, InputError, NotFoundError, type FieldProblem } from '../../../graphql/errors.js';
import { cursorPart, decodeCursor, encodeCursor } from '../../../shared/cursor.js';
import { pageSize, type Page } from '../../../shared/pagination.js';
import { Validator, escapeRegex } from '../../../shared/validate.js';
import { initialAccess, type Role } from '../../access/access.model.js';
import type { Scope } from '../../access/scope.js';
import { diffFields, type Operation } from '../../history/change.model.js';
import type { HistoryService } from '../../history/history.service.js';
import { userActor } from '../../history/actor.js';
import type { EntityDef, InventoryDoc } from './entity-def.js';
import { checkFields } from './field-spec.js';
import { filterFields, sortFields, toMongoFilter, type CommonFilter, type FilterField, type SortField } from './filters.js';
import type { InventoryRepository, PageCursor, SortSpec } from './inventory.repository.js';

/** The most rows one import takes. */
export const MAX_IMPORT_ROWS = 20_000;

export interface Warning {
  code: string;
  message: string;
  path: string | null;
  /** Hex ids of the other items it is about, among those the caller can read (the first few). */
  itemIds: string[];
}

/** How many of the other items a duplicate warning names in its message, and links to. */
const NAMED_IN_MESSAGE = 3;
const LINKED = 10;

export interface WriteResult {
  doc: InventoryDoc;
  warnings: Warning[];
  /** False when the write changed nothing (and so wrote nothing). */
  changed: boolean;
}

export interface InventoryChange {
  def: EntityDef;
  operation: Extract<Operation, 'CREATE' | 'UPDATE' | 'DELETE' | 'RESTORE'>;
  before: InventoryDoc | null;
  after: InventoryDoc;
  /** Who made it: a user through the API, or an import. */
  source: 'USER' | 'IMPORT';
}

export const IMPORT_STATUSES = ['CREATED', 'UPDATED', 'UNCHANGED', 'ERROR'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface ImportRowResult {
  /** 1-based row number in the file (after the CSV header). */
  row: number;
  status: ImportStatus;
  doc: InventoryDoc | null;
  errors: Array<{ path: string; message: string }>;
  /** Accepted, but worth a look: e.g. a private IP another server of the same owner has. */
  warnings: Warning[];
}

export interface OrderBy {
  field: string;
  direction: 'ASC' | 'DESC';
}

const ATTEMPTS = 3;

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

/** A new item of `def` from clean input, owned by `owner`, who is its admin. */
function newDoc(def: EntityDef, clean: Record<string, unknown>, owner: InventoryDoc['owner'], by: string, now: Date): InventoryDoc {
  const name = String(clean[def.nameField]);
  return {
    ...clean,
    _id: new ObjectId(),
    type: def.type,
    name,
    nameLower: name.toLowerCase(),
    tags: (clean.tags as string[] | undefined) ?? [],
    active: true,
    revision: 1,
    createdAt: now,
    updatedAt: now,
    keywords: keywordsOf(def, clean),
    ...initialAccess(owner, by, now),
  };
}

/** The fields a change records: the type's own, and whether it is active. */
function recordedFields(def: EntityDef): string[] {
  return [...Object.keys(def.fields), 'active'];
}

/** The fields of `clean` that differ from `doc`, with the derived fields they move; null when none. */
function changesOf(def: EntityDef, doc: InventoryDoc, clean: Record<string, unknown>): Record<string, unknown> | null {
  const set: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(clean)) {
    if (JSON.stringify(doc[key] ?? null) !== JSON.stringify(value ?? null)) set[key] = value;
  }
  if (Object.keys(set).length === 0) return null;
  if (def.nameField in set) {
    set.name = String(set[def.nameField]);
    set.nameLower = String(set[def.nameField]).toLowerCase();
  }
  set.keywords = keywordsOf(def, { ...doc, ...set });
  return set;
}

/** Lower-cased words `search` matches: the name and every searchable field. */
function keywordsOf(def: EntityDef, doc: Record<string, unknown>): string[] {
  const words = new Set<string>();
  for (const [name, spec] of Object.entries(def.fields)) {
    if (spec.kind === 'object' || spec.kind === 'objects') continue;
    if (!spec.search && name !== def.nameField) continue;
    const value = doc[name];
    if (typeof value === 'string' && value) words.add(value.toLowerCase());
    if (Array.isArray(value)) for (const v of value) if (typeof v === 'string' && v) words.add(v.toLowerCase());
  }
  return [...words];
}

/**
 * The rules of every inventory type, driven by its declaration: validation
 * with field paths, duplicate warnings, soft delete and restore, optimistic
 * revisions, and the caller's scope on every query.
 */
export class InventoryService {
  private readonly types = new Map<string, TypeInfo>();

  constructor(
    private readonly repo: InventoryRepository,
    definitions: readonly EntityDef[],
    private readonly history: HistoryService,
  ) {
    for (const def of definitions) this.types.set(def.type, { def, filters: filterFields(def), sorts: sortFields(def) });
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

  async create(scope: Scope, type: string, input: Record<string, unknown>): Promise<WriteResult> {
    const { def } = this.info(type);
    const clean = this.validate(def, input, false);
    if (scope.workspaceTeamId && !scope.principalsFor('write').includes(`t:${scope.workspaceTeamId}`)) {
      throw new ForbiddenError('You have read-only access to this team workspace.');
    }
    const doc = newDoc(def, clean, scope.creator, scope.userId, new Date());
    doc.pending = { 1: this.history.pending(doc, def.type, 1, { operation: 'CREATE', actor: userActor(scope), diff: diffFields(null, doc, recordedFields(def)), readers: doc.access.read }) };
    const warnings = await this.duplicateWarnings(scope, def, doc);
    await this.repo.insert(doc);
    await this.history.commit('inventory', doc);
    return { doc, warnings, changed: true };
  }

  async update(scope: Scope, type: string, id: ObjectId, input: Record<string, unknown>): Promise<WriteResult> {
    const { def } = this.info(type);
    const clean = this.validate(def, input, true);
    const result = await this.change(scope, def, id, 'write', 'UPDATE', (doc) => changesOf(def, doc, clean));
    const warnings = result.changed ? await this.duplicateWarnings(scope, def, result.doc, Object.keys(clean)) : [];
    return { ...result, warnings };
  }

  /**
   * Imports rows of `type`, idempotent on the type's natural key within the
   * caller's workspace: a row whose item exists is an update (or nothing, if
   * nothing differs), else a creation. Rows that fail validation are
   * reported with their row and field and change nothing; the others go on.
   * New items are written in batches; a retry of the same file after a crash
   * finds the items already written and reports them unchanged.
   */
  async importRows(
    scope: Scope,
    type: string,
    rows: Array<Record<string, unknown>>,
    /** Problems the file's reader met in some rows (by 1-based row): those rows fail with them. */
    readProblems: ReadonlyMap<number, FieldProblem[]> = new Map(),
  ): Promise<ImportRowResult[]> {
    const { def } = this.info(type);
    if (scope.workspaceTeamId && !scope.principalsFor('write').includes(`t:${scope.workspaceTeamId}`)) {
      throw new ForbiddenError('You have read-only access to this team workspace.');
    }
    const owner = scope.creator;
    const key = def.naturalKey[0]!;
    const results: ImportRowResult[] = [];
    const valid: Array<{ row: number; clean: Record<string, unknown> }> = [];
    rows.forEach((input, i) => {
      const row = i + 1;
      const early = readProblems.get(row) ?? [];
      // A row the reader could not take apart (not an object, cells not matching the header) has no values to check.
      if (early.some((p) => p.path === `rows.${row}`)) {
        results.push({ row, status: 'ERROR', doc: null, errors: early, warnings: [] });
        return;
      }
      try {
        const clean = this.validate(def, input, false, `rows.${row}`);
        if (early.length === 0) valid.push({ row, clean });
        else results.push({ row, status: 'ERROR', doc: null, errors: early, warnings: [] });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        results.push({ row, status: 'ERROR', doc: null, errors: [...early, ...error.fields], warnings: [] });
      }
    });
    const keyOf = (value: unknown) => String(value ?? '').toLowerCase();
    const existing = new Map<string, InventoryDoc>();
    // One query for a whole file (MAX_IMPORT_ROWS): a server without a usable index scans once, not once per chunk.
    for (let i = 0; i < valid.length; i += MAX_IMPORT_ROWS) {
      // Natural keys are names: matched ignoring case, on the stored lower-cased name.
      const values = valid.slice(i, i + MAX_IMPORT_ROWS).map((v) => keyOf(v.clean[key]));
      for (const doc of await this.repo.findByNaturalKeys(scope, def.type, owner, 'nameLower', values)) existing.set(keyOf(doc[key]), doc);
    }
    const now = new Date();
    const inserts: InventoryDoc[] = [];
    for (const { row, clean } of valid) {
      const found = existing.get(keyOf(clean[key]));
      if (!found) {
        const doc = newDoc(def, clean, owner, scope.userId, now);
        inserts.push(doc);
        existing.set(keyOf(clean[key]), doc);
        results.push({ row, status: 'CREATED', doc, errors: [], warnings: [] });
        continue;
      }
      if (!changesOf(def, found, clean)) {
        results.push({ row, status: 'UNCHANGED', doc: found, errors: [], warnings: [] });
        continue;
      }
      if (inserts.includes(found)) {
        // The same item twice in one file: the later row wins before it is written.
        Object.assign(found, clean, changesOf(def, found, clean));
        results.push({ row, status: 'UPDATED', doc: found, errors: [], warnings: [] });
        continue;
      }
      try {
        const result = await this.change(scope, def, found._id, 'write', 'UPDATE', (doc) => changesOf(def, doc, clean), 'IMPORT');
        existing.set(keyOf(clean[key]), result.doc);
        results.push({ row, status: result.changed ? 'UPDATED' : 'UNCHANGED', doc: result.doc, errors: [], warnings: [] });
      } catch (error) {
        if (!(error instanceof ForbiddenError || error instanceof NotFoundError || error instanceof ConflictError)) throw error;
        results.push({ row, status: 'ERROR', doc: null, errors: [{ path: `rows.${row}`, message: error.message }], warnings: [] });
      }
    }
    for (const doc of inserts) {
      doc.pending = { 1: this.history.pending(doc, def.type, 1, { operation: 'CREATE', actor: { ...userActor(scope), kind: 'IMPORT' }, diff: diffFields(null, doc, recordedFields(def)), readers: doc.access.read }) };
    }
    await this.history.createMany('inventory', inserts, (batch) => this.repo.insertMany(batch));
    await this.importWarnings(scope, def, owner, results);
    return results.sort((a, b) => a.row - b.row);
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
    return this.change(scope, def, id, 'admin', 'DELETE', (doc) => (doc.active ? { active: false } : null));
  }

  restore(scope: Scope, type: string, id: ObjectId): Promise<WriteResult> {
    const { def } = this.info(type);
    return this.change(scope, def, id, 'admin', 'RESTORE', (doc) => (doc.active ? null : { active: true }));
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

  private async change(
    scope: Scope,
    def: EntityDef,
    id: ObjectId,
    role: Role,
    operation: InventoryChange['operation'],
    decide: (doc: InventoryDoc) => Record<string, unknown> | null,
    source: InventoryChange['source'] = 'USER',
  ): Promise<WriteResult> {
    const label = def.type.toLowerCase();
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const doc = await this.repo.findById(scope, id, role);
      if (!doc || doc.type !== def.type) {
        const readable = doc ?? (await this.repo.findById(scope, id, 'read'));
        if (readable && readable.type === def.type) {
          throw new ForbiddenError(role === 'admin' ? `Only an admin of this ${label} can do this.` : `You have read-only access to this ${label}.`);
        }
        throw new NotFoundError(`No such ${label}, or you cannot see it.`);
      }
      await this.history.commit('inventory', doc);
      const set = decide(doc);
      if (!set) return { doc, warnings: [], changed: false };
      const pendingChange = this.history.pending(doc, def.type, doc.revision + 1, {
        operation,
        actor: { ...userActor(scope), kind: source },
        diff: diffFields(doc, { ...doc, ...set } as InventoryDoc, recordedFields(def)),
        readers: doc.access.read,
      });
      const update = { $set: { ...set, updatedAt: new Date(), [`pending.${pendingChange.revision}`]: pendingChange }, $inc: { revision: 1 } } as unknown as UpdateFilter<InventoryDoc>;
      const updated = await this.repo.updateVersioned(scope, id, doc.revision, role, update);
      if (updated) {
        await this.history.commit('inventory', updated);
        return { doc: updated, warnings: [], changed: true };
      }
    }
    throw new ConflictError(`The ${label} is being changed by someone else. Try again.`);
  }
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
