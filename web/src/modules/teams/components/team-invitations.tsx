import { useMutation } from 'urql';
import { CancelTeamInvitationDocument, type TeamDetailFragment } from '../../../gql/graphql.ts';
import { ConfirmButton } from '../../../shared/forms/confirm-button.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { formatDate } from '../../../shared/format.ts';
import { RoleBadge } from '../../access/components/role-badge.tsx';
import { TEAM_REQUEST_CONTEXT } from '../team-requests.ts';

/** Invitations of the team waiting for an answer, as the admins see them: the address they typed, nothing more. */
export function TeamInvitations({ team }: { team: TeamDetailFragment }) {
  const [cancelResult, cancel] = useMutation(CancelTeamInvitationDocument);
  const error = readActionError(cancelResult.error);
  return (
    <section className="panel" aria-labelledby="invitations-title" aria-busy={cancelResult.fetching}>
      <header className="panel__header">
        <div>
          <h2 id="invitations-title" className="panel__title">
            Pending invitations
          </h2>
          <p className="panel__subtitle">People join once they accept. An invitation lapses after two weeks; invite again to renew it.</p>
        </div>
      </header>
      {error ? (
        <div className="panel__body">
          <FormAlert>{error}</FormAlert>
        </div>
      ) : null}
      {team.invitations.length === 0 ? (
        <p className="panel__empty" data-testid="no-invitations">
          No invitation is waiting for an answer.
        </p>
      ) : (
        <table className="table" data-testid="invitations-table">
          <thead>
            <tr>
              <th scope="col">E-mail</th>
              <th scope="col">Role</th>
              <th scope="col">Invited by</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {team.invitations.map((invitation) => (
              <tr key={invitation.id} data-testid="invitation-row" data-status={invitation.status}>
                <th scope="row">{invitation.email}</th>
                <td>
                  <RoleBadge role={invitation.role} />
                </td>
                <td>{invitation.invitedBy?.name ?? <span className="muted">—</span>}</td>
                <td>{invitation.status === 'EXPIRED' ? <span className="muted">expired</span> : formatDate(invitation.expiresAt)}</td>
                <td className="table__actions">
                  <ConfirmButton
                    question={`Withdraw the invitation of ${invitation.email}?`}
                    confirmLabel="Withdraw"
                    disabled={cancelResult.fetching}
                    onConfirm={() => void cancel({ id: invitation.id }, TEAM_REQUEST_CONTEXT)}
                    testId="cancel-invitation"
                  >
                    Withdraw
                  </ConfirmButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
