import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { GrantAccessDocument, TeamsDocument, type Role } from '../../../gql/graphql.ts';
import { Field } from '../../../shared/forms/field.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { onField, readFormErrors } from '../../../shared/forms/form-errors.ts';
import { TextField } from '../../../shared/forms/text-field.tsx';
import { TEAM_REQUEST_CONTEXT } from '../../teams/team-requests.ts';
import { RoleSelect } from './role-select.tsx';

const FIELDS = ['userEmail', 'principalId', 'role'];

type Grantee = 'user' | 'team';

/** Grants a role to a user by e-mail, or to one of the admin's teams. */
export function GrantAccessForm({ entityId }: { entityId: string }) {
  const id = useId();
  const [grantee, setGrantee] = useState<Grantee>('user');
  const [email, setEmail] = useState('');
  const [teamId, setTeamId] = useState('');
  const [role, setRole] = useState<Role>('READ');
  const [granted, setGranted] = useState<string | null>(null);
  const [{ data: teamsData }] = useQuery({ query: TeamsDocument, context: TEAM_REQUEST_CONTEXT });
  const [result, grantAccess] = useMutation(GrantAccessDocument);
  const teams = teamsData?.teams ?? [];
  // "No account has this e-mail address" / "No such team" are about the chosen field.
  const errors = onField(readFormErrors(result.error, FIELDS), 'NOT_FOUND', grantee === 'user' ? 'userEmail' : 'principalId');
  // With one way of naming the grantee shown, a problem with the other is shown on the one in view.
  const granteeError = grantee === 'user' ? (errors.fields.userEmail ?? errors.fields.principalId) : errors.fields.principalId;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setGranted(null);
    const input =
      grantee === 'user' ? { entityId, userEmail: email.trim(), role } : { entityId, principalId: teamId, role };
    const answer = await grantAccess({ input });
    if (!answer.data) return;
    const name = grantee === 'user' ? email.trim() : (teams.find((team) => team.id === teamId)?.name ?? 'The team');
    setGranted(`${name} now has the ${role.toLowerCase()} role.`);
    setEmail('');
  }

  return (
    <form className="form panel__body panel__body--divided" onSubmit={(event) => void onSubmit(event)} aria-labelledby={`${id}-title`} data-testid="grant-form">
      <h3 id={`${id}-title`} className="form__title">
        Grant a role
      </h3>
      {errors.form ? <FormAlert testId="grant-error">{errors.form}</FormAlert> : null}
      {granted ? <FormAlert tone="success">{granted}</FormAlert> : null}
      <fieldset className="segmented">
        <legend className="field__label">To</legend>
        <label className="segmented__option">
          <input
            type="radio"
            name={`${id}-grantee`}
            value="user"
            checked={grantee === 'user'}
            onChange={() => setGrantee('user')}
            data-testid="grantee-user"
          />
          <span>A person</span>
        </label>
        <label className="segmented__option">
          <input
            type="radio"
            name={`${id}-grantee`}
            value="team"
            checked={grantee === 'team'}
            onChange={() => setGrantee('team')}
            data-testid="grantee-team"
          />
          <span>One of your teams</span>
        </label>
      </fieldset>
      <div className="form__row">
        {grantee === 'user' ? (
          <TextField
            label="E-mail"
            name="userEmail"
            error={granteeError}
            className="field--grow"
            type="email"
            required
            data-testid="grant-email"
            value={email}
            onValueChange={setEmail}
          />
        ) : (
          <Field
            label="Team"
            name="principalId"
            error={granteeError}
            className="field--grow"
            hint={teams.length === 0 ? 'You are not in any team yet.' : undefined}
          >
            {(control) => (
              <select
                {...control}
                className="select"
                required
                value={teamId}
                onChange={(event) => setTeamId(event.target.value)}
                data-testid="grant-team"
              >
                <option value="" disabled>
                  Choose a team…
                </option>
                {teams.map((team) => (
                  <option key={team.id} value={team.id}>
                    {team.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label="Role" name="role" error={errors.fields.role}>
          {(control) => <RoleSelect {...control} value={role} onChange={setRole} testId="grant-role" />}
        </Field>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={result.fetching} data-testid="grant-submit">
            {result.fetching ? 'Granting…' : 'Grant'}
          </button>
        </div>
      </div>
    </form>
  );
}
