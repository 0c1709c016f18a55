import type { Filter } from 'mongodb';
import { principalKey, roleRank, type AccessControlled, type PrincipalKey, type Role } from './access.model.js';

/**
 * Who is asking, as the database sees it: the user, the teams they belong to
 * (from the identity cache, emptied on every change, so a removed member
 * loses access at once) and the workspace they act in. Services take a Scope
 * explicitly; the scoped repository turns it into the filter of every query.
 */
export class Scope {
  readonly principals: readonly PrincipalKey[];

  constructor(
    readonly userId: string,
    /** Team id → the member's role in that team. */
    readonly teams: ReadonlyMap<string, Role>,
    /** The team the user acts in, or null for their own workspace. */
    readonly workspaceTeamId: string | null = null,
  ) {
    // A team grant reaches every member; what a member may do through it is
    // bounded by the member's role in the team (see `filter`).
    this.principals = [principalKey('user', userId), ...[...teams.keys()].map((id) => principalKey('team', id))];
  }

  /** The principals through which this caller holds at least `role`. */
  principalsFor(role: Role): PrincipalKey[] {
    const keys: PrincipalKey[] = [principalKey('user', this.userId)];
    for (const [teamId, memberRole] of this.teams) {
      // A read-only member reads through the team, never writes through it.
      if (role === 'read' || roleRank(memberRole) >= roleRank(role)) keys.push(principalKey('team', teamId));
    }
    return keys;
  }

  /** The MongoDB filter of the documents this caller holds `role` on. */
  filter<T extends AccessControlled>(role: Role = 'read'): Filter<T> {
    const keys = this.principalsFor(role);
    return { [`access.${role}`]: keys.length === 1 ? keys[0] : { $in: keys } } as Filter<T>;
  }

  /** Who owns what this caller creates: the workspace team, or the user. */
  get creator(): { kind: 'user' | 'team'; id: string } {
    return this.workspaceTeamId ? { kind: 'team', id: this.workspaceTeamId } : { kind: 'user', id: this.userId };
  }
}
