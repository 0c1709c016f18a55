import { useEffect, useId } from 'react';
import { useQuery } from 'urql';
import { useSession, useSessionServices } from '../../../app/session/session-context.ts';
import { TeamsDocument } from '../../../gql/graphql.ts';
import { TEAM_REQUEST_CONTEXT } from '../team-requests.ts';

/**
 * Where new things go: the user's personal workspace or one of their teams.
 * A workspace the user has lost (left or deleted team) falls back to Personal.
 */
export function WorkspaceSwitcher() {
  const id = useId();
  const session = useSession();
  const { store } = useSessionServices();
  const [{ data }] = useQuery({ query: TeamsDocument, context: TEAM_REQUEST_CONTEXT });
  const teams = data?.teams;
  const workspace = session.workspace;

  useEffect(() => {
    if (workspace && teams && !teams.some((team) => team.id === workspace)) store.setWorkspace(null);
  }, [workspace, teams, store]);

  return (
    <div className="workspace-switcher">
      <label htmlFor={id} className="workspace-switcher__label">
        Workspace
      </label>
      <select
        id={id}
        className="header-select"
        value={workspace ?? ''}
        data-testid="workspace-switcher"
        title="New items are owned by this workspace"
        onChange={(event) => store.setWorkspace(event.target.value || null)}
      >
        <option value="">Personal</option>
        {teams && teams.length > 0 ? (
          <optgroup label="Teams">
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </optgroup>
        ) : null}
        {workspace && !teams?.some((team) => team.id === workspace) ? <option value={workspace}>Team…</option> : null}
      </select>
    </div>
  );
}
