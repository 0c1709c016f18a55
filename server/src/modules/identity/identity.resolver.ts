import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import type { AuthResult } from './identity.service.js';
import {
  AuthPayload,
  ChangePasswordInput,
  LoginInput,
  RefreshTokenInput,
  ResetPasswordInput,
  SignupInput,
  UpdateProfileInput,
  User,
  toUser,
} from './identity.type.js';

function toPayload(result: AuthResult): AuthPayload {
  return Object.assign(new AuthPayload(), {
    accessToken: result.accessToken,
    accessTokenExpiresAt: result.accessTokenExpiresAt,
    refreshToken: result.refreshToken,
    user: toUser(result.user, true),
  });
}

@Resolver()
export class IdentityResolver {
  @Query(() => User, { nullable: true, description: 'The signed-in user; null when the request carries no valid token.' })
  async me(@Ctx() ctx: GraphQLContext): Promise<User | null> {
    const user = await ctx.auth.userOrNull();
    return user ? toUser(user, true) : null;
  }

  @Mutation(() => AuthPayload)
  async signup(@Arg('input', () => SignupInput) input: SignupInput, @Ctx() ctx: GraphQLContext): Promise<AuthPayload> {
    return toPayload(await ctx.services.identity.signup(input));
  }

  @Mutation(() => AuthPayload, { description: 'Answers the same for an unknown e-mail and a wrong password. Rate limited.' })
  async login(@Arg('input', () => LoginInput) input: LoginInput, @Ctx() ctx: GraphQLContext): Promise<AuthPayload> {
    return toPayload(await ctx.services.identity.login(input, ctx.auth.address));
  }

  @Mutation(() => AuthPayload, { description: 'Spends a refresh token for a new pair. Spending one twice ends that login everywhere.' })
  async refreshToken(@Arg('input', () => RefreshTokenInput) input: RefreshTokenInput, @Ctx() ctx: GraphQLContext): Promise<AuthPayload> {
    return toPayload(await ctx.services.identity.refresh(input.refreshToken));
  }

  @Mutation(() => Boolean, { description: 'Ends every session of the signed-in user.' })
  async logout(@Ctx() ctx: GraphQLContext): Promise<boolean> {
    const user = await ctx.auth.user();
    await ctx.services.identity.logout(user._id);
    return true;
  }

  @Mutation(() => User)
  async updateProfile(@Arg('input', () => UpdateProfileInput) input: UpdateProfileInput, @Ctx() ctx: GraphQLContext): Promise<User> {
    const user = await ctx.auth.user();
    return toUser(await ctx.services.identity.updateProfile(user._id, input), true);
  }

  @Mutation(() => AuthPayload, { description: 'Ends every other session; returns fresh tokens for this one.' })
  async changePassword(@Arg('input', () => ChangePasswordInput) input: ChangePasswordInput, @Ctx() ctx: GraphQLContext): Promise<AuthPayload> {
    const user = await ctx.auth.user();
    return toPayload(await ctx.services.identity.changePassword(user._id, input));
  }

  @Mutation(() => Boolean, { description: 'E-mails a single-use reset link if the account exists. Answers true either way.' })
  async requestPasswordReset(@Arg('email', () => String) email: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.identity.requestPasswordReset(email);
    return true;
  }

  @Mutation(() => Boolean)
  async resetPassword(@Arg('input', () => ResetPasswordInput) input: ResetPasswordInput, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.identity.resetPassword(input);
    return true;
  }
}
