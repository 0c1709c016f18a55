import { useQuery } from 'urql';
import { useSession } from '../../../app/session/session-context.ts';
import { TeamsDocument } from '../../../gql/graphql.ts';
import { TEAM_REQUEST_CONTEXT } from '../../teams/team-requests.ts';

/** Who will own what is created now: the chosen workspace. */
export function OwnerNote() {
  const { workspace } = useSession();
  const [{ data }] = useQuery({ query: TeamsDocument, context: TEAM_REQUEST_CONTEXT, pause: !workspace });
  if (!workspace) return <>It will be yours (personal workspace). Switch the workspace in the header to create it for a team.</>;
  const team = data?.teams.find((t) => t.id === workspace);
  return (
    <>
      It will belong to the team <strong>{team?.name ?? '…'}</strong> (the current workspace).
    </>
  );
}
