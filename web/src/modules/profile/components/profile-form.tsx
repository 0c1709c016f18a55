import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { useSession, useSessionServices } from '../../../app/session/session-context.ts';
import { UpdateProfileDocument } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { onField, readFormErrors } from '../../../shared/forms/form-errors.ts';
import { TextField } from '../../../shared/forms/text-field.tsx';

const FIELDS = ['name', 'email'];

export function ProfileForm() {
  const { user } = useSession();
  const { store } = useSessionServices();
  const [name, setName] = useState(user?.name ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [saved, setSaved] = useState(false);
  const [result, updateProfile] = useMutation(UpdateProfileDocument);
  const errors = onField(readFormErrors(result.error, FIELDS), 'CONFLICT', 'email');

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const answer = await updateProfile({ input: { name: name.trim(), email: email.trim() } });
    if (answer.data) {
      store.setUser(answer.data.updateProfile);
      setSaved(true);
    }
  }

  return (
    <section className="panel" aria-labelledby="profile-details-title">
      <header className="panel__header">
        <div>
          <h2 id="profile-details-title" className="panel__title">
            Name and e-mail
          </h2>
          <p className="panel__subtitle">You sign in with this e-mail address; password reset links go there too.</p>
        </div>
      </header>
      <form className="form panel__body" onSubmit={(event) => void onSubmit(event)} aria-labelledby="profile-details-title">
        {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
        {saved ? <FormAlert tone="success">Saved.</FormAlert> : null}
        <TextField
          label="Name"
          name="name"
          error={errors.fields.name}
          autoComplete="name"
          required
          maxLength={100}
          value={name}
          onValueChange={setName}
        />
        <TextField
          label="E-mail"
          name="email"
          error={errors.fields.email}
          type="email"
          autoComplete="email"
          required
          value={email}
          onValueChange={setEmail}
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={result.fetching}>
            {result.fetching ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </section>
  );
}
