import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { useSessionServices } from '../../../app/session/session-context.ts';
import { ChangePasswordDocument } from '../../../gql/graphql.ts';
import { Field } from '../../../shared/forms/field.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readFormErrors } from '../../../shared/forms/form-errors.ts';
import { PASSWORD_HINT, PASSWORD_MIN_LENGTH, repeatError } from '../../auth/passwords.ts';

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
        <Field label="Current password" name="currentPassword" error={errors.fields.currentPassword}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="password"
              autoComplete="current-password"
              required
              value={current}
              onChange={(event) => setCurrent(event.target.value)}
            />
          )}
        </Field>
        <Field label="New password" name="newPassword" error={errors.fields.newPassword} hint={PASSWORD_HINT}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="password"
              autoComplete="new-password"
              required
              minLength={PASSWORD_MIN_LENGTH}
              value={next}
              onChange={(event) => setNext(event.target.value)}
            />
          )}
        </Field>
        <Field label="Repeat the new password" name="repeatPassword" error={mismatch}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="password"
              autoComplete="new-password"
              required
              value={repeat}
              onChange={(event) => setRepeat(event.target.value)}
              onBlur={() => setRepeatTouched(true)}
            />
          )}
        </Field>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={result.fetching}>
            {result.fetching ? 'Changing…' : 'Change password'}
          </button>
        </div>
      </form>
    </section>
  );
}
