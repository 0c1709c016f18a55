import type { ObjectId } from 'mongodb';
import type { AccessControlled } from '../../access/access.model.js';
import type { FieldSpecs } from './field-spec.js';
import type { ActorKind } from '../../history/change.model.js';

/** The declaration of one inventory type. */
export interface EntityDef {
  /** GraphQL type name and the `type` stored on each document, e.g. `Server`. */
  type: string;
  /** Name of the list query, e.g. `servers`. */
  plural: string;
  description: string;
  /** The field that names an item (e.g. `hostname`); also stored as `name`. */
  nameField: string;
  fields: FieldSpecs;
  /** Fields whose duplicates within one owner are accepted with a warning. */
  warnDuplicates?: string[];
  /** Fields that identify an item within an owner, for idempotent imports. */
  naturalKey: string[];
}

/** A source, as an item remembers it: who created it, who last set a field. */
export interface SourceStamp {
  kind: ActorKind;
  id: string | null;
  name: string | null;
  /** The import or discovery run that set it. */
  runId?: string | null;
  at: Date;
}

/** How a discovered item is known at its provider: its natural key. */
export interface ExternalKey {
  provider: string;
  account: string;
  region: string;
  id: string;
}

/** Fields (or the whole item) imports and discovery must leave as they are. */
export interface ItemLocks {
  all: boolean;
  fields: string[];
}

/** Every inventory document, whatever its type: one collection holds them all. */
export interface InventoryDoc extends AccessControlled {
  _id: ObjectId;
  type: string;
  /** The item's name (the value of its name field). */
  name: string;
  /** Lower-cased name: case-insensitive sorting and equality. */
  nameLower: string;
  tags: string[];
  active: boolean;
  /** Grows by one with every write: optimistic concurrency. */
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  /** Lower-cased words that `search` matches: name, addresses, tags… */
  keywords: string[];
  /**
   * Changes this document's writes made that are not in the history yet, by
   * revision. Each key is set by the write that makes the change and unset
   * once the change is recorded, so clearing one never touches another.
   */
  pending?: Record<string, unknown>;
  /**
   * The item's unique key (one unique index): `i|<id>` for items people
   * create, a claim on the name for items an import creates (so two imports
   * of one file at once cannot both create it), the provider's key for
   * discovered items. Renaming an item gives up its claim on the old name.
   */
  key?: string;
  /** The source that created it; its `source` is the key of that source (see `sourceKeyOf`). */
  origin?: SourceStamp & { source: string };
  /** Per field, which source last set it and when. */
  provenance?: Record<string, SourceStamp>;
  locks?: ItemLocks;
  /** For discovered items: the provider's key. */
  external?: ExternalKey;
  /** Per source (key with dots replaced), the content hash of what it last wrote and the revision that write made. */
  seen?: Record<string, { hash: string; rev: number; at: Date }>;
  /** Set when a full snapshot of its source no longer saw it: when it was last seen. */
  lastSeenAt?: Date | null;
  /** The source whose snapshot marked it inactive: only that source brings it back. */
  inactiveBy?: string | null;
  [field: string]: unknown;
}

/** Fields every type has, besides those it declares. */
export const SYSTEM_FIELDS = ['active', 'createdAt', 'updatedAt'] as const;
