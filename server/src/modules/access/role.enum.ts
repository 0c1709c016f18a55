import { registerEnumType } from 'type-graphql';
import type { Role } from './access.model.js';

export enum RoleEnum {
  READ = 'read',
  WRITE = 'write',
  ADMIN = 'admin',
}
registerEnumType(RoleEnum, {
  name: 'Role',
  description: 'Access on an entity or in a team: READ < WRITE < ADMIN.',
  valuesConfig: {
    READ: { description: 'See it.' },
    WRITE: { description: 'See and change it.' },
    ADMIN: { description: 'Also delete, restore, grant and revoke; in a team, manage members.' },
  },
});

/** The enum's values are the stored role names. */
export function toRole(value: RoleEnum): Role {
  return value;
}

export function toRoleEnum(role: Role): RoleEnum {
  return role as RoleEnum;
}
