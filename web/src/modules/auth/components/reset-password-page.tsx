import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import type { NavigationNotes } from '../../../app/location-state.ts';
import { useSessionServices } from '../../../app/session/session-context.ts';
import { ResetPasswordDocument } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readFormErrors } from '../../../shared/forms/form-errors.ts';
import { repeatError } from '../passwords.ts';
import { AuthCard } from './auth-card.tsx';
import { NewPasswordFields } from './new-password-fields.tsx';

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
        <NewPasswordFields
          password={password}
          onPasswordChange={setPassword}
          repeat={repeat}
          onRepeatChange={setRepeat}
          passwordError={errors.fields.newPassword}
          repeatError={mismatch}
          onRepeatBlur={() => setRepeatTouched(true)}
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={result.fetching} data-testid="reset-submit">
            {result.fetching ? 'Saving…' : 'Set the new password'}
          </button>
        </div>
      </form>
    </AuthCard>
  );
}
