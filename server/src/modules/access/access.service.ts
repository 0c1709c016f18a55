import type { ObjectId } from 'mongodb';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../../graphql/errors.js';
import { fromGlobalId } from '../../shared/ids.js';
import { deriveAccess, principalKey, type AccessControlled, type Grant, type PrincipalKind, type Role } from './access.model.js';
import type { ScopedRepository } from './scoped.repository.js';
import type { Scope } from './scope.js';
import type { HistoryService } from '../history/history.service.js';
import type { Versioned } from '../history/change-store.js';
import { userActor } from '../history/actor.js';
import type { InventoryDoc } from '../inventory/engine/entity-def.js';

type Entity = AccessControlled & { _id: ObjectId; revision: number };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry of repositories of different document types
type AnyRepository = ScopedRepository<any>;

export interface Principal {
  kind: PrincipalKind;
  id: string;
}

/** Who a grant or revocation is about, as the caller named them: looked up only once the caller's right is checked. */
export type GranteeRef = { kind: 'user'; email: string } | { kind: PrincipalKind; id: string };

/** Finds the people and teams grants name. */
export interface PrincipalDirectory {
  /** Hex id of the user with this e-mail address (any case), or null. */
  userIdByEmail(email: string): Promise<string | null>;
  exists(kind: PrincipalKind, id: string): Promise<boolean>;
}

interface Target {
  type: string;
  id: ObjectId;
  repository: AnyRepository;
  entity: Entity;
}

/**
 * Grants and revocations on any access-controlled entity. Only an admin of
 * the entity may change its grants, and an entity always keeps an admin.
 */
export class AccessService {
  private readonly repositories = new Map<string, AnyRepository>();
  /** The change store of each type's entities: grants are changes recorded in it. */
  private readonly stores = new Map<string, string>();

  constructor(
    private readonly history: HistoryService,
    private readonly directory: PrincipalDirectory,
    /** Tells a principal about a role given or taken. */
    private readonly notify: (input: { kind: 'ACCESS_GRANTED' | 'ACCESS_REVOKED'; principal: Principal; role: Role | null; entity: InventoryDoc; by: Scope }) => void = () => undefined,
  ) {}

  /** Makes the entities of `type` (the global id's type) grantable; their changes go to the change store `store`. */
  register(type: string, repository: AnyRepository, store = 'inventory'): void {
    this.repositories.set(type, repository);
    this.stores.set(type, store);
  }

  get types(): string[] {
    return [...this.repositories.keys()];
  }

  repositoryOf(type: string, path = 'entityId'): AnyRepository {
    const repository = this.repositories.get(type);
    if (!repository) throw new InputError(`${path} does not name an entity that has access roles.`, [{ path, message: 'is not an access-controlled entity' }]);
    return repository;
  }

  /** Gives `grantee` a role on the entity. The caller's right is checked before the grantee is looked up. */
  async grant(scope: Scope, entityGlobalId: string, grantee: GranteeRef, role: Role): Promise<{ type: string; entity: Entity }> {
    const target = await this.adminTarget(scope, entityGlobalId);
    const principal = await this.resolve(grantee);
    const result = await this.change(scope, target, 'GRANT', (grants) => {
      const others = grants.filter((g) => !(g.kind === principal.kind && g.id === principal.id));
      return [...others, { kind: principal.kind, id: principal.id, role, grantedAt: new Date(), grantedBy: scope.userId }];
    });
    this.notify({ kind: 'ACCESS_GRANTED', principal, role, entity: { ...result.entity, type: result.type } as unknown as InventoryDoc, by: scope });
    return result;
  }

