import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/types/node.type.js';
import { RoleEnum } from '../access/role.enum.js';
import type { TeamDoc } from './team.repository.js';

@ObjectType({ description: 'A member of a team and their role in it.' })
export class TeamMember {
  /** Hex id of the user, resolved by the `user` field. */
  userId!: string;

  @Field(() => RoleEnum)
  role!: RoleEnum;

  @Field(() => Date)
  addedAt!: Date;
}

@ObjectType({ implements: Node, description: 'People who work together; entities can be owned by and granted to a team.' })
export class Team extends Node {
  /** The stored team, for field resolvers. */
  doc!: TeamDoc;

  @Field(() => String)
  name!: string;

  @Field(() => Date)
  createdAt!: Date;
}

@InputType()
export class CreateTeamInput {
  @Field(() => String)
  name!: string;
}

@InputType()
export class TeamMemberInput {
  @Field(() => ID)
  teamId!: string;

  @Field(() => String, { nullable: true, description: 'The member, by e-mail address (among the team\'s members). Give this or userId.' })
  email?: string | null;

  @Field(() => ID, { nullable: true })
  userId?: string | null;

  @Field(() => RoleEnum, { nullable: true, description: 'The new role, for setTeamMemberRole.' })
  role?: RoleEnum | null;
}
