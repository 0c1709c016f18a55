import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { InviteTeamMemberDocument, type Role } from '../../../gql/graphql.ts';
import { Field } from '../../../shared/forms/field.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { onField, readFormErrors } from '../../../shared/forms/form-errors.ts';
import { TextField } from '../../../shared/forms/text-field.tsx';
import { RoleSelect } from '../../access/components/role-select.tsx';
import { TEAM_REQUEST_CONTEXT } from '../team-requests.ts';

const FIELDS = ['email', 'role'];

/** Invites someone by e-mail address: they join once they accept. */
export function InviteMemberForm({ teamId }: { teamId: string }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('READ');
  const [invited, setInvited] = useState<string | null>(null);
  const [result, invite] = useMutation(InviteTeamMemberDocument);
  // "Already a member" is about the address typed.
  const errors = onField(readFormErrors(result.error, FIELDS), 'CONFLICT', 'email');

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setInvited(null);
    const address = email.trim();
    const answer = await invite({ input: { teamId, email: address, role } }, TEAM_REQUEST_CONTEXT);
    if (answer.data) {
      setInvited(address);
      setEmail('');
    }
  }

  return (
    <section className="panel" aria-labelledby="invite-member-title">
      <header className="panel__header">
        <div>
          <h2 id="invite-member-title" className="panel__title">
            Invite a member
          </h2>
          <p className="panel__subtitle">
            We e-mail an invitation to the address. They join with the role you choose once they accept it, signed in with
            that address (they can create an account with it).
          </p>
        </div>
      </header>
      <form className="form form--inline panel__body" onSubmit={(event) => void onSubmit(event)} aria-labelledby="invite-member-title">
        {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
        {invited ? (
          <FormAlert tone="success" testId="invite-sent">
            An invitation is on its way to {invited}.
          </FormAlert>
        ) : null}
        <TextField
          label="E-mail"
          name="email"
          error={errors.fields.email}
          className="field--grow"
          type="email"
          required
          data-testid="invite-email"
          value={email}
          onValueChange={setEmail}
        />
        <Field label="Role" name="role" error={errors.fields.role}>
          {(control) => <RoleSelect {...control} value={role} onChange={setRole} testId="invite-role" />}
        </Field>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={result.fetching} data-testid="invite-submit">
            {result.fetching ? 'Inviting…' : 'Invite'}
          </button>
        </div>
      </form>
    </section>
  );
}
