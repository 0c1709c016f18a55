import type { PayloadWarningFragment } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import type { InventoryTypeDef } from '../inventory-model.ts';
import { pathLabel } from '../item-values.ts';
import { NodeLink } from './node-link.tsx';

/** Links to the other items a warning is about (those the reader can see), e.g. the servers that already have this IP. */
export function WarningItems({ warning }: { warning: PayloadWarningFragment }) {
  if (warning.items.length === 0) return null;
  return (
    <ul className="warning-items" aria-label="Items it is about" data-testid="warning-items">
      {warning.items.map((item) => (
        <li key={item.id}>
          <NodeLink node={item} detail={false} />
        </li>
      ))}
    </ul>
  );
}

/** Accepted, but worth a look: what the API said about a change it made, with the field each warning is about. */
export function WarningsAlert({ def, warnings }: { def: InventoryTypeDef; warnings: readonly PayloadWarningFragment[] }) {
  if (warnings.length === 0) return null;
  return (
    <FormAlert tone="warning" testId="warnings">
      <strong>Saved, with {warnings.length === 1 ? 'a warning' : 'warnings'}:</strong>
      <ul className="alert__list">
        {warnings.map((warning, index) => {
          const label = warning.path ? pathLabel(def, warning.path) : null;
          return (
            <li key={`${warning.code}-${index}`} data-testid="warning" data-path={warning.path ?? ''} data-code={warning.code}>
              {label ? <strong>{label}: </strong> : null}
              {warning.message}
              <WarningItems warning={warning} />
            </li>
          );
        })}
      </ul>
    </FormAlert>
  );
}
