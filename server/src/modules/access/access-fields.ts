import type { GraphQLContext } from '../../graphql/context.js';
import type { AccessControlled } from './access.model.js';
import { AccessGrant } from './access.type.js';
import { loadPrincipal } from './principal.js';
import { type RoleEnum, toRoleEnum } from './role.enum.js';
import type { Team } from '../teams/team.type.js';
import type { User } from '../identity/identity.type.js';

/** The `owner`, `access` and `myRole` fields every access-controlled type exposes. */
export async function ownerOf(ctx: GraphQLContext, doc: AccessControlled): Promise<User | Team | null> {
  return loadPrincipal(ctx, doc.owner.kind, doc.owner.id);
}

export async function grantsOf(ctx: GraphQLContext, doc: AccessControlled): Promise<AccessGrant[]> {
  return Promise.all(
    doc.grants.map(async (g) =>
      Object.assign(new AccessGrant(), { principal: await loadPrincipal(ctx, g.kind, g.id), role: toRoleEnum(g.role), grantedAt: g.grantedAt }),
    ),
  );
}

/** The strongest role the caller holds on the entity, directly or through a team. */
export async function myRoleOn(ctx: GraphQLContext, doc: AccessControlled): Promise<RoleEnum | null> {
  const scope = await ctx.auth.scope();
  for (const role of ['admin', 'write', 'read'] as const) {
    const mine = new Set<string>(scope.principalsFor(role));
    if (doc.access[role].some((key) => mine.has(key))) return toRoleEnum(role);
  }
  return null;
}
