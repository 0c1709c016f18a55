import type { Role } from '../../gql/graphql.ts';
import { roleAtLeast } from '../access/roles.ts';

/**
 * What the user may do in the workspace they act in: everything in their
 * personal one, their role in a team. Null when the team is not theirs (any
 * more); undefined while their teams are not known yet.
 */
export function workspaceRole(workspace: string | null, teams: ReadonlyArray<{ id: string; myRole: Role | null }> | undefined): Role | null | undefined {
  if (workspace === null) return 'ADMIN';
  if (!teams) return undefined;
  return teams.find((team) => team.id === workspace)?.myRole ?? null;
}

/** Whether new items can be created in the workspace: undefined while that is not known. */
export function canWriteIn(role: Role | null | undefined): boolean | undefined {
  return role === undefined ? undefined : roleAtLeast(role, 'WRITE');
}
