import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { useSessionServices } from '../../../app/session/session-context.ts';
import { ChangePasswordDocument } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readFormErrors } from '../../../shared/forms/form-errors.ts';
import { TextField } from '../../../shared/forms/text-field.tsx';
import { NewPasswordFields } from '../../auth/components/new-password-fields.tsx';
import { repeatError } from '../../auth/passwords.ts';

const FIELDS = ['currentPassword', 'newPassword'];

export function PasswordForm() {
  const { store } = useSessionServices();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [repeatTouched, setRepeatTouched] = useState(false);
  const [changed, setChanged] = useState(false);
  const [result, changePassword] = useMutation(ChangePasswordDocument);
  const errors = readFormErrors(result.error, FIELDS);
  const mismatch = repeatError(next, repeat, repeatTouched);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChanged(false);
    setRepeatTouched(true);
    if (next !== repeat) return;
    const answer = await changePassword({ input: { currentPassword: current, newPassword: next } });
    if (!answer.data) return;
    // Every other session ended; these tokens keep this one.
    store.signIn(answer.data.changePassword);
    setCurrent('');
    setNext('');
    setRepeat('');
    setRepeatTouched(false);
    setChanged(true);
  }

  return (
    <section className="panel" aria-labelledby="password-title">
      <header className="panel__header">
        <div>
          <h2 id="password-title" className="panel__title">
            Password
          </h2>
          <p className="panel__subtitle">Changing it signs you out everywhere else.</p>
        </div>
      </header>
      <form className="form panel__body" onSubmit={(event) => void onSubmit(event)} aria-labelledby="password-title">
        {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
        {changed ? <FormAlert tone="success">Password changed. Your other sessions were signed out.</FormAlert> : null}
        <TextField
          label="Current password"
          name="currentPassword"
          error={errors.fields.currentPassword}
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onValueChange={setCurrent}
        />
        <NewPasswordFields
          password={next}
          onPasswordChange={setNext}
          repeat={repeat}
          onRepeatChange={setRepeat}
          passwordError={errors.fields.newPassword}
          repeatError={mismatch}
          onRepeatBlur={() => setRepeatTouched(true)}
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={result.fetching}>
            {result.fetching ? 'Changing…' : 'Change password'}
          </button>
        </div>
      </form>
    </section>
  );
}
