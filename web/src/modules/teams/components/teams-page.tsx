import { Link } from 'react-router';
import { useQuery } from 'urql';
import { TeamsDocument } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { formatDate, plural } from '../../../shared/format.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { RoleBadge } from '../../access/components/role-badge.tsx';
import { TEAM_REQUEST_CONTEXT } from '../team-requests.ts';
import { CreateTeamForm } from './create-team-form.tsx';
import { MyInvitations } from './my-invitations.tsx';

export function TeamsPage() {
  usePageTitle('Teams');
  const [{ data, fetching, error }] = useQuery({ query: TeamsDocument, context: TEAM_REQUEST_CONTEXT });
  const teams = data?.teams;
  return (
    <section className="page" aria-labelledby="teams-title">
      <header className="page__header">
        <h1 id="teams-title" className="page__title">
          Teams
        </h1>
        <p className="page__subtitle">
          People who work together. What you create in a team’s workspace belongs to the team, and a role granted to a team
          reaches every member.
        </p>
      </header>

      <MyInvitations hideWhenEmpty />
      <CreateTeamForm />

      <section className="panel" aria-labelledby="my-teams-title" aria-busy={fetching}>
        <header className="panel__header">
          <h2 id="my-teams-title" className="panel__title">
            Your teams
          </h2>
          {teams ? <span className="panel__meta">{plural(teams.length, 'team')}</span> : null}
        </header>
        {error ? (
          <div className="panel__body">
            <FormAlert>{readActionError(error)}</FormAlert>
          </div>
        ) : null}
        {teams && teams.length === 0 ? (
          <p className="panel__empty">You are not in any team yet. Create one above, or ask a team admin to invite you.</p>
        ) : null}
        {teams && teams.length > 0 ? (
          <table className="table" data-testid="teams-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Your role</th>
                <th scope="col">Members</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {teams.map((team) => (
                <tr key={team.id}>
                  <th scope="row">
                    <Link to={`/teams/${encodeURIComponent(team.id)}`}>{team.name}</Link>
                  </th>
                  <td>
                    <RoleBadge role={team.myRole} />
                  </td>
                  <td>{plural(team.members.length, 'member')}</td>
                  <td>{formatDate(team.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {!teams && fetching ? <p className="panel__empty">Loading…</p> : null}
      </section>
    </section>
  );
}
