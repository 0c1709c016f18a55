import type { TestConnectionMutation } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';

export type TestAnswer = TestConnectionMutation['testConnection'];

/** What the provider said of the credentials: the account reached, or why not, in its words. */
export function TestResult({ answer }: { answer: TestAnswer }) {
  return (
    <FormAlert tone={answer.ok ? 'success' : 'error'} testId="test-result">
      <span data-ok={answer.ok ? 'true' : 'false'}>
        {answer.ok ? (
          <>
            Connected to account <strong data-testid="test-account">{answer.accountId ?? 'unknown'}</strong>
            {answer.arn ? <span className="muted value--break"> as {answer.arn}</span> : null}.
          </>
        ) : (
          <>
            <strong>The provider refused:</strong> <span className="value--break" data-testid="test-message">{answer.message}</span>
          </>
        )}
      </span>
    </FormAlert>
  );
}
