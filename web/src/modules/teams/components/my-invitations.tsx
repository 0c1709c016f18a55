import { useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { AcceptTeamInvitationDocument, DeclineTeamInvitationDocument, MyInvitationsDocument } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { formatDate } from '../../../shared/format.ts';
import { RoleBadge } from '../../access/components/role-badge.tsx';
import { TEAM_REQUEST_CONTEXT } from '../team-requests.ts';

/**
 * Invitations to teams addressed to the signed-in user's e-mail, to accept
 * (joining the team) or decline. `hideWhenEmpty` keeps it out of the way on
 * the teams page.
 */
export function MyInvitations({ hideWhenEmpty = false }: { hideWhenEmpty?: boolean }) {
  const navigate = useNavigate();
  const [{ data, fetching, error }] = useQuery({ query: MyInvitationsDocument, context: TEAM_REQUEST_CONTEXT });
  const [acceptResult, accept] = useMutation(AcceptTeamInvitationDocument);
  const [declineResult, decline] = useMutation(DeclineTeamInvitationDocument);
  const invitations = data?.myInvitations ?? [];
  const actionError = readActionError(acceptResult.error) ?? readActionError(declineResult.error) ?? readActionError(error);
  const busy = acceptResult.fetching || declineResult.fetching;
  if (hideWhenEmpty && invitations.length === 0 && !actionError) return null;

  async function onAccept(id: string) {
    const answer = await accept({ id }, TEAM_REQUEST_CONTEXT);
    if (answer.data) navigate(`/teams/${encodeURIComponent(answer.data.acceptTeamInvitation.id)}`);
  }

  return (
    <section className="panel" aria-labelledby="my-invitations-title" aria-busy={fetching || busy}>
      <header className="panel__header">
        <div>
          <h2 id="my-invitations-title" className="panel__title">
            Invitations for you
          </h2>
          <p className="panel__subtitle">Teams that invited your e-mail address. Accept to join with the role they chose.</p>
        </div>
      </header>
      {actionError ? (
        <div className="panel__body">
          <FormAlert>{actionError}</FormAlert>
        </div>
      ) : null}
      {invitations.length === 0 ? (
        <p className="panel__empty" data-testid="no-invitations-for-me">
          {fetching ? 'Loading…' : 'No invitation is waiting for you.'}
        </p>
      ) : (
        <table className="table" data-testid="my-invitations-table">
          <thead>
            <tr>
              <th scope="col">Team</th>
              <th scope="col">Role</th>
              <th scope="col">Invited by</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Answer</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invitations.map((invitation) => (
              <tr key={invitation.id} data-testid="my-invitation-row" data-team={invitation.team?.name}>
                <th scope="row">{invitation.team?.name ?? <span className="muted">Deleted team</span>}</th>
                <td>
                  <RoleBadge role={invitation.role} />
                </td>
                <td>{invitation.invitedBy?.name ?? <span className="muted">—</span>}</td>
                <td>{formatDate(invitation.expiresAt)}</td>
                <td className="table__actions">
                  <button
                    type="button"
                    className="button button--primary"
                    disabled={busy}
                    onClick={() => void onAccept(invitation.id)}
                    data-testid="accept-invitation"
                  >
                    Accept
                  </button>
                  <button
                    type="button"
                    className="button"
                    disabled={busy}
                    onClick={() => void decline({ id: invitation.id }, TEAM_REQUEST_CONTEXT)}
                    data-testid="decline-invitation"
                  >
                    Decline
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