  /** Takes `grantee`'s role away. The caller's right is checked before the grantee is looked up. */
  async revoke(scope: Scope, entityGlobalId: string, grantee: GranteeRef): Promise<{ type: string; entity: Entity }> {
    const target = await this.adminTarget(scope, entityGlobalId);
    const principal = await this.resolve(grantee);
    const result = await this.change(scope, target, 'REVOKE', (grants) => {
      if (!grants.some((g) => g.kind === principal.kind && g.id === principal.id)) {
        throw new NotFoundError('That user or team holds no role on this entity.');
      }
      return grants.filter((g) => !(g.kind === principal.kind && g.id === principal.id));
    });
    this.notify({ kind: 'ACCESS_REVOKED', principal, role: null, entity: { ...result.entity, type: result.type } as unknown as InventoryDoc, by: scope });
    return result;
  }

  /** The entity, if the caller administers it; NOT_FOUND if they cannot see it, FORBIDDEN if they only can. */
  private async adminTarget(scope: Scope, entityGlobalId: string): Promise<Target> {
    const { type, id } = fromGlobalId(entityGlobalId, 'input.entityId');
    const repository = this.repositoryOf(type, 'input.entityId');
    const entity = await this.findAdministered(scope, repository, type, id);
    return { type, id, repository, entity };
  }

  private async findAdministered(scope: Scope, repository: AnyRepository, type: string, id: ObjectId): Promise<Entity> {
    const found = (await repository.findById(scope, id, 'admin')) as (Entity & { type?: string }) | null;
    if (found && (found.type === undefined || found.type === type)) return found;
    const readable = (await repository.findById(scope, id, 'read')) as { type?: string } | null;
    if (readable && (readable.type === undefined || readable.type === type)) throw new ForbiddenError('Only an admin of this entity can change who has access.');
    throw new NotFoundError('No such entity, or you cannot see it.');
  }

  private async resolve(grantee: GranteeRef): Promise<Principal> {
    if ('email' in grantee) {
      const id = await this.directory.userIdByEmail(grantee.email);
      if (!id) throw new NotFoundError('No account has this e-mail address.');
      return { kind: 'user', id };
    }
    if (!(await this.directory.exists(grantee.kind, grantee.id))) throw new NotFoundError(grantee.kind === 'user' ? 'No such user.' : 'No such team.');
    return { kind: grantee.kind, id: grantee.id };
  }

  private async change(
    scope: Scope,
    target: Target,
    operation: 'GRANT' | 'REVOKE',
    next: (grants: Grant[]) => Grant[],
  ): Promise<{ type: string; entity: Entity }> {
    const { type, id, repository } = target;
    let first: Entity | null = target.entity;
    const summary = (list: Grant[]) => list.map((g) => `${g.kind}:${g.id}:${g.role}`).sort();
    const { doc } = await this.history.write<Entity & Versioned>(this.stores.get(type) ?? 'inventory', () => type, {
      load: async () => {
        const entity = first ?? (await this.findAdministered(scope, repository, type, id));
        first = null;
        return entity as Entity & Versioned;
      },
      decide: (entity) => {
        const grants = next(entity.grants);
        if (!grants.some((g) => g.role === 'admin')) {
          throw new ConflictError('An entity must keep at least one admin: grant admin to someone else first.');
        }
        const access = deriveAccess(grants);
        return {
          set: { grants, access },
          change: {
            operation,
            actor: userActor(scope),
            diff: [{ path: 'access', before: summary(entity.grants), after: summary(grants) }],
            // Those who lose read with a revoke still see that it happened.
            readers: [...entity.access.read, ...access.read],
          },
        };
      },
      apply: (entity, update) => repository.updateVersioned(scope, id, entity.revision, 'admin', update as never) as Promise<(Entity & Versioned) | null>,
      conflict: 'The entity is being changed by someone else. Try again.',
    });
    return { type, entity: doc };
  }

  /** How many entities, of every registered type, have `principal` as their only admin. */
  async countSoleAdmin(kind: PrincipalKind, id: string): Promise<number> {
    const key = principalKey(kind, id);
    const counts = await Promise.all(
      [...this.repositories.values()].map((r) => r.countSoleAdmin(key)),
    );
    return counts.reduce((a, b) => a + b, 0);
  }
}
