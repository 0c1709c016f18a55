import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { AddTeamMemberDocument, type Role } from '../../../gql/graphql.ts';
import { Field } from '../../../shared/forms/field.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readFormErrors } from '../../../shared/forms/form-errors.ts';
import { TextField } from '../../../shared/forms/text-field.tsx';
import { RoleSelect } from '../../access/components/role-select.tsx';
import { TEAM_REQUEST_CONTEXT } from '../team-requests.ts';

const FIELDS = ['email', 'role'];

export function AddMemberForm({ teamId }: { teamId: string }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('READ');
  const [added, setAdded] = useState<string | null>(null);
  const [result, addMember] = useMutation(AddTeamMemberDocument);
  const errors = readFormErrors(result.error, FIELDS);
  // "No account has this e-mail address" is about the e-mail field.
  if (errors.code === 'NOT_FOUND' && errors.form) {
    errors.fields = { ...errors.fields, email: errors.form };
    errors.form = null;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAdded(null);
    const address = email.trim();
    const answer = await addMember({ input: { teamId, email: address, role } }, TEAM_REQUEST_CONTEXT);
    if (answer.data) {
      setAdded(address);
      setEmail('');
    }
  }

  return (
    <section className="panel" aria-labelledby="add-member-title">
      <header className="panel__header">
        <div>
          <h2 id="add-member-title" className="panel__title">
            Add a member
          </h2>
          <p className="panel__subtitle">They need a Maestro account already.</p>
        </div>
      </header>
      <form className="form form--inline panel__body" onSubmit={(event) => void onSubmit(event)} aria-labelledby="add-member-title">
        {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
        {added ? <FormAlert tone="success">{added} was added.</FormAlert> : null}
        <TextField
          label="E-mail"
          name="email"
          error={errors.fields.email}
          className="field--grow"
          type="email"
          required
          value={email}
          onValueChange={setEmail}
        />
        <Field label="Role" name="role" error={errors.fields.role}>
          {(control) => <RoleSelect {...control} value={role} onChange={setRole} />}
        </Field>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={result.fetching}>
            {result.fetching ? 'Adding…' : 'Add member'}
          </button>
        </div>
      </form>
    </section>
  );
}
