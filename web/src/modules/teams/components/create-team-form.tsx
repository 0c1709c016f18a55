import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { CreateTeamDocument } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readFormErrors } from '../../../shared/forms/form-errors.ts';
import { TextField } from '../../../shared/forms/text-field.tsx';
import { TEAM_REQUEST_CONTEXT } from '../team-requests.ts';

const FIELDS = ['name'];

export function CreateTeamForm() {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [result, createTeam] = useMutation(CreateTeamDocument);
  const errors = readFormErrors(result.error, FIELDS);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const answer = await createTeam({ input: { name: name.trim() } }, TEAM_REQUEST_CONTEXT);
    if (answer.data) navigate(`/teams/${encodeURIComponent(answer.data.createTeam.id)}`);
  }

  return (
    <section className="panel" aria-labelledby="create-team-title">
      <header className="panel__header">
        <div>
          <h2 id="create-team-title" className="panel__title">
            New team
          </h2>
          <p className="panel__subtitle">You become its admin and can invite members next.</p>
        </div>
      </header>
      <form className="form form--inline panel__body" onSubmit={(event) => void onSubmit(event)} aria-labelledby="create-team-title">
        {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
        <TextField
          label="Team name"
          name="name"
          error={errors.fields.name}
          className="field--grow"
          required
          maxLength={100}
          data-testid="team-name-input"
          value={name}
          onValueChange={setName}
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={result.fetching} data-testid="create-team-submit">
            {result.fetching ? 'Creating…' : 'Create team'}
          </button>
        </div>
      </form>
    </section>
  );
}
