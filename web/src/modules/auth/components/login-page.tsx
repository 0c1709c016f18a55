import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { readNavigationNotes } from '../../../app/location-state.ts';
import { useSession, useSessionServices } from '../../../app/session/session-context.ts';
import { safeNextPath } from '../../../app/session/next-path.ts';
import { isSignedIn } from '../../../app/session/session-store.ts';
import { LoginDocument } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readFormErrors } from '../../../shared/forms/form-errors.ts';
import { TextField } from '../../../shared/forms/text-field.tsx';
import { AuthCard } from './auth-card.tsx';

const FIELDS = ['email', 'password'];

export function LoginPage() {
  const session = useSession();
  const { store } = useSessionServices();
  const location = useLocation();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const notes = readNavigationNotes(location.state);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [result, login] = useMutation(LoginDocument);
  const errors = readFormErrors(result.error, FIELDS);

  // Signed in (now, or already): go where the visitor was heading.
  if (isSignedIn(session)) return <Navigate to={next} replace />;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const answer = await login({ input: { email: email.trim(), password } });
    if (answer.data) store.signIn(answer.data.login);
  }

  const signupPath = params.get('next') ? `/signup?next=${encodeURIComponent(next)}` : '/signup';
  return (
    <AuthCard
      title="Sign in"
      subtitle="Welcome back to Maestro."
      footer={
        <p>
          New here? <Link to={signupPath}>Create an account</Link>
        </p>
      }
    >
      {notes.sessionEnded || session.endedBy === 'expiry' ? (
        <FormAlert tone="warning" testId="session-ended">
          Your session has ended. Sign in again to continue.
        </FormAlert>
      ) : null}
      {notes.signedOut || session.endedBy === 'logout' ? (
        <FormAlert tone="info" testId="signed-out">
          You are signed out.
        </FormAlert>
      ) : null}
      {notes.passwordReset ? <FormAlert tone="success">Your password was changed. Sign in with the new one.</FormAlert> : null}
      {errors.form ? <FormAlert testId="form-error">{errors.form}</FormAlert> : null}
      <form className="form" onSubmit={(event) => void onSubmit(event)} aria-label="Sign in">
        <TextField
          label="E-mail"
          name="email"
          error={errors.fields.email}
          type="email"
          autoComplete="username"
          required
          value={email}
          onValueChange={setEmail}
        />
        <TextField
          label="Password"
          name="password"
          error={errors.fields.password}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onValueChange={setPassword}
        />
        <div className="form__actions form__actions--spread">
          <Link to="/forgot-password">Forgot your password?</Link>
          <button type="submit" className="button button--primary" disabled={result.fetching} data-testid="login-submit">
            {result.fetching ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
      </form>
    </AuthCard>
  );
}
