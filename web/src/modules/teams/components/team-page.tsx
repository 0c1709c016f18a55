import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { TeamDocument } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { formatDate, plural } from '../../../shared/format.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { RoleBadge } from '../../access/components/role-badge.tsx';
import { roleAtLeast } from '../../access/roles.ts';
import { TEAM_REQUEST_CONTEXT } from '../team-requests.ts';
import { InviteMemberForm } from './invite-member-form.tsx';
import { RenameTeamForm } from './rename-team-form.tsx';
import { TeamDangerZone } from './team-danger-zone.tsx';
import { TeamInvitations } from './team-invitations.tsx';
import { TeamMembers } from './team-members.tsx';

export function TeamPage() {
  const { id = '' } = useParams();
  const [{ data, fetching, error }] = useQuery({ query: TeamDocument, variables: { id }, context: TEAM_REQUEST_CONTEXT });
  const team = data?.team;
  usePageTitle(team?.name ?? 'Team');

  if (!team) {
    return (
      <section className="page" aria-labelledby="team-title" aria-busy={fetching}>
        <header className="page__header">
          <p className="breadcrumbs">
            <Link to="/teams">Teams</Link>
          </p>
          <h1 id="team-title" className="page__title">
            {fetching ? 'Loading team…' : 'Team not found'}
          </h1>
        </header>
        {error ? <FormAlert>{readActionError(error)}</FormAlert> : null}
        {!fetching && !error ? <p>This team does not exist, or you are not one of its members.</p> : null}
      </section>
    );
  }

  const isAdmin = roleAtLeast(team.myRole, 'ADMIN');
  return (
    <section className="page" aria-labelledby="team-title">
      <header className="page__header">
        <p className="breadcrumbs">
          <Link to="/teams">Teams</Link>
        </p>
        <div className="page__title-row">
          <h1 id="team-title" className="page__title" data-testid="team-title">
            {team.name}
          </h1>
          <RoleBadge role={team.myRole} />
        </div>
        <p className="page__subtitle">
          {plural(team.members.length, 'member')} · created {formatDate(team.createdAt)}
        </p>
      </header>

      {isAdmin ? <RenameTeamForm key={team.name} team={team} /> : null}
      <TeamMembers team={team} />
      {isAdmin ? <TeamInvitations team={team} /> : null}
      {isAdmin ? <InviteMemberForm teamId={team.id} /> : null}
      <TeamDangerZone team={team} />
    </section>
  );
}
