import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation } from 'urql';
import { RequestPasswordResetDocument } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readFormErrors } from '../../../shared/forms/form-errors.ts';
import { TextField } from '../../../shared/forms/text-field.tsx';
import { AuthCard } from './auth-card.tsx';

const FIELDS = ['email'];

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [result, requestReset] = useMutation(RequestPasswordResetDocument);
  const errors = readFormErrors(result.error, FIELDS);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const address = email.trim();
    const answer = await requestReset({ email: address });
    if (answer.data) setSentTo(address);
  }

  return (
    <AuthCard
      title="Reset your password"
      subtitle="We will e-mail you a link to choose a new one."
      footer={
        <p>
          Remembered it? <Link to="/login">Sign in</Link>
        </p>
      }
    >
      {sentTo ? (
        <FormAlert tone="success" testId="reset-sent">
          If an account uses <strong>{sentTo}</strong>, an e-mail with a reset link is on its way. The link works once and
          expires soon.
        </FormAlert>
      ) : null}
      {errors.form ? <FormAlert testId="form-error">{errors.form}</FormAlert> : null}
      <form className="form" onSubmit={(event) => void onSubmit(event)} aria-label="Reset your password">
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
          <button type="submit" className="button button--primary" disabled={result.fetching} data-testid="forgot-submit">
            {result.fetching ? 'Sending…' : sentTo ? 'Send again' : 'Send the link'}
          </button>
        </div>
      </form>
    </AuthCard>
  );
}
