import type { Role } from '../../../gql/graphql.ts';
import { ROLE_LABELS, ROLES, isRole } from '../roles.ts';

export interface RoleSelectProps {
  value: Role;
  onChange(role: Role): void;
  id?: string;
  name?: string;
  disabled?: boolean;
  /** For a select without a visible label, e.g. in a table row. */
  'aria-label'?: string;
  'aria-invalid'?: true | undefined;
  'aria-describedby'?: string | undefined;
  testId?: string;
}

export function RoleSelect({ value, onChange, testId, ...rest }: RoleSelectProps) {
  return (
    <select
      className="select"
      value={value}
      data-testid={testId}
      onChange={(event) => {
        if (isRole(event.target.value)) onChange(event.target.value);
      }}
      {...rest}
    >
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </select>
  );
}
