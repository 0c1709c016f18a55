import { createUnionType, Field, InputType, ID, ObjectType } from 'type-graphql';
import { RoleEnum } from './role.enum.js';
import { Node } from '../../graphql/types/node.type.js';
import { User } from '../identity/identity.type.js';
import { Team } from '../teams/team.type.js';

export const Principal = createUnionType({
  name: 'Principal',
  description: 'Who can hold a role: a user or a team.',
  types: () => [User, Team] as const,
});

@ObjectType({ description: 'A role on an entity held by a user or a team.' })
export class AccessGrant {
  @Field(() => Principal, { nullable: true, description: 'Null when the user or team no longer exists.' })
  principal!: User | Team | null;

  @Field(() => RoleEnum)
  role!: RoleEnum;

  @Field(() => Date)
  grantedAt!: Date;
}

@InputType()
export class GrantAccessInput {
  @Field(() => ID, { description: 'The entity.' })
  entityId!: string;

  @Field(() => ID, { nullable: true, description: 'The user or team (its id). Give this or userEmail.' })
  principalId?: string | null;

  @Field(() => String, { nullable: true, description: 'The user, by e-mail address. Give this or principalId.' })
  userEmail?: string | null;

  @Field(() => RoleEnum)
  role!: RoleEnum;
}

@InputType()
export class RevokeAccessInput {
  @Field(() => ID)
  entityId!: string;

  @Field(() => ID, { nullable: true })
  principalId?: string | null;

  @Field(() => String, { nullable: true })
  userEmail?: string | null;
}

@ObjectType()
export class AccessPayload {
  @Field(() => Node)
  entity!: Node;

  @Field(() => [AccessGrant])
  access!: AccessGrant[];
}
