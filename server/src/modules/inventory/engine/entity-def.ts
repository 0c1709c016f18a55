import type { ObjectId } from 'mongodb';
import type { AccessControlled } from '../../access/access.model.js';
import type { FieldSpecs } from './field-spec.js';

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
  [field: string]: unknown;
}

/** Fields every type has, besides those it declares. */
export const SYSTEM_FIELDS = ['active', 'createdAt', 'updatedAt'] as const;
