import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { RenameTeamDocument, type TeamDetailFragment } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readFormErrors } from '../../../shared/forms/form-errors.ts';
import { TextField } from '../../../shared/forms/text-field.tsx';
import { TEAM_REQUEST_CONTEXT } from '../team-requests.ts';

const FIELDS = ['name'];

export function RenameTeamForm({ team }: { team: TeamDetailFragment }) {
  const [name, setName] = useState(team.name);
  const [result, renameTeam] = useMutation(RenameTeamDocument);
  const errors = readFormErrors(result.error, FIELDS);
  const unchanged = name.trim() === team.name;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await renameTeam({ id: team.id, name: name.trim() }, TEAM_REQUEST_CONTEXT);
  }

  return (
    <section className="panel" aria-labelledby="rename-team-title">
      <header className="panel__header">
        <h2 id="rename-team-title" className="panel__title">
          Name
        </h2>
      </header>
      <form className="form form--inline panel__body" onSubmit={(event) => void onSubmit(event)} aria-labelledby="rename-team-title">
        {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
        <TextField
          label="Team name"
          name="name"
          error={errors.fields.name}
          className="field--grow"
          required
          maxLength={100}
          value={name}
          onValueChange={setName}
        />
        <div className="form__actions">
          <button type="submit" className="button" disabled={result.fetching || unchanged}>
            {result.fetching ? 'Renaming…' : 'Rename'}
          </button>
        </div>
      </form>
    </section>
  );
}
