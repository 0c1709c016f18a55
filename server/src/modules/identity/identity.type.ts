import { Field, InputType, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/types/node.type.js';
import { toGlobalId } from '../../shared/ids.js';
import type { UserProfile } from './identity.repository.js';

@ObjectType({ implements: Node, description: 'A person who signs in to Maestro.' })
export class User extends Node {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Shown only to the user themselves and to their team mates.' })
  email!: string | null;

  @Field(() => Date, { nullable: true })
  createdAt!: Date | null;
}

/** A user as others see them: e-mail only when `showEmail`. */
export function toUser(doc: UserProfile, showEmail: boolean): User {
  return Object.assign(new User(), {
    id: toGlobalId('User', doc._id),
    name: doc.name,
    email: showEmail ? doc.email : null,
    createdAt: showEmail ? doc.createdAt : null,
  });
}

@ObjectType()
export class AuthPayload {
  @Field(() => String, { description: 'Send as `Authorization: Bearer <accessToken>`. Short-lived.' })
  accessToken!: string;

  @Field(() => Date)
  accessTokenExpiresAt!: Date;

  @Field(() => String, { description: 'Spend with `refreshToken` for a new pair. Single use.' })
  refreshToken!: string;

  @Field(() => User)
  user!: User;
}

@InputType()
export class SignupInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;

  @Field(() => String)
  name!: string;
}

@InputType()
export class LoginInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;
}

@InputType()
export class UpdateProfileInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;
}

@InputType()
export class ChangePasswordInput {
  @Field(() => String)
  currentPassword!: string;

  @Field(() => String)
  newPassword!: string;
}

@InputType()
export class ResetPasswordInput {
  @Field(() => String, { description: 'The token from the reset link.' })
  token!: string;

  @Field(() => String)
  newPassword!: string;
}

@InputType()
export class RefreshTokenInput {
  @Field(() => String)
  refreshToken!: string;
}

