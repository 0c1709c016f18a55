import { useMutation } from 'urql';
import { useSession } from '../../../app/session/session-context.ts';
import { RemoveTeamMemberDocument, SetTeamMemberRoleDocument, type Role, type TeamDetailFragment } from '../../../gql/graphql.ts';
import { ConfirmButton } from '../../../shared/forms/confirm-button.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { formatDate } from '../../../shared/format.ts';
import { RoleBadge } from '../../access/components/role-badge.tsx';
import { RoleSelect } from '../../access/components/role-select.tsx';
import { TEAM_ROLE_HINTS, roleAtLeast } from '../../access/roles.ts';
import { TEAM_REQUEST_CONTEXT } from '../team-requests.ts';

export function TeamMembers({ team }: { team: TeamDetailFragment }) {
  const { user: me } = useSession();
  const isAdmin = roleAtLeast(team.myRole, 'ADMIN');
  const [roleResult, setRole] = useMutation(SetTeamMemberRoleDocument);
  const [removeResult, removeMember] = useMutation(RemoveTeamMemberDocument);
  const actionError = readActionError(roleResult.error) ?? readActionError(removeResult.error);
  const busy = roleResult.fetching || removeResult.fetching;

  function changeRole(userId: string, role: Role) {
    void setRole({ input: { teamId: team.id, userId, role } }, TEAM_REQUEST_CONTEXT);
  }

  return (
    <section className="panel" aria-labelledby="members-title" aria-busy={busy}>
      <header className="panel__header">
        <div>
          <h2 id="members-title" className="panel__title">
            Members
          </h2>
          <p className="panel__subtitle">
            Read: {TEAM_ROLE_HINTS.READ}. Write: {TEAM_ROLE_HINTS.WRITE}. Admin: {TEAM_ROLE_HINTS.ADMIN}.
          </p>
        </div>
      </header>
      {actionError ? (
        <div className="panel__body">
          <FormAlert testId="members-error">{actionError}</FormAlert>
        </div>
      ) : null}
      <table className="table" data-testid="members-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <th scope="col">Added</th>
            {isAdmin ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {team.members.map((member, index) => {
            const user = member.user;
            const isMe = user !== null && user.id === me?.id;
            return (
              <tr key={user?.id ?? `gone-${index}`} data-testid="member-row">
                <th scope="row">
                  {user ? user.name : <span className="muted">Deleted user</span>}
                  {isMe ? <span className="muted"> (you)</span> : null}
                </th>
                <td>{user?.email ?? <span className="muted">—</span>}</td>
                <td>
                  {isAdmin && user ? (
                    <RoleSelect
                      value={member.role}
                      aria-label={`Role of ${user.name}`}
                      disabled={busy}
                      onChange={(role) => changeRole(user.id, role)}
                    />
                  ) : (
                    <RoleBadge role={member.role} />
                  )}
                </td>
                <td>{formatDate(member.addedAt)}</td>
                {isAdmin ? (
                  <td className="table__actions">
                    {user && !isMe ? (
                      <ConfirmButton
                        question={`Remove ${user.name}?`}
                        confirmLabel="Remove"
                        disabled={busy}
                        onConfirm={() => void removeMember({ input: { teamId: team.id, userId: user.id } }, TEAM_REQUEST_CONTEXT)}
                      >
                        Remove
                      </ConfirmButton>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
