import { ObjectId } from 'mongodb';
import { initialAccess } from '../../access/access.model.js';
import { sourceKeyOf } from '../../history/actor.js';
import type { ActorData } from '../../history/change.model.js';
import type { EntityDef, InventoryDoc, SourceStamp } from './entity-def.js';
import { idKey, stampOf } from './item-keys.js';

/** Accepted, but worth a look: a duplicate, a field kept by its lock. */
export interface Warning {
  code: string;
  message: string;
  path: string | null;
  /** Hex ids of the other items it is about, among those the caller can read (the first few). */
  itemIds: string[];
}

export const IMPORT_STATUSES = ['CREATED', 'UPDATED', 'UNCHANGED', 'ERROR'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface ImportRowResult {
  /** 1-based row number in the file (after the CSV header). */
  row: number;
  status: ImportStatus;
  doc: InventoryDoc | null;
  errors: Array<{ path: string; message: string }>;
  /** Accepted, but worth a look: e.g. a private IP another server of the same owner has, or a field kept by its lock. */
  warnings: Warning[];
  /** A snapshot saw again an item it had marked inactive. */
  reactivated?: boolean;
}

/** The fields a change records: the type's own, and whether it is active. */
export function recordedFields(def: EntityDef): string[] {
  return [...Object.keys(def.fields), 'active'];
}

/** Lower-cased words `search` matches: the name and every searchable field. */
export function keywordsOf(def: EntityDef, doc: Record<string, unknown>): string[] {
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

/** The fields a write of `set` moves besides those it sets: the name, lower-cased name and search words. */
export function derivedOf(def: EntityDef, doc: InventoryDoc, set: Record<string, unknown>): Record<string, unknown> {
  const derived: Record<string, unknown> = {};
  if (def.nameField in set) {
    derived.name = String(set[def.nameField]);
    derived.nameLower = String(set[def.nameField]).toLowerCase();
  }
  derived.keywords = keywordsOf(def, { ...doc, ...set });
  return derived;
}

/**
 * The update of a write that sets `set` on `doc`: those fields, the fields
 * they move (name, search words), and for each of the type's fields, who
 * set it and when.
 */
export function stampedSet(def: EntityDef, doc: InventoryDoc, set: Record<string, unknown>, stamp: SourceStamp): Record<string, unknown> {
  const out: Record<string, unknown> = { ...set, ...derivedOf(def, doc, set) };
  for (const field of Object.keys(set)) if (Object.hasOwn(def.fields, field)) out[`provenance.${field}`] = stamp;
  return out;
}

/** A value worth remembering who set: not empty. */
export const filled = (v: unknown) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);

/**
 * A new item of `def` from clean input, owned by `owner` (whose admin is
 * the user `by`), created by `actor`: every field it fills is the actor's.
 * Its key is its id unless given (a claim on a name, a provider's key).
 */
export function newItem(def: EntityDef, clean: Record<string, unknown>, owner: InventoryDoc['owner'], actor: ActorData, by: string, now: Date, key?: string): InventoryDoc {
  const name = String(clean[def.nameField]);
  const stamp = stampOf(actor, now);
  const _id = new ObjectId();
  return {
    ...clean,
    _id,
    type: def.type,
    name,
    nameLower: name.toLowerCase(),
    tags: (clean.tags as string[] | undefined) ?? [],
    active: true,
    revision: 1,
    createdAt: now,
    updatedAt: now,
    keywords: keywordsOf(def, clean),
    key: key ?? idKey(_id),
    origin: { ...stamp, source: sourceKeyOf(actor) },
    provenance: Object.fromEntries(Object.entries(clean).filter(([, v]) => filled(v)).map(([f]) => [f, stamp])),
    ...initialAccess(owner, by, now),
  };
}
