import type { Role } from '../../../gql/graphql.ts';
import { ROLE_LABELS } from '../roles.ts';

export function RoleBadge({ role }: { role: Role | null | undefined }) {
  if (!role) return <span className="badge badge--none">No role</span>;
  return <span className={`badge badge--role-${role.toLowerCase()}`}>{ROLE_LABELS[role]}</span>;
}
