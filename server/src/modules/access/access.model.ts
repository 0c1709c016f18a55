/**
 * Access roles on entities: read < write < admin, granted to a user or a team.
 * Each entity stores its grants and, derived from them in the same write, the
 * principals holding at least each role (`access.read` ⊇ `access.write` ⊇
 * `access.admin`), so that a query filters on one indexed array.
 */

export type Role = 'read' | 'write' | 'admin';
export const ROLES: readonly Role[] = ['read', 'write', 'admin'];

export type PrincipalKind = 'user' | 'team';

/** `u:<hex id>` or `t:<hex id>`: how a principal appears in access arrays. */
export type PrincipalKey = `${'u' | 't'}:${string}`;

export interface Grant {
  kind: PrincipalKind;
  /** Hex ObjectId of the user or team. */
  id: string;
  role: Role;
  grantedAt: Date;
  grantedBy: string | null;
}

export interface AccessArrays {
  read: PrincipalKey[];
  write: PrincipalKey[];
  admin: PrincipalKey[];
}

/** The fields every access-controlled document carries. */
export interface AccessControlled {
  owner: { kind: PrincipalKind; id: string };
  grants: Grant[];
  access: AccessArrays;
}

export function principalKey(kind: PrincipalKind, id: string): PrincipalKey {
  return `${kind === 'user' ? 'u' : 't'}:${id}`;
}

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

export function roleAtLeast(role: Role, wanted: Role): boolean {
  return roleRank(role) >= roleRank(wanted);
}

/** The access arrays that follow from a list of grants. */
export function deriveAccess(grants: readonly Grant[]): AccessArrays {
  const holding = (wanted: Role) =>
    [...new Set(grants.filter((g) => roleAtLeast(g.role, wanted)).map((g) => principalKey(g.kind, g.id)))].sort();
  return { read: holding('read'), write: holding('write'), admin: holding('admin') };
}

/** Grants of a new entity: its creator (user, or team in a team workspace) is admin. */
export function initialAccess(owner: { kind: PrincipalKind; id: string }, by: string, at: Date): AccessControlled {
  const grants: Grant[] = [{ kind: owner.kind, id: owner.id, role: 'admin', grantedAt: at, grantedBy: by }];
  return { owner, grants, access: deriveAccess(grants) };
}
