import type { PayloadWarningFragment } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';

/** Accepted, but worth a look: what the API said about a change it made. */
export function WarningsAlert({ warnings }: { warnings: readonly PayloadWarningFragment[] }) {
  if (warnings.length === 0) return null;
  return (
    <FormAlert tone="warning" testId="warnings">
      <strong>Saved, with {warnings.length === 1 ? 'a warning' : 'warnings'}:</strong>
      <ul className="alert__list">
        {warnings.map((warning, index) => (
          <li key={`${warning.code}-${index}`}>{warning.message}</li>
        ))}
      </ul>
    </FormAlert>
  );
}
