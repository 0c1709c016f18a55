import type { Role } from '../../gql/graphql.ts';

/** Roles from weakest to strongest: READ < WRITE < ADMIN. */
export const ROLES: readonly Role[] = ['READ', 'WRITE', 'ADMIN'];

export const ROLE_LABELS: Record<Role, string> = { READ: 'Read', WRITE: 'Write', ADMIN: 'Admin' };

/** What a role allows on an entity. */
export const ENTITY_ROLE_HINTS: Record<Role, string> = {
  READ: 'can see it',
  WRITE: 'can see and change it',
  ADMIN: 'can also delete, restore and manage access',
};

/** What a role allows in a team. */
export const TEAM_ROLE_HINTS: Record<Role, string> = {
  READ: 'sees what the team can see',
  WRITE: 'also creates and changes things for the team',
  ADMIN: 'also manages members',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Whether `role` is at least `min`; no role is below every role. */
export function roleAtLeast(role: Role | null | undefined, min: Role): boolean {
  if (!role) return false;
  return ROLES.indexOf(role) >= ROLES.indexOf(min);
}
