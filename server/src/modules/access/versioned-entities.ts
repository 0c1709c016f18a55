import type { Document, ObjectId, UpdateFilter } from 'mongodb';
import { ForbiddenError, NotFoundError } from '../../graphql/errors.js';
import { userActor } from '../history/actor.js';
import type { FieldChangeData } from '../history/change.model.js';
import type { Decision, HistoryService } from '../history/history.service.js';
import type { AccessControlled, Role } from './access.model.js';
import type { Scope } from './scope.js';
import type { ScopedRepository } from './scoped.repository.js';

type Entity = AccessControlled & Document & { _id: ObjectId; revision: number; pending?: Record<string, unknown> };

/**
 * Loading and changing one kind of access-controlled, versioned entity (a
 * connection, a schedule) for a caller: NOT_FOUND when they cannot see it,
 * FORBIDDEN when they see it without the role asked; every change through
 * the history's versioned write, in the entity's change store.
 */
export class VersionedEntities<T extends Entity> {
  constructor(
    private readonly repo: ScopedRepository<T>,
    private readonly history: HistoryService,
    private readonly store: string,
    private readonly type: string,
    /** How messages name one: "connection", "schedule". */
    private readonly noun: string,
  ) {}

  /** Stores a new entity (at revision 1) with its CREATE change, recorded in its history before this returns. */
  async insert(scope: Scope, doc: T, diff: FieldChangeData[]): Promise<T> {
    doc.pending = { 1: this.history.pending(doc, this.type, 1, { operation: 'CREATE', actor: userActor(scope), diff, readers: doc.access.read }) };
    await this.repo.insert(doc as never);
    await this.history.commit(this.store, doc);
    delete doc.pending;
    return doc;
  }

  /** Soft delete (ADMIN): `active` false, with its DELETE change; nothing when it is deleted already. */
  async softDelete(scope: Scope, id: ObjectId): Promise<T> {
    const { doc } = await this.change(scope, id, 'admin', (current) => {
      if (!current.active) return null;
      return { set: { active: false }, change: { operation: 'DELETE', actor: userActor(scope), diff: [{ path: 'active', before: true, after: false }], readers: current.access.read } };
    });
    return doc;
  }

  async load(scope: Scope, id: ObjectId, role: Role): Promise<T> {
    const doc = (await this.repo.findById(scope, id, role)) as T | null;
    if (doc) return doc;
    if (role !== 'read' && (await this.repo.findById(scope, id, 'read'))) {
      throw new ForbiddenError(role === 'admin' ? `Only an admin of this ${this.noun} can do this.` : `You can see this ${this.noun} but not change it.`);
    }
    throw new NotFoundError(`No such ${this.noun}, or you cannot see it.`);
  }

  async change(scope: Scope, id: ObjectId, role: Role, decide: (doc: T) => Decision | null): Promise<{ doc: T; changed: boolean }> {
    const result = await this.history.write<T>(this.store, () => this.type, {
      load: () => this.load(scope, id, role),
      decide,
      apply: async (doc, update) => (await this.repo.updateVersioned(scope, id, doc.revision, role, update as UpdateFilter<T>)) as T | null,
      conflict: `The ${this.noun} is being changed by someone else. Try again.`,
    });
    delete result.doc.pending;
    return result;
  }
}

/** The change of each of `fields` from `before` (null: a creation) to `after`, compared by value. */
export function fieldDiff<T extends object>(fields: ReadonlyArray<keyof T & string>, before: T | null, after: T): FieldChangeData[] {
  const out: FieldChangeData[] = [];
  for (const field of fields) {
    const a = before ? before[field] : null;
    const b = after[field];
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path: field, before: a ?? null, after: b ?? null });
  }
  return out;
}

/** The `$set` of an update: each of `fields` whose value changed. */
export function changedFields<T extends object>(fields: ReadonlyArray<keyof T & string>, before: T, after: T): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const field of fields) if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) set[field] = after[field];
  return set;
}
