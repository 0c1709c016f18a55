import { useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { useSession, useSessionServices } from '../../../app/session/session-context.ts';
import { DeleteTeamDocument, RemoveTeamMemberDocument, type TeamDetailFragment } from '../../../gql/graphql.ts';
import { ConfirmButton } from '../../../shared/forms/confirm-button.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { roleAtLeast } from '../../access/roles.ts';
import { TEAM_REQUEST_CONTEXT } from '../team-requests.ts';

/** Leave the team (any member) or delete it (admins). */
export function TeamDangerZone({ team }: { team: TeamDetailFragment }) {
  const navigate = useNavigate();
  const session = useSession();
  const { store } = useSessionServices();
  const [leaveResult, leave] = useMutation(RemoveTeamMemberDocument);
  const [deleteResult, deleteTeam] = useMutation(DeleteTeamDocument);
  const error = readActionError(leaveResult.error) ?? readActionError(deleteResult.error);
  const isAdmin = roleAtLeast(team.myRole, 'ADMIN');
  const me = session.user;

  function gone() {
    if (session.workspace === team.id) store.setWorkspace(null);
    navigate('/teams', { replace: true });
  }

  async function onLeave() {
    if (!me) return;
    const answer = await leave({ input: { teamId: team.id, userId: me.id } }, TEAM_REQUEST_CONTEXT);
    if (answer.data) gone();
  }

  async function onDelete() {
    const answer = await deleteTeam({ id: team.id }, TEAM_REQUEST_CONTEXT);
    if (answer.data) gone();
  }

  return (
    <section className="panel panel--danger" aria-labelledby="team-danger-title">
      <header className="panel__header">
        <div>
          <h2 id="team-danger-title" className="panel__title">
            Leave or delete
          </h2>
          <p className="panel__subtitle">
            A team keeps at least one admin. A team that is the only admin of something cannot be deleted.
          </p>
        </div>
      </header>
      <div className="panel__body panel__body--row">
        {error ? <FormAlert testId="team-danger-error">{error}</FormAlert> : null}
        <ConfirmButton
          question="Leave this team?"
          confirmLabel="Leave"
          disabled={leaveResult.fetching || !me}
          onConfirm={() => void onLeave()}
          testId="leave-team"
        >
          Leave team
        </ConfirmButton>
        {isAdmin ? (
          <ConfirmButton
            question={`Delete ${team.name} for every member?`}
            confirmLabel="Delete team"
            disabled={deleteResult.fetching}
            onConfirm={() => void onDelete()}
            testId="delete-team"
          >
            Delete team
          </ConfirmButton>
        ) : null}
      </div>
    </section>
  );
}
