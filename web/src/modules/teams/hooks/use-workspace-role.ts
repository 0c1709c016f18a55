import { useQuery } from 'urql';
import { useSession } from '../../../app/session/session-context.ts';
import { TeamsDocument, type Role } from '../../../gql/graphql.ts';
import { TEAM_REQUEST_CONTEXT } from '../team-requests.ts';
import { workspaceRole } from '../workspace-role.ts';

/** The user's role in the workspace they act in (the workspace switcher asks for the same teams). */
export function useWorkspaceRole(): Role | null | undefined {
  const { workspace } = useSession();
  const [{ data }] = useQuery({ query: TeamsDocument, context: TEAM_REQUEST_CONTEXT, pause: workspace === null });
  return workspaceRole(workspace, data?.teams);
}
