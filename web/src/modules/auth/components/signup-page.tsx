import { useState, type FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { useSession, useSessionServices } from '../../../app/session/session-context.ts';
import { safeNextPath } from '../../../app/session/next-path.ts';
import { isSignedIn } from '../../../app/session/session-store.ts';
import { SignupDocument } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { onField, readFormErrors } from '../../../shared/forms/form-errors.ts';
import { TextField } from '../../../shared/forms/text-field.tsx';
import { PASSWORD_HINT, PASSWORD_MIN_LENGTH } from '../passwords.ts';
import { AuthCard } from './auth-card.tsx';

const FIELDS = ['name', 'email', 'password'];

export function SignupPage() {
  const session = useSession();
  const { store } = useSessionServices();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [result, signup] = useMutation(SignupDocument);
  // "An account with this e-mail already exists" is about the e-mail field.
  const errors = onField(readFormErrors(result.error, FIELDS), 'CONFLICT', 'email');

  if (isSignedIn(session)) return <Navigate to={next} replace />;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const answer = await signup({ input: { name: name.trim(), email: email.trim(), password } });
    if (answer.data) store.signIn(answer.data.signup);
  }

  return (
    <AuthCard
      title="Create your account"
      subtitle="Register your infrastructure, share it with your teams."
      footer={
        <p>
          Already have an account? <Link to="/login">Sign in</Link>
        </p>
      }
    >
      {errors.form ? <FormAlert testId="form-error">{errors.form}</FormAlert> : null}
      <form className="form" onSubmit={(event) => void onSubmit(event)} aria-label="Create your account">
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
        <TextField
          label="Password"
          name="password"
          error={errors.fields.password}
          hint={PASSWORD_HINT}
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          value={password}
          onValueChange={setPassword}
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={result.fetching} data-testid="signup-submit">
            {result.fetching ? 'Creating your account…' : 'Create account'}
          </button>
        </div>
      </form>
    </AuthCard>
  );
}
