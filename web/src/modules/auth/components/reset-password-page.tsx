import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import type { NavigationNotes } from '../../../app/location-state.ts';
import { useSessionServices } from '../../../app/session/session-context.ts';
import { ResetPasswordDocument } from '../../../gql/graphql.ts';
import { Field } from '../../../shared/forms/field.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readFormErrors } from '../../../shared/forms/form-errors.ts';
import { PASSWORD_HINT, PASSWORD_MIN_LENGTH, repeatError } from '../passwords.ts';
import { AuthCard } from './auth-card.tsx';

const FIELDS = ['newPassword'];

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const { store } = useSessionServices();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [repeatTouched, setRepeatTouched] = useState(false);
  const [result, resetPassword] = useMutation(ResetPasswordDocument);
  const errors = readFormErrors(result.error, FIELDS);
  const mismatch = repeatError(password, repeat, repeatTouched);

  if (!token) {
    return (
      <AuthCard title="Reset your password">
        <FormAlert tone="warning">
          This page needs the link from the reset e-mail. <Link to="/forgot-password">Ask for a new link</Link>.
        </FormAlert>
      </AuthCard>
    );
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setRepeatTouched(true);
    if (password !== repeat) return;
    const answer = await resetPassword({ input: { token, newPassword: password } });
    if (!answer.data) return;
    // A reset ends every session of the account, this browser's included.
    store.clear();
    const notes: NavigationNotes = { passwordReset: true };
    navigate('/login', { replace: true, state: notes });
  }

  return (
    <AuthCard title="Choose a new password" subtitle="Every session of your account ends once it is changed.">
      {errors.form ? (
        <FormAlert testId="form-error">
          {errors.form} {errors.code === 'UNAUTHENTICATED' ? <Link to="/forgot-password">Ask for a new link</Link> : null}
        </FormAlert>
      ) : null}
      <form className="form" onSubmit={(event) => void onSubmit(event)} aria-label="Choose a new password">
        <Field label="New password" name="newPassword" error={errors.fields.newPassword} hint={PASSWORD_HINT}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="password"
              autoComplete="new-password"
              required
              minLength={PASSWORD_MIN_LENGTH}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
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
          <button type="submit" className="button button--primary" disabled={result.fetching} data-testid="reset-submit">
            {result.fetching ? 'Saving…' : 'Set the new password'}
          </button>
        </div>
      </form>
    </AuthCard>
  );
}
