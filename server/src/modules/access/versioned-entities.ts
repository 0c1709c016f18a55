import type { Document, ObjectId, UpdateFilter } from 'mongodb';
import { ForbiddenError, NotFoundError } from '../../graphql/errors.js';
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
